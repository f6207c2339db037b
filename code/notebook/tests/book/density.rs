//! 句子不要太长：中文编辑的审读（2026-12-06）按下面的办法数超过 100 个字的句子，
//! 当时全书有 44 句（这里数出 45 句），读者常常读到一半就要回头找主语。拆开之后是 0 句。
//! 这里用同一个办法数，超过上限就报告，让这个数一直低下去。
//!
//! 怎样数：只看正文，也就是代码块和 `{{#…}}` 指令行之外的文字（标题、列表、表格、
//! 图片的替代文字都算）；行内代码整段去掉，链接只留文字；在“。！？”之后断句，
//! 段落、标题、列表项、表格的格子各自结束一句。一句的长度是它的字符数（去掉首尾空白）。

use super::assert_none;
use super::model::{BOOK, parser};
use pulldown_cmark::{Event, Tag, TagEnd};

/// 一句超过这么多个字就算长句。
const LONG: usize = 100;

/// 全书最多这么多个长句（issue 26 定下的目标）。要加一个，先看看能不能拆开。
const MAX_LONG_SENTENCES: usize = 15;

/// 一页正文里的句子，按出现的顺序。
fn sentences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut finish = |current: &mut String| {
        let sentence = current.trim();
        if !sentence.is_empty() {
            found.push(sentence.to_string());
        }
        current.clear();
    };
    let mut in_code_block = false;
    for event in parser(text) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) if !in_code_block => {
                // 引入文件的指令不是正文（它单独成段，文字原样留在 Text 里）。
                if t.trim_start().starts_with("{{#") {
                    continue;
                }
                for c in t.chars() {
                    current.push(c);
                    if matches!(c, '。' | '！' | '？') {
                        finish(&mut current);
                    }
                }
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            )
            | Event::HardBreak
            | Event::Html(_) => finish(&mut current),
            _ => {}
        }
    }
    finish(&mut current);
    found
}

/// 长句：(页面, 字数, 句子)。
fn long_sentences() -> Vec<(&'static str, usize, String)> {
    BOOK.chapters
        .iter()
        .flat_map(|chapter| {
            sentences(&chapter.text).into_iter().filter_map(|s| {
                let count = s.chars().count();
                (count > LONG).then_some((chapter.file.as_str(), count, s))
            })
        })
        .collect()
}

/// 长句不超过 `MAX_LONG_SENTENCES` 句：一句话只说一件事，读者才不会读到一半回头找主语。
#[test]
fn few_sentences_are_longer_than_100_characters() {
    let long = long_sentences();
    eprintln!("超过 {LONG} 字的句子：{} 句", long.len());
    for (file, count, s) in &long {
        eprintln!("book/{file}（{count} 字）：{s}");
    }
    let problems = if long.len() > MAX_LONG_SENTENCES {
        long.iter()
            .map(|(file, count, s)| format!("book/{file}（{count} 字）：{s}"))
            .collect()
    } else {
        Vec::new()
    };
    assert_none(
        &format!(
            "超过 {LONG} 字的句子有 {} 句，最多 {MAX_LONG_SENTENCES} 句；把其中几句拆开",
            long.len()
        ),
        problems,
    );
}

#[test]
fn sentences_leave_out_code_and_split_at_full_stops() {
    let text = "一句，`代码` 在这里。二句？[链接](a.md#x)三句\n\n\
                ```text\n不算。\n```\n\n{{#include x.txt}}\n\n- 列表项\n- 另一项！\n\n\
                | 甲 | 乙 |\n|---|---|\n| 丙 | 丁。 |\n\n![替代文字。](a.svg)\n";
    assert_eq!(
        sentences(text),
        [
            "一句， 在这里。",
            "二句？",
            "链接三句",
            "列表项",
            "另一项！",
            "甲",
            "乙",
            "丙",
            "丁。",
            "替代文字。"
        ]
    );
}
