//! 运行：cargo run --example ch01_01_pid
//!
//! 每个进程都有自己的进程号。程序把自己再启动一次，当作子进程。
use std::env;
use std::process::{self, Command};

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {} // 没有参数：这是读者启动的父进程
        Some("child") => {
            // 带着参数 `child` 被启动时，扮演子进程。
            println!("子进程：进程号 {}", process::id());
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    println!("父进程：进程号 {}", process::id());
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let status = Command::new(me)
        .arg("child")
        .status() // 启动子进程，并等它结束
        .context("无法启动子进程")?;
    println!("父进程：子进程已结束，{status}");
    assert!(status.success(), "子进程失败了");
    Ok(())
}
