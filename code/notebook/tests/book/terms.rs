//! 一个概念一个名字：术语表（`book/appendix-05-glossary.md`）为每个概念定下一个中文词，
//! 这里的表列出不再使用的说法和应改用的词，正文里出现就报告。

use super::assert_none;
use super::model::{BOOK, parser};
use pulldown_cmark::{Event, Tag, TagEnd};

/// （不再使用的说法，改用）。改了术语表里的选择，也改这里。
const RETIRED: &[(&str, &str)] = &[
    ("质数", "素数"),
    ("工人线程", "工作线程"),
    ("并发单位", "执行单元"),
    ("并发单元", "执行单元"),
    ("原笔记", "笔记"),
    ("发送者", "发送方"),
    ("接收者", "接收方"),
    ("互斥量", "互斥锁"),
];

/// 术语表自己要说出哪些说法不用：那一页上写着“不用”的行可以提到它们。
const GLOSSARY: &str = "appendix-05-glossary.md";

/// 一页的正文，逐行（行号从 1 数起）：代码块、行内代码、链接的地址和 `{{#…}}` 指令行（引入的文件）
/// 换成空白。
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    let mut masked = text.as_bytes().to_vec();
    let mut blank = |range: std::ops::Range<usize>| {
        for byte in &mut masked[range] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => blank(range),
            Event::End(TagEnd::Link) => match text[range.clone()].rfind("](") {
                Some(at) => blank(range.start + at..range.end),
                None => blank(range),
            },
            _ => {}
        }
    }
    // 换掉的是整段代码、整个链接或从 `](` 到 `)`，边界都是 ASCII 字符，留下的仍是完整的 UTF-8。
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
            for (retired, instead) in RETIRED {
                if line.contains(retired) {
                    problems.push(format!(
                        "book/{} 第 {number} 行：“{retired}”改成“{instead}”（见术语表 {GLOSSARY}）",
                        chapter.file
                    ));
                }
            }
        }
    }
    assert_none("不再使用的说法", problems);
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
    assert_eq!(lines, ["1:质数", "7:素数", "8:[原笔记的下载例子 [见"]);
}
