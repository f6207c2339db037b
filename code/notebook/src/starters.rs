//! 练习的起始代码由参考答案生成：一道练习只有一份源代码。
//!
//! 参考答案 `code/examples/chNN_eM_主题.rs` 里，要读者自己写的函数体的第一行是
//! `// 练习：要做什么`。起始代码 `code/exercises/chNN_eM_主题.rs` 就是同一个程序，
//! 只是这些函数体换成 `todo!("要做什么")`；第一行以 `// 练习（整个函数）` 开头的函数
//! （答案自己的辅助函数）整个去掉。开头的说明换成起始代码的说明，末尾引入检查
//! （`#[cfg(test)] mod check;`）。
//!
//! `cargo run -- starters` 重新生成全部起始代码；`tests/starters.rs` 核对它们没有被手改。

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::cells::{CellName, check_file, example_names, starter_line};
use crate::repo_root;

/// 函数体第一行以它开头：这个函数体由读者来写，后面是给读者的提示。
const TODO: &str = "// 练习：";
/// 函数体第一行以它开头：整个函数是答案自己的辅助函数，起始代码里没有。
const WHOLE: &str = "// 练习（整个函数）";

/// 每道练习的（参考答案，起始代码）路径，按名字排序。
pub fn exercises() -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let root = repo_root();
    let mut pairs = Vec::new();
    for name in example_names()? {
        if CellName::parse(&name).is_some_and(|cell| cell.exercise.is_some()) {
            pairs.push((
                root.join("code/examples").join(format!("{name}.rs")),
                root.join("code/exercises").join(format!("{name}.rs")),
            ));
        }
    }
    Ok(pairs)
}

/// 由参考答案 `solution`（示例名 `name`，例如 `ch02_e1_parallel_sum`）生成起始代码。
pub fn starter(name: &str, solution: &str) -> anyhow::Result<String> {
    let number = CellName::parse(name)
        .and_then(|cell| cell.exercise_number())
        .with_context(|| format!("{name} 不是练习的名字"))?;
    let mut lines: Vec<String> = solution.lines().map(str::to_owned).collect();
    let header = lines.iter().take_while(|l| l.starts_with("//!")).count();
    let description = lines
        .get(2)
        .and_then(|l| l.strip_prefix(&format!("//! 练习 {number} 的参考答案：")))
        .with_context(|| format!("{name}：第三行应是“//! 练习 {number} 的参考答案：……”"))?
        .to_owned();

    // 从后往前改：前面的行号不受影响。
    let mut changed = 0;
    for marker in (0..lines.len()).rev() {
        let trimmed = lines[marker].trim();
        if trimmed.starts_with(WHOLE) {
            remove_function(&mut lines, marker, name)?;
            changed += 1;
        } else if let Some(hint) = trimmed.strip_prefix(TODO) {
            let hint = hint.to_owned();
            replace_body(&mut lines, marker, &hint, name)?;
            changed += 1;
        }
    }
    if changed == 0 {
        bail!("{name}：没有一行“{TODO}……”，不知道哪些函数体要读者来写");
    }

    let mut out = vec![
        starter_line(name).expect("上面已确认是练习的名字"),
        "//!".to_owned(),
        "//! 起始代码：把 todo!() 换成你的实现，直到测试通过。".to_owned(),
        format!("//! {description}"),
    ];
    out.extend(lines[3..header].iter().cloned());
    out.push("#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行".to_owned());
    out.extend(lines[header..].iter().cloned());
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.push(String::new());
    out.push("#[cfg(test)]".to_owned());
    out.push(format!("#[path = \"{}\"]", check_file(name)));
    out.push("mod check;".to_owned());
    Ok(out.join("\n") + "\n")
}

/// 把第 `marker` 行所在的函数体换成 `todo!("hint")`。
fn replace_body(
    lines: &mut Vec<String>,
    marker: usize,
    hint: &str,
    name: &str,
) -> anyhow::Result<()> {
    let (open_line, close_line) = body_of(lines, marker, name)?;
    let indent = indentation(&lines[marker]);
    let open = &lines[open_line];
    let head = open[..open.rfind('{').expect("body_of 找到的行以 { 结尾") + 1].to_owned();
    let close = lines[close_line].clone();
    let replacement = vec![head, format!("{indent}todo!(\"{hint}\")"), close];
    lines.splice(open_line..=close_line, replacement);
    Ok(())
}

