//! 书本身的检查：能干净地构建；每个代码单元都按同一种方式写成，
//! 即“示例文件 + 紧随其后的真实输出”；没有被忽略的代码块。

use std::collections::BTreeMap;
use std::path::Path;

use notebook::{outputs, repo_root};

/// Markdown 里的一个围栏代码块。
#[derive(Debug)]
struct Fence {
    file: String,
    line: usize,
    info: String,
    body: Vec<String>,
}

impl Fence {
    fn place(&self) -> String {
        format!("book/{} 第 {} 行", self.file, self.line)
    }
    fn lang(&self) -> &str {
        self.info.split([',', ' ']).next().unwrap_or("")
    }
    fn attrs(&self) -> impl Iterator<Item = &str> {
        self.info
            .split([',', ' '])
            .skip(1)
            .filter(|a| !a.is_empty())
    }
    /// 若正文只有一行 `{{#directive ../code/DIR/NAME.EXT...}}`，返回 NAME。
    fn included(&self, directive: &str, dir: &str, ext: &str) -> Option<&str> {
        let [line] = self.body.as_slice() else {
            return None;
        };
        let inner = line.trim().strip_prefix("{{#")?.strip_suffix("}}")?;
        let path = inner.strip_prefix(directive)?.trim();
        let path = path.strip_prefix(&format!("../code/{dir}/"))?;
        let path = path.split(':').next()?;
        path.strip_suffix(ext)
    }
}

fn fences(file: &str, text: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<(usize, Fence)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let ticks = trimmed.chars().take_while(|&c| c == '`').count();
        match &mut open {
            Some((width, _)) if ticks >= *width && trimmed[ticks..].trim().is_empty() => {
                found.push(open.take().unwrap().1);
            }
            Some((_, fence)) => fence.body.push(line.to_string()),
            None if ticks >= 3 => {
                let info = trimmed[ticks..].trim().to_string();
                let body = Vec::new();
                open = Some((
                    ticks,
                    Fence {
                        file: file.into(),
                        line: index + 1,
                        info,
                        body,
                    },
                ));
            }
            None => {}
        }
    }
    assert!(open.is_none(), "book/{file}：有一个代码块没有闭合");
    found
}

fn chapters() -> BTreeMap<String, String> {
    let dir = repo_root().join("book");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// HTML 里某个属性的所有值，例如 `attribute_values(html, "id")`。
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let prefix = format!(" {attribute}=\"");
    html.split(prefix.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(value, _)| value.to_string())
        .collect()
}

