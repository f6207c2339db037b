//! 书中每个代码单元的“输出”：`code/examples/NAME.rs` 运行一次得到
//! `code/outputs/NAME.txt`，书里紧跟在代码后面用 `{{#include}}` 展示。
//!
//! - `cargo run -- outputs` 重新运行所有示例并改写这些文件；
//! - `code/notebook/tests/outputs.rs` 在 `cargo test` 时重新运行，与文件比对，不一致就失败。
//!
//! 比对前两边都经过 [`normalize`]：进程号、线程号、端口、耗时这类每次运行
//! 都会变的值被换成占位符；其余文字（消息、结果、行数、顺序）必须完全一致。
//!
//! 书里的 Python 程序走同一条路：`code/python/NAME.py` 运行一次得到
//! `code/outputs/python/NAME.txt`（见 [`crate::cells::python_cells`]）。本机有 `python3` 时
//! 才重新运行、比对；没有时跳过，并说明跳过了。

use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use anyhow::{Context, bail};
use regex::Regex;

use crate::cells::{Cell, PythonCell};
use crate::process::Ending;
use crate::repo_root;

/// 输出行的先后取决于线程或进程调度的示例：只比较“有哪些行”，不比较顺序。
/// 书中这些示例的正文会说明“这是一次运行的样例，顺序每次可能不同”。
pub const ORDER_VARIES: &[&str] = &["ch02_06_download"];

/// 单个示例最长运行时间；超时即判失败并杀掉它。
pub const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// 本机能运行的 Python 3 解释器（`python3 --version` 成功），没有就是 `None`。
pub fn python3() -> Option<&'static str> {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    found.then_some("python3")
}

/// 运行一个 Python 程序，返回它写到 stdout 和 stderr 的全部文字，与 [`run`] 相同的看管方式。
///
/// 以仓库根目录为工作目录运行 `python3 code/python/NAME.py`（Python 3.9 起，回溯里写的是
/// 它的绝对路径，比对时不看仓库在哪，见 [`normalize`]）。`PYTHONUNBUFFERED=1` 让输出按写出的先后到达，和在终端里一样
/// （否则接到管道上的 stdout 会攒满一块才写出，排到 stderr 的回溯后面去）。
/// 退出码不检查：有的程序要展示的正是一个没人接住的异常；超时算失败。
pub fn run_python(cell: &PythonCell) -> anyhow::Result<String> {
    let python = python3().context("找不到 python3")?;
    let mut command = tokio::process::Command::new(python);
    command
        .arg(format!("code/python/{}.py", cell.name))
        .current_dir(repo_root());
    python_env(&mut command);
    let (ending, text) = crate::process::run_to_end(command, RUN_TIMEOUT)
        .with_context(|| format!("无法启动 python3 {}", cell.source.display()))?;
    match ending {
        Ending::Exited(_) => Ok(text),
        _ => bail!(
            "{} 运行超过 {:?}，已终止",
            cell.source.display(),
            RUN_TIMEOUT
        ),
    }
}

/// 运行书里的 Python 程序时的环境变量（生成书中输出和 ▶ 都用它）：输出不缓冲、
/// 不写 `__pycache__`、用 UTF-8 编码，去掉会改变输出的变量（`PYTHON_CLEARED_ENV`）。
pub fn python_env(command: &mut tokio::process::Command) {
    command
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8");
    for name in PYTHON_CLEARED_ENV {
        command.env_remove(name);
    }
}

/// 会改变 Python 程序输出的环境变量：运行书里的程序时去掉，输出才和书里的一样。
const PYTHON_CLEARED_ENV: &[&str] = &[
    "PYTHONWARNINGS",
    "PYTHONSTARTUP",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "PYTHONOPTIMIZE",
    "PYTHON_COLORS",
    "FORCE_COLOR",
];

