//! 书里的代码单元和 Python 程序：它们叫什么、在哪里、第一行怎样写运行命令。
//!
//! 名字的规矩只在这里解析一次：代码单元是 `chNN_MM_主题`（第 NN 章），练习的参考答案是
//! `chNN_eM_主题`（练习 N.M）。生成输出（[`crate::outputs`]）、生成起始代码
//! （[`crate::starters`]）、「检查」（`server::check`）和测试都从这里取。

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::{repo_root, write_if_changed};

/// 一个代码单元或练习的名字，例如 `ch02_03_mutex`、`ch02_e1_parallel_sum`。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellName<'a> {
    name: &'a str,
    /// 第几章（`chNN` 的 NN）。
    pub chapter: u32,
    /// 练习的编号（`chNN_eM` 的 M）；不是练习时为 `None`。
    pub exercise: Option<u32>,
}

impl<'a> CellName<'a> {
    /// 解析名字：`ch` + 两位数字 + `_` + 至少一个字符，只由小写字母、数字和下划线组成
    /// （名字可能来自页面，决不能变成 `../` 之类的路径）。不合规矩时为 `None`。
    pub fn parse(name: &'a str) -> Option<Self> {
        let rest = name.strip_prefix("ch")?;
        let digits = rest.get(..2)?;
        let tail = rest.get(2..)?.strip_prefix('_')?;
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
        if !digits.bytes().all(|b| b.is_ascii_digit())
            || tail.is_empty()
            || !name.bytes().all(allowed)
        {
            return None;
        }
        let exercise = tail.strip_prefix('e').and_then(|e| {
            let number: String = e.chars().take_while(char::is_ascii_digit).collect();
            let after = &e[number.len()..];
            (!number.is_empty() && after.starts_with('_')).then(|| number.parse().ok())?
        });
        Some(Self {
            name,
            chapter: digits.parse().ok()?,
            exercise,
        })
    }

    pub fn as_str(&self) -> &'a str {
        self.name
    }

    /// 换成第 `number` 号、主题不变的名字：`ch02_07_mutex` 的第 3 号是 `ch02_03_mutex`，
    /// 练习 `ch02_e4_pool` 的第 2 号是 `ch02_e2_pool`。中间不是编号的名字原样返回。
    pub fn renumbered(&self, number: u32) -> String {
        let tail = &self.name[5..];
        let Some((middle, topic)) = tail.split_once('_') else {
            return self.name.to_owned();
        };
        let chapter = &self.name[..5];
        match self.exercise {
            Some(_) => format!("{chapter}e{number}_{topic}"),
            None if middle.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{chapter}{number:02}_{topic}")
            }
            None => self.name.to_owned(),
        }
    }

    /// 练习的编号，例如 `ch02_e1_parallel_sum` → `2.1`。
    pub fn exercise_number(&self) -> Option<String> {
        self.exercise.map(|m| format!("{}.{m}", self.chapter))
    }
}

/// 代码单元的名字是 `chNN_` 开头的，例如 `ch02_03_mutex`。
pub fn is_cell(name: &str) -> bool {
    CellName::parse(name).is_some()
}

/// 代码的第一行（运行命令）写的是 `cargo run --release …`：书中的输出来自 release 构建，
/// ▶ 也用 release 构建运行它。
pub fn runs_with_release(code: &str) -> bool {
    code.lines()
        .next()
        .is_some_and(|first| first.contains("cargo run --release "))
}

/// 一个代码单元：示例源文件和它在书中展示的输出文件。
#[derive(Debug, Clone)]
pub struct Cell {
    /// 示例名，即 `cargo run --example` 的参数，例如 `ch00_01_hello`。
    pub name: String,
    /// `code/examples/NAME.rs`
    pub source: PathBuf,
    /// `code/outputs/NAME.txt`
    pub output: PathBuf,
    /// 书中的输出来自 release 构建（示例第一行写的是 `cargo run --release --example`）：
    /// 测量速度的示例用它，免得展示调试构建慢得多的数字。
    pub release: bool,
}

impl Cell {
    /// 在终端里运行它的命令，例如 `cargo run --example ch02_03_mutex`。
    pub fn command(&self) -> String {
        let release = if self.release { "--release " } else { "" };
        format!("cargo run {release}--example {}", self.name)
    }

