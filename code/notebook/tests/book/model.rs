//! 书的模型：`book/SUMMARY.md` 列出的每一章和其中的每个代码块。
//!
//! 整本书只解析一次（[`BOOK`]），每条规则是一个 `#[test]`，都读这同一个模型。
//! 代码块由 pulldown-cmark 读出，也就是 mdBook 渲染时用的那个解析器：
//! 缩进的围栏、`~~~`、列表项和 `<details>` 里的代码块，都和书页上看到的一样。

use std::collections::BTreeMap;
use std::sync::LazyLock;

use notebook::cells::{self, Cell};
use notebook::repo_root;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// 整本书，第一次用到时解析。
pub static BOOK: LazyLock<Book> = LazyLock::new(Book::load);

/// `code/examples/` 下全部代码单元。
pub static CELLS: LazyLock<Vec<Cell>> =
    LazyLock::new(|| cells::cells().expect("无法读取 code/examples/"));

pub struct Book {
    /// 按 SUMMARY.md 里的顺序。
    pub chapters: Vec<Chapter>,
}

pub struct Chapter {
    /// 文件名，例如 `ch01-01-spawn.md`。
    pub file: String,
    pub text: String,
    pub fences: Vec<Fence>,
}

/// Markdown 里的一个代码块。
#[derive(Debug)]
pub struct Fence {
    /// 所在章节的文件名。
    pub file: String,
    /// 开头那一行的行号，从 1 数起。
    pub line: usize,
    /// 围栏后面的信息串，例如 `rust,compile_fail,E0373`；缩进代码块没有围栏，是空的。
    pub info: String,
    pub body: String,
    /// 有结尾的围栏。没有结尾时，代码块一直延伸到所在的列表项或整章的末尾。
    pub closed: bool,
}

impl Book {
    fn load() -> Book {
        let summary = read("SUMMARY.md");
        let chapters = links(&summary)
            .into_iter()
            .map(|file| {
                let text = read(&file);
                let fences = fences(&file, &text);
                Chapter { file, text, fences }
            })
            .collect();
        Book { chapters }
    }

    /// 全书的代码块，按章节和行号排列。
    pub fn fences(&self) -> impl Iterator<Item = &Fence> {
        self.chapters.iter().flat_map(|c| &c.fences)
    }

    /// 每个代码块，连同同一章里紧挨在它前面和后面的代码块（中间可以隔着正文）。
    pub fn fences_in_context(
        &self,
    ) -> impl Iterator<Item = (Option<&Fence>, &Fence, Option<&Fence>)> {
        self.chapters.iter().flat_map(|chapter| {
            let fences = &chapter.fences;
            fences.iter().enumerate().map(|(i, fence)| {
                let previous = i.checked_sub(1).map(|p| &fences[p]);
                (previous, fence, fences.get(i + 1))
            })
        })
    }

    /// 名字 → 书里引入它的代码块，例如 `book.uses(Fence::cell)`：每个示例出现在哪里。
    pub fn uses<'a>(
        &'a self,
        name: impl Fn(&'a Fence) -> Option<&'a str>,
    ) -> BTreeMap<&'a str, Vec<&'a Fence>> {
        let mut uses: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for fence in self.fences() {
            if let Some(name) = name(fence) {
                uses.entry(name).or_default().push(fence);
            }
        }
        uses
    }
}

impl Chapter {
    /// 生成的页面的文件名，例如 `ch01-01-spawn.html`。
    pub fn page(&self) -> String {
        self.file.replace(".md", ".html")
    }

    /// 正文的字数：代码块之外的字符数（不是字节数），`{{#include …}}` 这样的指令行不算。
    pub fn prose_chars(&self) -> usize {
        prose_chars(&self.text)
    }
}

impl Fence {
    pub fn place(&self) -> String {
        format!("book/{} 第 {} 行", self.file, self.line)
    }

    pub fn lang(&self) -> &str {
        self.info.split([',', ' ']).next().unwrap_or("")
    }

    pub fn has_attr(&self, attr: &str) -> bool {
        self.attrs().any(|a| a == attr)
    }

    pub fn attrs(&self) -> impl Iterator<Item = &str> {
        self.info
            .split([',', ' '])
            .skip(1)
            .filter(|a| !a.is_empty())
    }

    /// 代码单元 `code/examples/NAME.rs`：返回 NAME。
    pub fn cell(&self) -> Option<&str> {
        self.included("rustdoc_include", "examples", ".rs")
    }

    /// 代码单元的输出 `code/outputs/NAME.txt`。
    pub fn output(&self) -> Option<&str> {
        self.included("include", "outputs", ".txt")
            .filter(|name| !name.contains('/'))
    }

    /// Python 程序 `code/python/NAME.py`。
    pub fn python(&self) -> Option<&str> {
        self.included("include", "python", ".py")
    }

    /// Python 程序的输出 `code/outputs/python/NAME.txt`。
    pub fn python_output(&self) -> Option<&str> {
        self.included("include", "outputs/python", ".txt")
    }

    /// 练习的起始代码 `code/exercises/NAME.rs`。
    pub fn starter(&self) -> Option<&str> {
        self.included("rustdoc_include", "exercises", ".rs")
    }

