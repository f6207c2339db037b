//! `cargo run -- renumber`：按阅读顺序给代码单元、练习和 Python 程序重新编号。
//!
//! 阅读顺序就是 `book/SUMMARY.md` 列出各页的顺序，一页之内是代码块出现的先后。每一章里，
//! 代码单元依次是 `chNN_01_…`、`chNN_02_…`，练习依次是 `chNN_e1_…`、`chNN_e2_…`，
//! Python 程序另编一套 `chNN_01_…`；名字里主题的部分不变。
//!
//! 改名时，示例、输出、练习的起始代码和检查、Python 程序的文件一起改名，仓库里每个
//! 文本文件中提到旧名字的地方（书页的 `{{#include}}`、第一行的运行命令、测试、
//! `code/Cargo.toml` 里起始代码的登记、README……）都换成新名字。`tests/book.rs` 用
//! [`plan`] 检查编号与阅读顺序一致：有要改的名字，测试就失败，并提示运行这个命令。

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use crate::cells::{CHECK_SUFFIX, CellName, STARTER_SUFFIX};

/// 一个名字在书里出现的地方：示例（代码单元、练习的答案和起始代码）或 Python 程序。
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Rust,
    Python,
}

/// 要改的名字：旧名 → 新名，只列出真的要改的。
pub fn plan(root: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut renames = BTreeMap::new();
    // (种类, 章, 是不是练习) → 这一组里到目前为止编到几号。
    let mut counters: BTreeMap<(Kind, u32, bool), u32> = BTreeMap::new();
    for (kind, name) in reading_order(root)? {
        let Some(cell) = CellName::parse(&name) else {
            continue;
        };
        let exercise = cell.exercise.is_some();
        let number = counters.entry((kind, cell.chapter, exercise)).or_default();
        *number += 1;
        let new = cell.renumbered(*number);
        if new != name {
            renames.insert(name, new);
        }
    }
    Ok(renames)
}

/// 书里出现的代码单元和 Python 程序，按阅读顺序，每个名字只在第一次出现时列出。
fn reading_order(root: &Path) -> anyhow::Result<Vec<(Kind, String)>> {
    let summary =
        std::fs::read_to_string(root.join("book/SUMMARY.md")).context("读不到 book/SUMMARY.md")?;
    let mut seen = Vec::new();
    for page in summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
    {
        let text = std::fs::read_to_string(root.join("book").join(page))
            .with_context(|| format!("读不到 book/{page}"))?;
        for (kind, name) in included(&text) {
            if !seen.contains(&(kind, name.clone())) {
                seen.push((kind, name));
            }
        }
    }
    Ok(seen)
}

/// 一页里 `{{#include …}}`、`{{#rustdoc_include …}}` 引入的代码单元、起始代码和 Python 程序。
fn included(page: &str) -> Vec<(Kind, String)> {
    let mut found = Vec::new();
    for directive in page.split("{{#").skip(1) {
        let Some(path) = directive.split_whitespace().nth(1) else {
            continue;
        };
        let path = path.split([':', '}']).next().unwrap_or_default();
        let (kind, file) = if let Some(file) = path.strip_prefix("../code/examples/") {
            (Kind::Rust, file.strip_suffix(".rs"))
        } else if let Some(file) = path.strip_prefix("../code/exercises/") {
            (Kind::Rust, file.strip_suffix(".rs"))
        } else if let Some(file) = path.strip_prefix("../code/python/") {
            (Kind::Python, file.strip_suffix(".py"))
        } else {
            continue;
        };
        if let Some(name) = file {
            found.push((kind, name.to_owned()));
        }
    }
    found
}

/// 按 `renames` 改名：先改文件，再改仓库里每个文本文件中提到的旧名字。
/// 旧名和新名可能互换（`a → b`、`b → a`），所以文件先改成临时名字，再改成新名字。
pub fn apply(root: &Path, renames: &BTreeMap<String, String>) -> anyhow::Result<()> {
    let mut moves = Vec::new();
    for (old, new) in renames {
        for (dir, suffix) in FILES {
            let from = root.join(dir).join(format!("{old}{suffix}"));
            if from.exists() {
                let to = root.join(dir).join(format!("{new}{suffix}"));
                let temporary = root.join(dir).join(format!(".renumber-{old}{suffix}"));
                std::fs::rename(&from, &temporary)
                    .with_context(|| format!("无法改名 {}", from.display()))?;
                moves.push((temporary, to));
            }
        }
    }
    for (temporary, to) in moves {
        std::fs::rename(&temporary, &to).with_context(|| format!("无法改名为 {}", to.display()))?;
    }
    for path in text_files(root)? {
        let text = std::fs::read_to_string(&path)?;
        let changed = replace_names(&text, renames);
        if changed != text {
            std::fs::write(&path, changed)
                .with_context(|| format!("无法写入 {}", path.display()))?;
        }
    }
    Ok(())
}