    /// 示例第一行应写的运行命令。
    pub fn run_line(&self) -> String {
        format!("//! 运行：{}", self.command())
    }
}

/// 起始代码作为示例的名字是练习的名字加上它：`ch02_e1_parallel_sum_starter`。
pub const STARTER_SUFFIX: &str = "_starter";
/// 练习的检查是 `code/exercises/` 里练习的名字加上它的文件：`ch02_e1_parallel_sum_check.rs`。
pub const CHECK_SUFFIX: &str = "_check";

/// 练习 `exercise` 的起始代码作为示例的名字（`cargo test --example` 的参数）。
pub fn starter_name(exercise: &str) -> String {
    format!("{exercise}{STARTER_SUFFIX}")
}

/// 练习 `exercise` 的检查的文件名（在 `code/exercises/` 里）。
pub fn check_file(exercise: &str) -> String {
    format!("{exercise}{CHECK_SUFFIX}.rs")
}

/// 练习 `name`（例如 `ch02_e1_parallel_sum`，练习 2.1）的起始代码的第一行：
/// `//! 练习 2.1：cargo test --example ch02_e1_parallel_sum_starter`。不是练习时为 `None`。
pub fn starter_line(name: &str) -> Option<String> {
    let number = CellName::parse(name)?.exercise_number()?;
    Some(format!("//! 练习 {number}：{}", starter_command(name)))
}

fn starter_command(name: &str) -> String {
    format!("cargo test --example {}", starter_name(name))
}

/// `code/examples/` 下全部代码单元（名字形如 `chNN_…` 的示例），按名字排序。
///
/// 其余示例（例如第 4 章的基准测试 `bench`）是完整的程序而不是代码单元：
/// 书里给出运行它们的命令，不展示、也不比对它们的输出。
pub fn cells() -> anyhow::Result<Vec<Cell>> {
    let root = repo_root();
    let mut cells = Vec::new();
    for name in example_names()? {
        if is_cell(&name) {
            let path = root.join("code/examples").join(format!("{name}.rs"));
            let output = root.join("code/outputs").join(format!("{name}.txt"));
            let source = std::fs::read_to_string(&path)?;
            let first = source.lines().next().unwrap_or_default();
            let release = runs_with_release(first);
            cells.push(Cell {
                name,
                source: path,
                output,
                release,
            });
        }
    }
    Ok(cells)
}