/// 运行一个已编译的示例，返回它写到 stdout 和 stderr 的全部文字
/// （两者合并到同一根管道，顺序与终端里看到的一致）。
///
/// 示例以仓库根目录为工作目录、没有标准输入、去掉 [`crate::process::CLEARED_ENV`] 里的变量运行，
/// 由 ▶ 的运行器用的同一个看管者（[`crate::process::supervise`]）启动：它在自己的进程组里，
/// 超时时连同它启动的进程一起杀掉。退出码不是 0 或超过 [`RUN_TIMEOUT`] 都算失败。
pub fn run(binary: &Path) -> anyhow::Result<String> {
    let mut command = tokio::process::Command::new(binary);
    command.current_dir(repo_root());
    let (ending, text) = crate::process::run_to_end(command, RUN_TIMEOUT)
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
            // Python 回溯里指出出错位置的 ~~~^^^ 行：有没有、画在哪，随 Python 的版本而变
            (r"(?m)^[ \t]*[~^]+[ \t]*\n", ""),
            // 回溯里程序的路径：Python 3.9 起是绝对路径，随仓库放在哪里而变
            (r#"File "([^"]*/)?code/python/"#, r#"File "…/code/python/"#),
            // 回溯里标准库的一帧：文件在哪、第几行，随 Python 的版本和安装位置而变
            (
                r#"File "[^"]*/python3(\.\d+)?/([^"]+)", line \d+"#,
                r#"File "<Python>/${2}", line <行>"#,
            ),
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
pub fn compare(cell: &Cell, shown: &str, actual: &str) -> Result<(), String> {
    let file = format!("code/outputs/{}.txt", cell.name);
    compare_with(&cell.name, shown, actual, &file, &cell.command())
}

/// 比较书中的 Python 输出和这次运行的输出。
pub fn compare_python(program: &PythonCell, shown: &str, actual: &str) -> Result<(), String> {
    let file = format!("code/outputs/python/{}.txt", program.name);
    compare_with(&program.name, shown, actual, &file, &program.command())
}

fn compare_with(
    name: &str,
    shown: &str,
    actual: &str,
    file: &str,
    command: &str,
) -> Result<(), String> {
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
            &format!("书中展示的输出 {file}（已规范化）"),
            &format!("这次运行 {command}（已规范化）"),
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
    fn normalize_drops_the_caret_lines_of_python_tracebacks() {
        let text = "    print(\"%s\" % a, b)\n          ~~~~~^~~\nTypeError: x\n   ^^^^\n";
        assert_eq!(normalize(text), "    print(\"%s\" % a, b)\nTypeError: x\n");
    }

    #[test]
    fn normalize_hides_where_python_and_the_repository_are() {
        let a = "  File \"/work/main/code/python/ch01_x.py\", line 7, in <module>\n  File \"/usr/lib/python3.11/multiprocessing/process.py\", line 314, in _bootstrap\n";
        let b = "  File \"/home/me/book/code/python/ch01_x.py\", line 7, in <module>\n  File \"/opt/py/lib/python3.13/multiprocessing/process.py\", line 313, in _bootstrap\n";
        assert_eq!(normalize(a), normalize(b));
        assert!(
            normalize(a).contains("ch01_x.py\", line 7"),
            "{}",
            normalize(a)
        );
    }

    #[test]
    fn normalize_keeps_results_and_messages() {
        let text = "共 25 个素数\n总和 = 100\n3 threads";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn compare_reports_a_changed_message_with_a_diff() {
        let cell = Cell {
            name: "ch00_x".into(),
            source: "code/examples/ch00_x.rs".into(),
            output: "code/outputs/ch00_x.txt".into(),
            release: true,
        };
        let err = compare(&cell, "你好\n合计 100\n", "您好\n合计 100\n").unwrap_err();
        assert!(err.contains("-你好") && err.contains("+您好"), "{err}");
        assert!(
            err.contains("cargo run --release --example ch00_x"),
            "{err}"
        );
        assert!(compare(&cell, "耗时 1.0 秒\n", "耗时 2.5 秒\n").is_ok());
        assert!(compare(&cell, "合计 100\n", "合计 99\n").is_err());
    }
}