/// 跟着名字一起改名的文件：目录和名字后面的部分。
const FILES: &[(&str, &str)] = &[
    ("code/examples", ".rs"),
    ("code/outputs", ".txt"),
    ("code/exercises", ".rs"),
    ("code/exercises", "_check.rs"),
    ("code/python", ".py"),
    ("code/outputs/python", ".txt"),
];

/// 仓库里 git 管着的文本文件（改名之后的路径）。
fn text_files(root: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let output = std::process::Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ])
        .current_dir(root)
        .output()
        .context("无法运行 git ls-files")?;
    anyhow::ensure!(output.status.success(), "git ls-files 失败");
    let listed = String::from_utf8(output.stdout).context("文件名不是 UTF-8")?;
    Ok(listed
        .split('\0')
        .filter(|name| !name.is_empty() && !name.ends_with(".lock"))
        .map(|name| root.join(name))
        .filter(|path| path.is_file())
        .collect())
}

/// 把 `text` 里作为一个完整名字出现的旧名换成新名。名字前后不能紧挨着字母、数字或
/// 下划线（`ch02_01_spawn` 不会错改 `ch02_01_spawner`），例外是起始代码和检查的后缀
/// `_starter`、`_check`：它们跟着名字一起改。
pub fn replace_names(text: &str, renames: &BTreeMap<String, String>) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(at) = rest.find("ch") {
        // 名字前面的那个字符：在 `rest` 里，或者（`rest` 从名字开始时）已经写出的最后一个。
        let before = rest[..at]
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        if !before.is_some_and(word) {
            for (old, new) in renames {
                let Some(after) = rest[at..].strip_prefix(old.as_str()) else {
                    continue;
                };
                let tail = [STARTER_SUFFIX, CHECK_SUFFIX]
                    .iter()
                    .find_map(|suffix| after.strip_prefix(suffix))
                    .unwrap_or(after);
                if !tail.chars().next().is_some_and(word) {
                    out.push_str(&rest[..at]);
                    out.push_str(new);
                    rest = after;
                    continue 'scan;
                }
            }
        }
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_names_are_replaced_with_their_suffixes_and_nothing_else() {
        let renames = BTreeMap::from([
            ("ch02_05_spawn".to_owned(), "ch02_01_spawn".to_owned()),
            ("ch02_01_mutex".to_owned(), "ch02_05_mutex".to_owned()),
            ("ch02_e3_pool".to_owned(), "ch02_e1_pool".to_owned()),
        ]);
        let text = "ch02_05_spawn ch02_01_mutex.rs ch02_05_spawner xch02_05_spawn \
                    ch02_e3_pool_starter ch02_e3_pool_check.rs ch02_e3_pool_other";
        assert_eq!(
            replace_names(text, &renames),
            "ch02_01_spawn ch02_05_mutex.rs ch02_05_spawner xch02_05_spawn \
             ch02_e1_pool_starter ch02_e1_pool_check.rs ch02_e3_pool_other"
        );
    }

    #[test]
    fn directives_name_cells_starters_and_python_programs() {
        let page = "{{#rustdoc_include ../code/examples/ch01_02_a.rs:main}}\n\
                    {{#include ../code/outputs/ch01_02_a.txt}}\n\
                    {{#include ../code/exercises/ch01_e1_b.rs}}\n\
                    {{#include ../code/python/ch01_01_c.py}}\n{{#include ../images/x.svg}}";
        assert_eq!(
            included(page),
            [
                (Kind::Rust, "ch01_02_a".to_owned()),
                (Kind::Rust, "ch01_e1_b".to_owned()),
                (Kind::Python, "ch01_01_c".to_owned()),
            ]
        );
    }
}