    /// 没有错误码的编译错误 `code/compile_fail/NAME.rs`。
    pub fn compile_fail_example(&self) -> Option<&str> {
        self.included("rustdoc_include", "compile_fail", ".rs")
    }

    /// 它的报错节选 `code/compile_fail/NAME.txt`。
    pub fn compile_fail_excerpt(&self) -> Option<&str> {
        self.included("include", "compile_fail", ".txt")
    }

    /// 整个文件都被引入（而不是 `NAME.rs:锚点` 圈出的一部分）。
    pub fn includes_whole_file(&self) -> bool {
        !self.body.contains(".rs:")
    }

    /// 若正文只有一行 `{{#directive ../code/DIR/NAME.EXT...}}`，返回 NAME。
    fn included(&self, directive: &str, dir: &str, ext: &str) -> Option<&str> {
        let mut lines = self.body.lines();
        let (Some(line), None) = (lines.next(), lines.next()) else {
            return None;
        };
        let inner = line.trim().strip_prefix("{{#")?.strip_suffix("}}")?;
        let path = inner.strip_prefix(directive)?.trim();
        let path = path.strip_prefix(&format!("../code/{dir}/"))?;
        let path = path.split(':').next()?;
        path.strip_suffix(ext)
    }
}

/// 与 mdBook 0.5 渲染各章时相同的解析选项（`mdbook_markdown::new_cmark_parser` 的默认值）。
pub fn parser(text: &str) -> Parser<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    Parser::new_ext(text, options)
}

/// 一章里的全部代码块，按出现的顺序。
pub fn fences(file: &str, text: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let line = line_of(text, range.start);
                let (info, closed) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_string(), closed(&text[range])),
                    CodeBlockKind::Indented => (String::new(), true),
                };
                open = Some(Fence {
                    file: file.into(),
                    line,
                    info,
                    body: String::new(),
                    closed,
                });
            }
            Event::Text(body) => {
                if let Some(fence) = &mut open {
                    fence.body.push_str(&body);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// `text` 里代码块之外的字符数，`{{#…}}` 指令行（引入的表格、代码）不算。
pub fn prose_chars(text: &str) -> usize {
    let mut prose = String::new();
    let mut start = 0;
    for (event, range) in parser(text).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(_)) = event {
            prose.push_str(&text[start..range.start]);
            start = range.end;
        }
    }
    prose.push_str(&text[start..]);
    prose
        .split_inclusive('\n')
        .filter(|line| !line.trim_start().starts_with("{{#"))
        .map(|line| line.chars().count())
        .sum()
}

/// `text[start]` 在第几行，从 1 数起。
fn line_of(text: &str, start: usize) -> usize {
    text[..start].matches('\n').count() + 1
}

/// 围栏代码块 `block` 有结尾的围栏：最后一行是同一种字符（`` ` `` 或 `~`），
/// 至少和开头一样长。列表项、引用块里的代码块，每行前面还有缩进或 `>`。
fn closed(block: &str) -> bool {
    /// 一行围栏：围栏字符、它重复的次数和后面的文字。
    fn fence(line: &str) -> Option<(char, usize, &str)> {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        let mark = line.chars().next()?;
        let rest = line.trim_start_matches(mark);
        Some((mark, line.len() - rest.len(), rest.trim()))
    }
    let mut lines = block.trim_end().lines();
    let (Some(first), Some(last)) = (lines.next(), lines.next_back()) else {
        return false;
    };
    match (fence(first), fence(last)) {
        (Some((open, opening, _)), Some((close, closing, ""))) => {
            open == close && closing >= opening
        }
        _ => false,
    }
}

/// SUMMARY.md 里链接到的全部 `.md` 文件，按出现的顺序。
fn links(summary: &str) -> Vec<String> {
    parser(summary)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.ends_with(".md") => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

fn read(file: &str) -> String {
    let path = repo_root().join("book").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("无法读取 book/{file}：{e}"))
}

/// 正文的字数不算代码块和指令行，数的是字符而不是字节。
#[test]
fn prose_chars_skip_code_and_directives() {
    let text = "# 标题\n\n正文。\n\n```rust\nfn main() {}\n```\n\n{{#include ../book/ch04/io.table}}\n- 列表：\n\n  ```text\n  输出\n  ```\n";
    assert_eq!(
        prose_chars(text),
        "# 标题\n\n正文。\n\n\n\n- 列表：\n\n  \n".chars().count()
    );
}

/// 解析器本身：书里有列表项里缩进的代码块、`<details>` 里的参考答案，都要找到。
#[test]
fn fences_in_lists_and_details_are_found() {
    let text = "\
1. 第一步：

   ```python
   print(1)
   ```

<details><summary>参考答案</summary>

~~~rust
{{#rustdoc_include ../code/examples/ch01_e1_x.rs}}
~~~

</details>

```text
没有结尾
";
    let found = fences("x.md", text);
    let summary: Vec<_> = found
        .iter()
        .map(|f| (f.line, f.lang(), f.body.as_str(), f.closed))
        .collect();
    assert_eq!(
        summary,
        [
            (3, "python", "print(1)\n", true),
            (
                9,
                "rust",
                "{{#rustdoc_include ../code/examples/ch01_e1_x.rs}}\n",
                true
            ),
            (15, "text", "没有结尾\n", false),
        ]
    );
    assert_eq!(found[1].cell(), Some("ch01_e1_x"));
}
