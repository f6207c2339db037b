//! 运行：cargo run --example ch01_16_exit_code
//!
//! 程序结束的五种方式：退出码是多少，`Drop` 运行了没有。
use std::env;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::{self, Command, ExitCode, Stdio};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// 子进程：先把结果写进 `BufWriter`（还留在缓冲里），再按 `how` 结束。
/// 缓冲只在 `out` 被丢弃（`Drop`）时才写出去。
fn child(how: &str) -> anyhow::Result<ExitCode> {
    let mut out = BufWriter::new(io::stdout());
    writeln!(out, "结果：42")?;
    match how {
        "code" => Ok(ExitCode::from(3)),
        "err" => bail!("配置文件读不了"),
        "panic" => panic!("出了 bug"),
        "exit" => process::exit(3),
        "sigint" => {
            eprintln!("准备好了"); // 告诉父进程：可以按 Ctrl-C 了
            thread::sleep(Duration::from_secs(10));
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("不认识的参数 `{other}`"),
    }
}

fn main() -> anyhow::Result<ExitCode> {
    if let Some(how) = env::args().nth(1) {
        return child(&how);
    }
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let cases = [
        ("code", "main 返回 ExitCode::from(3)"),
        ("err", "main 返回 Err"),
        ("panic", "main 里 panic"),
        ("exit", "调用 process::exit(3)"),
        ("sigint", "收到 SIGINT（Ctrl-C）"),
    ];
    for (how, what) in cases {
        let mut child = Command::new(&me)
            .arg(how)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()) // 收下 Error: … 和 panic 消息，不打印
            .spawn()
            .context("无法启动子进程")?;
        if how == "sigint" {
            // 等子进程说“准备好了”，再像终端那样给它发 SIGINT（这里借用 kill 命令）。
            let stderr = child.stderr.take().context("没有拿到标准错误")?;
            BufReader::new(stderr).read_line(&mut String::new())?;
            let sent = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .context("无法运行 kill")?;
            if !sent.success() {
                child.kill()?; // 发不出 SIGINT，也不把子进程丢下
                child.wait()?;
                bail!("kill 失败：{sent}");
            }
        }
        let output = child.wait_with_output().context("等子进程失败")?;
        let result = if output.stdout.is_empty() {
            "丢了"
        } else {
            "写出去了"
        };
        println!("{what}：{}，缓冲里的结果{result}", output.status);
    }
    Ok(ExitCode::SUCCESS)
}
