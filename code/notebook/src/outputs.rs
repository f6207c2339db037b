//! 书中每个代码单元的“输出”：`code/examples/NAME.rs` 运行一次得到
//! `code/outputs/NAME.txt`，书里紧跟在代码后面用 `{{#include}}` 展示。
//!
//! - `cargo run -- outputs` 重新运行所有示例并改写这些文件；
//! - `code/notebook/tests/outputs.rs` 在 `cargo test` 时重新运行，与文件比对，不一致就失败。
//!
//! 比对前两边都经过 [`normalize`]：进程号、线程号、端口、耗时这类每次运行
//! 都会变的值被换成占位符；其余文字（消息、结果、行数、顺序）必须完全一致。

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use anyhow::{Context, bail};
use regex::Regex;

use crate::repo_root;
use crate::server::supervisor::Ending;

/// 输出行的先后取决于线程或进程调度的示例：只比较“有哪些行”，不比较顺序。
/// 书中这些示例的正文会说明“这是一次运行的样例，顺序每次可能不同”。
pub const ORDER_VARIES: &[&str] = &["ch02_05_download"];

/// 单个示例最长运行时间；超时即判失败并杀掉它。
pub const RUN_TIMEOUT: Duration = Duration::from_secs(120);

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
    /// 示例第一行应写的运行命令。
    pub fn run_line(&self) -> String {
        let release = if self.release { "--release " } else { "" };
        format!("//! 运行：cargo run {release}--example {}", self.name)
    }
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

/// 代码的第一行（运行命令）写的是 `cargo run --release …`：书中的输出来自 release 构建，
/// ▶ 也用 release 构建运行它。
pub fn runs_with_release(code: &str) -> bool {
    code.lines()
        .next()
        .is_some_and(|first| first.contains("cargo run --release "))
}

/// 代码单元的名字是 `chNN_` 开头的，例如 `ch02_03_mutex`。
pub fn is_cell(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.starts_with("ch")
        && bytes.len() > 5
        && bytes[2..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'_'
}

/// 运行一个已编译的示例，返回它写到 stdout 和 stderr 的全部文字
/// （两者合并到同一根管道，顺序与终端里看到的一致）。
///
/// 示例以仓库根目录为工作目录、没有标准输入、去掉 [`crate::CLEARED_ENV`] 里的变量运行，
/// 由 ▶ 的运行器用的同一个看管者（`server::supervisor`）启动：它在自己的进程组里，
/// 超时时连同它启动的进程一起杀掉。退出码不是 0 或超过 [`RUN_TIMEOUT`] 都算失败。
pub fn run(binary: &Path) -> anyhow::Result<String> {
    let mut command = tokio::process::Command::new(binary);
    command.current_dir(repo_root());
    let (ending, text) = crate::server::supervisor::run_to_end(command, RUN_TIMEOUT)
        .with_context(|| format!("无法启动 {}", binary.display()))?;
    match ending {
        Ending::Exited(status) if status.success() => Ok(text),
        Ending::Exited(status) => {
            bail!("{} 退出状态 {status}，输出：\n{text}", binary.display())
        }
        _ => bail!("{} 运行超过 {:?}，已终止", binary.display(), RUN_TIMEOUT),
    }
}

/// 把每次运行都会变的值换成占位符。
pub fn normalize(text: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            // 进程号：“进程号 1234”“进程号[1234]”“pid=1234”
            (r"(?i)(进程号|pid)(\s*[:：=\[(（#]?\s*)\d+", "${1}${2}<PID>"),
            (r"ThreadId\(\d+\)", "ThreadId(<ID>)"),
            // panic 消息里的线程号：thread 'main' (12345) panicked at …
            (r"(thread '[^']*') \(\d+\)", "${1} (<ID>)"),
            (r"(127\.0\.0\.1|localhost|\[::1\]):\d+", "${1}:<端口>"),
            (r"0x[0-9a-fA-F]{4,}", "<地址>"),
            // 耗时：1.23 秒、850ms、1.2µs、10.02s（Duration 的 Debug 格式）
            (r"\d+(\.\d+)?\s*(纳秒|微秒|毫秒|秒)", "<时长>"),
            (r"\d+(\.\d+)?\s*(ns|µs|us|ms|s)\b", "<时长>"),
            // 加速比：1.93×、1.9 倍
            (r"\d+(\.\d+)?\s*(×|倍)", "<倍数>"),
        ]
        .into_iter()
        .map(|(pattern, with)| (Regex::new(pattern).unwrap(), with))
        .collect()
    });
    let mut text = text.replace("\r\n", "\n");
    for (pattern, with) in RULES.iter() {
        text = pattern.replace_all(&text, *with).into_owned();
    }
    text
}

/// 比较书中的输出和这次运行的输出；不一致时返回一段可读的 diff。
pub fn compare(name: &str, shown: &str, actual: &str) -> Result<(), String> {
    let (mut shown, mut actual) = (normalize(shown), normalize(actual));
    if ORDER_VARIES.contains(&name) {
        shown = sorted_lines(&shown);
        actual = sorted_lines(&actual);
    }
    if shown == actual {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&shown, &actual)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("书中展示的输出 code/outputs/{name}.txt（已规范化）"),
            &format!("这次运行 cargo run --example {name}（已规范化）"),
        )
        .to_string();
    Err(diff)
}

fn sorted_lines(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_hides_what_varies_between_runs() {
        let text = "启动下载，进程号[41234]\n用时 1.52 秒，850ms，2.3µs\nThreadId(7) 127.0.0.1:53121 pid=9 加速 1.9×\nthread 'main' (4242) panicked at";
        assert_eq!(
            normalize(text),
            "启动下载，进程号[<PID>]\n用时 <时长>，<时长>，<时长>\nThreadId(<ID>) 127.0.0.1:<端口> pid=<PID> 加速 <倍数>\nthread 'main' (<ID>) panicked at"
        );
    }

    #[test]
    fn normalize_keeps_results_and_messages() {
        let text = "共 25 个素数\n总和 = 100\n3 threads";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn compare_reports_a_changed_message_with_a_diff() {
        let err = compare("ch00_x", "你好\n合计 100\n", "您好\n合计 100\n").unwrap_err();
        assert!(err.contains("-你好") && err.contains("+您好"), "{err}");
        assert!(compare("ch00_x", "耗时 1.0 秒\n", "耗时 2.5 秒\n").is_ok());
        assert!(compare("ch00_x", "合计 100\n", "合计 99\n").is_err());
    }
}