#[test]
fn the_book_builds_without_warnings() {
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-test");
    let (out, warnings) = notebook::build_book(Some(&dest)).unwrap();
    assert!(
        warnings.is_empty(),
        "mdBook 的警告：\n{}",
        warnings.join("\n")
    );
    assert!(out.join("index.html").is_file());

    // SUMMARY.md 里列出的每一章都生成了页面，book/ 里每个页面都在 SUMMARY.md 里。
    let summary = std::fs::read_to_string(repo_root().join("book/SUMMARY.md")).unwrap();
    let mut pages = BTreeMap::new(); // 页面文件名 → 生成的 HTML，下面查链接时再用
    for (name, text) in chapters() {
        if name == "SUMMARY.md" {
            continue;
        }
        assert!(
            summary.contains(&format!("({name})")),
            "book/{name} 没有列在 SUMMARY.md 里"
        );
        let html = out.join(name.replace(".md", ".html"));
        let html = std::fs::read_to_string(&html).unwrap_or_else(|_| panic!("缺少 {html:?}"));
        // 读者看到的 Rust 代码块，正好是下面逐个检查过的那些。
        let shown = html.matches(r#"<code class="language-rust"#).count();
        let written = fences(&name, &text)
            .iter()
            .filter(|f| f.lang() == "rust")
            .count();
        assert_eq!(
            shown, written,
            "book/{name}：页面上的 Rust 代码块数目与源文件不符"
        );
        pages.insert(name.replace(".md", ".html"), html);
    }

    // 指向某一节的链接（`#节`、`别的页.html#节`）都找得到那一节：改了标题而没改链接时，
    // 浏览器只会停在页首，不报错，所以在这里查。
    let ids: BTreeMap<&str, Vec<String>> = pages
        .iter()
        .map(|(page, html)| (page.as_str(), attribute_values(html, "id")))
        .collect();
    for (page, html) in &pages {
        for href in attribute_values(html, "href") {
            let Some((target, id)) = href.split_once('#') else {
                continue;
            };
            if target.contains("://") {
                continue;
            }
            let target = if target.is_empty() { page } else { target };
            assert!(
                ids.get(target)
                    .is_some_and(|ids| ids.iter().any(|i| i == id)),
                "{page}：链接 {href} 指向的那一节不存在"
            );
        }
    }

    // 中文搜索收录了每一章，而不是多收（print.html、index.html）或漏收。
    let pages = notebook::index_for_search(&out).unwrap();
    assert_eq!(
        pages,
        chapters().len() - 1,
        "搜索索引收录的页数与 SUMMARY.md 的章节数不符"
    );
}

#[test]
fn every_code_block_follows_the_cell_rules() {
    let cells = outputs::cells().unwrap();
    let mut shown_in: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut output_after: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut starters_shown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut problems = Vec::new();

    for (file, text) in chapters() {
        let fences = fences(&file, &text);
        for (i, fence) in fences.iter().enumerate() {
            let place = fence.place();
            if fence.info.is_empty() {
                problems.push(format!(
                    "{place}：代码块必须标明语言（rust、text、console、python…）"
                ));
            }
            if fence.info.contains("ignore") {
                problems.push(format!("{place}：不允许 ignore"));
            }
            if let Some(name) = fence.included("include", "outputs", ".txt") {
                let previous = i
                    .checked_sub(1)
                    .and_then(|p| fences[p].included("rustdoc_include", "examples", ".rs"));
                if fence.lang() != "text" || previous != Some(name) {
                    problems.push(format!(
                        "{place}：输出 {name}.txt 必须是 text 代码块，紧跟在 {name}.rs 的代码之后"
                    ));
                }
                output_after
                    .entry(name.into())
                    .or_default()
                    .push(place.clone());
            }
            if fence.lang() != "rust" {
                continue;
            }
            if fence.attrs().any(|a| a == "compile_fail") {
                let has_code = fence.attrs().any(|a| a.len() == 5 && a.starts_with('E'));
                // 没有错误码的编译错误：例子在 code/compile_fail/ 里，紧跟着它的报错节选，
                // 由 tests/compile_fail.rs 用真实的编译核对。
                let checked = fence
                    .included("rustdoc_include", "compile_fail", ".rs")
                    .filter(|name| {
                        let next = fences.get(i + 1);
                        next.and_then(|f| f.included("include", "compile_fail", ".txt"))
                            == Some(*name)
                    });
                if !has_code && checked.is_none() {
                    problems.push(format!(
                        "{place}：compile_fail 必须写明错误码（例如 compile_fail,E0373）；\
                         没有错误码的错误，例子放在 code/compile_fail/NAME.rs，后面紧跟 NAME.txt 的报错节选"
                    ));
                }
                continue;
            }
            // 练习的起始代码：它的 main 走到 todo!() 就 panic，文档测试断言的正是这一点。
            if let Some(name) = fence.included("rustdoc_include", "exercises", ".rs") {
                if !fence.attrs().any(|a| a == "should_panic") {
                    problems.push(format!(
                        "{place}：起始代码 {name}.rs 必须标成 rust,should_panic"
                    ));
                }
                let prefix = name.split('_').next().unwrap();
                if !file.starts_with(&format!("{prefix}-")) {
                    problems.push(format!("{place}：{name} 应该出现在 book/{prefix}-*.md"));
                }
                starters_shown.entry(name.into()).or_default().push(place);
                continue;
            }
            match fence.included("rustdoc_include", "examples", ".rs") {
                Some(name) => {
                    let prefix = name.split('_').next().unwrap();
                    if !file.starts_with(&format!("{prefix}-")) {
                        problems.push(format!("{place}：{name} 应该出现在 book/{prefix}-*.md"));
                    }
                    // 整个文件引入时，ANCHOR 标记行会原样出现在读者面前。
                    let whole = !fence.body[0].contains(".rs:");
                    let source = repo_root().join(format!("code/examples/{name}.rs"));
                    let source = std::fs::read_to_string(source).unwrap_or_default();
                    if whole && source.contains("// ANCHOR") {
                        problems.push(format!("{place}：{name}.rs 有 ANCHOR 标记，却被整个引入"));
                    }
                    shown_in.entry(name.into()).or_default().push(place);
                }
                None => problems.push(format!(
                    "{place}：可运行的代码必须放在 code/examples/ 里，用 {{{{#rustdoc_include ../code/examples/NAME.rs}}}} 引入"
                )),
            }
        }
    }

    for cell in &cells {
        let name = &cell.name;
        let source = std::fs::read_to_string(&cell.source).unwrap();
        let first = cell.run_line();
        if source.lines().next() != Some(first.as_str()) {
            problems.push(format!("code/examples/{name}.rs：第一行必须是 `{first}`"));
        }
        if !shown_in.contains_key(name) {
            problems.push(format!("code/examples/{name}.rs 没有出现在书里"));
        }
        match output_after.get(name).map(Vec::len) {
            Some(1) => {}
            None => problems.push(format!("code/outputs/{name}.txt 没有出现在书里")),
            Some(n) => problems.push(format!("code/outputs/{name}.txt 在书里出现了 {n} 次")),
        }
        if !cell.output.is_file() {
            problems.push(format!(
                "缺少 code/outputs/{name}.txt（运行 cargo run -- outputs {name}）"
            ));
        }
    }
    // 练习：code/exercises/NAME.rs 是起始代码（NAME_check.rs 是它和答案共用的测试），
    // 有同名的参考答案 code/examples/NAME.rs，在 code/Cargo.toml 里登记为 NAME_starter，并出现在书里。
    let manifest = std::fs::read_to_string(repo_root().join("code/Cargo.toml")).unwrap();
    let mut starters = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("code/exercises")).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix(".rs")
            && !name.ends_with("_check")
        {
            starters.push(name.to_string());
        }
    }
    for name in &starters {
        if !cells.iter().any(|c| &c.name == name) {
            problems.push(format!(
                "code/exercises/{name}.rs 没有参考答案 code/examples/{name}.rs"
            ));
        }
        if !manifest.contains(&format!("path = \"exercises/{name}.rs\"")) {
            problems.push(format!(
                "code/exercises/{name}.rs 没有在 code/Cargo.toml 里登记为 [[example]] {name}_starter"
            ));
        }
        match starters_shown.get(name).map(Vec::len) {
            Some(1) => {}
            None => problems.push(format!("code/exercises/{name}.rs 没有出现在书里")),
            Some(n) => problems.push(format!("code/exercises/{name}.rs 在书里出现了 {n} 次")),
        }
    }
    for name in starters_shown.keys() {
        if !starters.contains(name) {
            problems.push(format!("书里引用了不存在的 code/exercises/{name}.rs"));
        }
    }
    // 不是代码单元的示例（完整的程序，如基准测试）：书里必须告诉读者怎么运行它。
    let all_text: String = chapters().into_values().collect();
    for name in outputs::example_names().unwrap() {
        if !outputs::is_cell(&name) && !all_text.contains(&format!("--example {name}")) {
            problems.push(format!(
                "code/examples/{name}.rs：书里没有给出运行它的命令（cargo run … --example {name}）"
            ));
        }
    }
    for entry in std::fs::read_dir(repo_root().join("code/outputs")).unwrap() {
        let name = entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .replace(".txt", "");
        if !cells.iter().any(|c| c.name == name) {
            problems.push(format!("code/outputs/{name}.txt 没有对应的示例"));
        }
    }
    for name in shown_in.keys() {
        if !cells.iter().any(|c| &c.name == name) {
            problems.push(format!("书里引用了不存在的 code/examples/{name}.rs"));
        }
    }

    assert!(
        problems.is_empty(),
        "代码单元的问题：\n{}",
        problems.join("\n")
    );
}