/// `code/examples/` 下全部示例的名字（`cargo run --example` 的参数），按名字排序。
pub fn example_names() -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("code/examples"))? {
        let path = entry?.path();
        // 单文件的示例 NAME.rs，或多文件的示例 NAME/main.rs（cargo 都认作示例 NAME）。
        if path.extension().is_some_and(|ext| ext == "rs") || path.join("main.rs").is_file() {
            names.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// 书里的一个 Python 程序：`code/python/NAME.py` 和它的输出 `code/outputs/python/NAME.txt`。
#[derive(Debug, Clone)]
pub struct PythonCell {
    /// 程序名，例如 `ch02_01_no_gil`。
    pub name: String,
    /// `code/python/NAME.py`
    pub source: PathBuf,
    /// `code/outputs/python/NAME.txt`
    pub output: PathBuf,
}

impl PythonCell {
    /// 在终端里（仓库根目录）运行它的命令。
    pub fn command(&self) -> String {
        format!("python3 code/python/{}.py", self.name)
    }

    /// 程序第一行应写的运行命令。
    pub fn run_line(&self) -> String {
        format!("# 运行：{}", self.command())
    }
}

/// `code/python/` 下全部 Python 程序（名字形如 `chNN_…`），按名字排序。
/// 其余文件（例如第 4 章基准测试的 `bench.py`）不是书里展示的程序。
pub fn python_cells() -> anyhow::Result<Vec<PythonCell>> {
    let root = repo_root();
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(root.join("code/python"))? {
        let path = entry?.path();
        let Some(name) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        if path.extension().is_some_and(|ext| ext == "py") && is_cell(&name) {
            let output = root.join("code/outputs/python").join(format!("{name}.txt"));
            cells.push(PythonCell {
                name,
                source: path,
                output,
            });
        }
    }
    cells.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cells)
}

/// 书页上的脚本认得代码单元的依据（`code/notebook/assets/notebook.js`、`notebook-edit.js`）：
/// 页面上的代码块第一行 → 它是哪个代码单元。脚本只拿第一行来查这张表，自己不解析名字。
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageCell {
    /// 示例名、起始代码的示例名（`…_starter`）或 Python 程序名：✎ 按它保存改动。
    pub name: String,
    /// 在终端里运行它的命令（代码框上方的“在终端里运行：…”）。
    pub command: String,
    /// `"rust"` 或 `"python"`：▶ 交给服务器时说明用哪种语言运行。
    pub language: &'static str,
    /// 练习的起始代码：「检查」运行哪道练习的检查（例如 `ch02_e1_parallel_sum`）。
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
}

/// 书页上的脚本读的那张表写在这里，由 `cargo run -- outputs`（以及 `starters`、`renumber`）
/// 重新生成；它是 `book.toml` 的 `additional-js` 之一，所以用 mdBook 命令行构建的书也有它。
pub const PAGE_CELLS: &str = "code/notebook/assets/cells.js";

/// 全部代码单元、练习的起始代码和 Python 程序：第一行 → [`PageCell`]。
pub fn page_cells() -> anyhow::Result<BTreeMap<String, PageCell>> {
    let page = |name: &str, command, language, check| PageCell {
        name: name.to_owned(),
        command,
        language,
        check,
    };
    let mut table = BTreeMap::new();
    for cell in cells()? {
        if let Some(line) = starter_line(&cell.name) {
            let starter = starter_name(&cell.name);
            let check = Some(cell.name.clone());
            table.insert(
                line,
                page(&starter, starter_command(&cell.name), "rust", check),
            );
        }
        table.insert(
            cell.run_line(),
            page(&cell.name, cell.command(), "rust", None),
        );
    }
    for program in python_cells()? {
        let fact = page(&program.name, program.command(), "python", None);
        table.insert(program.run_line(), fact);
    }
    Ok(table)
}

/// [`PAGE_CELLS`] 应有的内容。
pub fn page_cells_script() -> anyhow::Result<String> {
    let mut script = String::from(
        "// 由 `cargo run -- outputs` 生成（notebook::cells::page_cells），不要手改。\n\
         // 书页上代码块的第一行 → 它是哪个代码单元；notebook.js 和 notebook-edit.js 只查这张表。\n\
         window.bingfaCells = {\n",
    );
    for (first, cell) in page_cells()? {
        let (first, cell) = (
            serde_json::to_string(&first)?,
            serde_json::to_string(&cell)?,
        );
        script.push_str(&format!("    {first}: {cell},\n"));
    }
    script.push_str("};\n");
    Ok(script)
}

/// 重新写出 [`PAGE_CELLS`]；内容变了时返回 `true`。
pub fn write_page_cells() -> anyhow::Result<bool> {
    write_if_changed(&repo_root().join(PAGE_CELLS), &page_cells_script()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_parsed_once_here() {
        let cell = CellName::parse("ch02_03_mutex").unwrap();
        assert_eq!((cell.chapter, cell.exercise), (2, None));
        let exercise = CellName::parse("ch02_e1_parallel_sum").unwrap();
        assert_eq!((exercise.chapter, exercise.exercise), (2, Some(1)));
        assert_eq!(exercise.exercise_number().as_deref(), Some("2.1"));
        assert_eq!(CellName::parse("ch03_every_day").unwrap().exercise, None);
        assert_eq!(
            CellName::parse("ch02_07_mutex").unwrap().renumbered(3),
            "ch02_03_mutex"
        );
        assert_eq!(exercise.renumbered(4), "ch02_e4_parallel_sum");
        assert_eq!(
            CellName::parse("ch03_every_day").unwrap().renumbered(1),
            "ch03_every_day"
        );
        for bad in [
            "",
            "ch",
            "ch1_x",
            "ch01_",
            "bench",
            "ch01_e1/../x",
            "CH01_x",
            "ch01x_y",
        ] {
            assert!(CellName::parse(bad).is_none(), "{bad}");
        }
    }
}
