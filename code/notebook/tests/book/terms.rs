//! 一个概念一个名字：术语表（`book/appendix-05-glossary.md`）为每个概念定下一个中文词，
//! 这里的表列出不再使用的说法和应改用的词。正文里出现就报告；代码单元、练习和书里的
//! Python 程序的注释和打印的文字也一样，读者在书页上读到的是同一套说法。

use std::path::Path;

use super::assert_none;
use super::model::{BOOK, parser};
use notebook::repo_root;
use pulldown_cmark::{Event, Tag, TagEnd};

/// 一个不再使用的说法。
struct Retired {
    word: &'static str,
    /// 改用什么。
    instead: &'static str,
    /// 含有 `word`、却是另一个词的写法，照常可以用（“许可证”里的“许可”）。
    allowed: &'static [&'static str],
    /// 只查正文：代码和程序的输出里它另有意思（`dump_traceback`、加速比的“1.9×”）。
    prose_only: bool,
}

const fn retired(word: &'static str, instead: &'static str) -> Retired {
    Retired {
        word,
        instead,
        allowed: &[],
        prose_only: false,
    }
}

/// 改了术语表里的选择，也改这里。
const RETIRED: &[Retired] = &[
    retired("质数", "素数"),
    retired("工人线程", "工作线程"),
    retired("并发单位", "执行单元"),
    retired("并发单元", "执行单元"),
    retired("原笔记", "笔记"),
    retired("发送者", "发送方"),
    retired("接收者", "接收方"),
    retired("互斥量", "互斥锁"),
    retired("名额", "许可证"),
    Retired {
        allowed: &["许可证"],
        ..retired("许可", "许可证")
    },
    retired("类型标注", "类型注解"),
    retired("格式串", "格式字符串"),
    retired("冲掉", "刷新（flush）"),
    retired("计时器", "定时器"),
    retired("析构", "丢弃（drop），或说 `Drop` 运行"),
    retired("主动释放", "主动丢弃"),
    retired("口令", "令牌"),
    Retired {
        allowed: &["平均负载"],
        ..retired(
            "负载",
            "载荷（panic 的 payload）；load average 写全“平均负载”",
        )
    },
    retired("登记", "注册"),
    retired("接住", "捕获（异常、panic）或处理（信号）"),
    Retired {
        allowed: &["回溯（traceback）"],
        prose_only: true,
        ..retired("traceback", "回溯")
    },
    Retired {
        // 附录里说输出的比对时，引的就是程序打印的加速比。
        allowed: &["“1.9×”"],
        prose_only: true,
        ..retired("×", "倍（“×”只留给程序的输出）")
    },
    retired("我们", "你，或者不用人称"),
    retired("回声", "回显"),
    retired("转印", "原样打印"),
    retired("数词", "统计词数"),
    retired("对应物", "对应的……，或换个说法"),
    retired("套路", "做法"),
    // 具体的第三方库叫 crate；“包”只指 Cargo 的包（package）。行内代码在这里换成了 `。
    Retired {
        allowed: &["` 包一层", "` 包装", "` 包住"],
        ..retired("` 包", "` crate")
    },
    retired("这个包", "这个 crate"),
];

impl Retired {
    /// `line` 里有这个说法（去掉允许的写法之后）。
    fn found_in(&self, line: &str) -> bool {
        let mut line = line.to_string();
        for allowed in self.allowed {
            line = line.replace(allowed, "");
        }
        line.contains(self.word)
    }
}

/// 术语表自己要说出哪些说法不用：那一页上写着“不用”的行可以提到它们。
const GLOSSARY: &str = "appendix-05-glossary.md";