/// 去掉第 `marker` 行所在的整个函数，连同它上面的文档注释、属性和一个空行。
fn remove_function(lines: &mut Vec<String>, marker: usize, name: &str) -> anyhow::Result<()> {
    let (open_line, close_line) = body_of(lines, marker, name)?;
    let mut start = open_line;
    // 函数签名可能占好几行：往上找到 `fn` 所在的行，再越过文档注释和属性。
    while start > 0 && !lines[start].contains("fn ") {
        start -= 1;
    }
    while start > 0 {
        let above = lines[start - 1].trim_start();
        if above.starts_with("///") || above.starts_with("#[") {
            start -= 1;
        } else {
            break;
        }
    }
    if start > 0 && lines[start - 1].trim().is_empty() {
        start -= 1;
    }
    lines.drain(start..=close_line);
    Ok(())
}

/// 第 `marker` 行（函数体的第一行）所在的函数体：返回 `{` 所在的行和配对的 `}` 所在的行。
/// `{` 是签名那一行的最后一个字符；配对时跳过字符串、字符和注释里的括号。
fn body_of(lines: &[String], marker: usize, name: &str) -> anyhow::Result<(usize, usize)> {
    let open_line = (0..marker)
        .rev()
        .find(|&i| !lines[i].trim().is_empty())
        .filter(|&i| lines[i].trim_end().ends_with('{'))
        .with_context(|| format!("{name} 第 {} 行：“练习”必须是函数体的第一行", marker + 1))?;
    let text: String = lines[open_line..].join("\n");
    let start = lines[open_line].trim_end().len() - 1;
    let end = matching_brace(&text, start)
        .with_context(|| format!("{name} 第 {} 行：找不到配对的 }}", open_line + 1))?;
    let close_line = open_line + text[..end].matches('\n').count();
    Ok((open_line, close_line))
}

/// `text[open]` 是 `{`：返回与它配对的 `}` 的位置。
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
                continue;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) && !is_ident(bytes, i) => {
                // 原始字符串 r"…"、r#"…"#：找到同样多个 # 的结尾。
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let body = i + 2 + hashes;
                let end = format!("\"{}", "#".repeat(hashes));
                i = body + text[body..].find(&end)? + end.len();
                continue;
            }
            b'"' => {
                i += 1;
                while bytes.get(i)? != &b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            // 字符 '{'、'\''；生命周期 'a 后面不是 '，照常往下。
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while bytes.get(i)? != &b'\'' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `bytes[i]` 是不是某个标识符的一部分（例如 `bar"` 里的 `r`）。
fn is_ident(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = r##"//! 运行：cargo run --example ch09_e1_demo
//!
//! 练习 9.1 的参考答案：演示。
use std::fmt::Write;

/// 加起来。
pub fn add(a: u32, b: u32) -> u32 {
    // 练习：把两个数加起来
    let text = format!("{}", '{');
    let _ = text;
    a + b
}

/// 答案自己的辅助函数。
fn helper() -> &'static str {
    // 练习（整个函数）：起始代码里没有它
    r#"}"#
}

fn main() {
    println!("{}", add(1, 2));
}
"##;

    #[test]
    fn bodies_become_todo_and_helpers_go() {
        let starter = starter("ch09_e1_demo", SOLUTION).unwrap();
        assert_eq!(
            starter,
            r#"//! 练习 9.1：cargo test --example ch09_e1_demo_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 演示。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::fmt::Write;

/// 加起来。
pub fn add(a: u32, b: u32) -> u32 {
    todo!("把两个数加起来")
}

fn main() {
    println!("{}", add(1, 2));
}

#[cfg(test)]
#[path = "ch09_e1_demo_check.rs"]
mod check;
"#
        );
    }

    #[test]
    fn a_solution_without_markers_is_refused() {
        let plain = SOLUTION
            .replace("// 练习：把两个数加起来", "")
            .replace("// 练习（整个函数）", "");
        assert!(starter("ch09_e1_demo", &plain).is_err());
    }
}