/// 一页的正文，逐行（行号从 1 数起）：代码块、链接的地址和 `{{#…}}` 指令行（引入的文件）
/// 换成空白，行内代码换成同样长的一串 `。
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    let mut masked = text.as_bytes().to_vec();
    let mut fill = |range: std::ops::Range<usize>, with: u8| {
        for byte in &mut masked[range] {
            if *byte != b'\n' {
                *byte = with;
            }
        }
    };
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => fill(range, b' '),
            // 行内代码留下一串 `：看得出那里有代码（“`futures` 包”），又不会被当成正文里的字。
            Event::Code(_) => fill(range, b'`'),
            Event::End(TagEnd::Link) => match text[range.clone()].rfind("](") {
                Some(at) => fill(range.start + at..range.end, b' '),
                None => fill(range, b' '),
            },
            _ => {}
        }
    }
    // 换掉的是整段代码或从 `](` 到 `)`，边界都是 ASCII 字符，留下的仍是完整的 UTF-8。
    let masked = String::from_utf8(masked).expect("换掉的部分以 ASCII 字符为界");
    masked
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("{{#"))
        .map(|(i, line)| (i + 1, line.to_string()))
        .collect()
}

/// 术语表定下的词全书通用：不再使用的说法（`RETIRED`）不回到正文里。
#[test]
fn retired_terms_do_not_come_back() {
    let mut problems = Vec::new();
    for chapter in &BOOK.chapters {
        for (number, line) in prose_lines(&chapter.text) {
            if chapter.file == GLOSSARY && line.contains("不用") {
                continue;
            }
            // 术语表的表格里有一栏英文名，“traceback”在那里正是该写的。
            let english_column = chapter.file == GLOSSARY && line.starts_with('|');
            let retired = RETIRED.iter().filter(|r| !(english_column && r.prose_only));
            for retired in retired.filter(|r| r.found_in(&line)) {
                problems.push(format!(
                    "book/{} 第 {number} 行：“{}”改成“{}”（见术语表 {GLOSSARY}）",
                    chapter.file, retired.word, retired.instead
                ));
            }
        }
    }
    assert_none("不再使用的说法", problems);
}

/// 书页上展示的程序：代码单元（`code/examples/`）、练习（`code/exercises/`）、编译不过的
/// 例子（`code/compile_fail/`）和 Python 程序（`code/python/`）。只看这几个目录本身：
/// 子目录里的基准测试和画图程序是完整的程序，书里只展示它们写出的表和图。
const PROGRAMS: &[&str] = &[
    "code/examples",
    "code/exercises",
    "code/compile_fail",
    "code/python",
];

/// `dir` 里的 `.rs` 和 `.py` 文件，相对于仓库根目录。
fn programs_in(root: &Path, dir: &str, found: &mut Vec<String>) {
    let entries =
        std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("无法读取 {dir}/：{e}"));
    for entry in entries {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") || name.ends_with(".py") {
            found.push(format!("{dir}/{name}"));
        }
    }
}

/// 程序里的注释和打印的文字也用术语表的词：书页上展示的就是它们。
#[test]
fn retired_terms_stay_out_of_the_programs_too() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in PROGRAMS {
        programs_in(&root, dir, &mut files);
    }
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (index, line) in text.lines().enumerate() {
            let retired = RETIRED.iter().filter(|r| !r.prose_only);
            for retired in retired.filter(|r| r.found_in(line)) {
                problems.push(format!(
                    "{file} 第 {} 行：“{}”改成“{}”（见术语表 book/{GLOSSARY}）",
                    index + 1,
                    retired.word,
                    retired.instead
                ));
            }
        }
    }
    assert_none("程序里不再使用的说法", problems);
}

#[test]
fn prose_lines_skip_code_and_directives() {
    let text = "质数\n`质数`\n```text\n质数\n```\n{{#include x.txt}}\n素数\n\
                [原笔记的下载例子](a.md#原笔记的下载例子)[见](b.md#原笔记)\n";
    let lines: Vec<String> = prose_lines(text)
        .into_iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| format!("{n}:{}", l.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert_eq!(
        lines,
        ["1:质数", "2:````````", "7:素数", "8:[原笔记的下载例子 [见"]
    );
}

#[test]
fn allowed_words_are_not_retired_terms() {
    let permit = RETIRED.iter().find(|r| r.word == "许可").unwrap();
    assert!(permit.found_in("先拿许可，再干活"));
    assert!(!permit.found_in("先拿许可证，再干活"));
    let package = RETIRED.iter().find(|r| r.word == "` 包").unwrap();
    let line = |text: &str| prose_lines(text).remove(0).1;
    assert!(package.found_in(&line("`futures` 包里的组合子")));
    assert!(!package.found_in(&line("把 `Child` 包一层")));
}
