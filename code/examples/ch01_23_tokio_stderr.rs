//! 运行：cargo run --example ch01_23_tokio_stderr
//!
//! tokio::process 也一样：先 await 读完 stdout、再 await 读 stderr，照样卡住；
//! 两个读放进同一个 join!，一起推进，才不会。
use std::env;
use std::io::{self, Write};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};
use tokio::time::timeout;

/// 子进程往标准错误写的字节数：1 MiB，比管道的缓冲区大得多。
const NOISE: usize = 1 << 20;

/// 启动一个先往 stderr 写 1 MiB、再往 stdout 写结果的子进程。
fn spawn_noisy(me: &std::path::Path) -> io::Result<Child> {
    Command::new(me)
        .arg("noisy")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        // 子进程：同步地写就行
        Some("noisy") => {
            io::stderr().write_all(&vec![b'.'; NOISE])?;
            println!("结果：42");
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    // ANCHOR: main
    println!("1. 一个接一个地 await");
    let mut child = spawn_noisy(&me)?;
    let mut stdout = child.stdout.take().context("没有拿到标准输出")?;
    let mut stderr = child.stderr.take().context("没有拿到标准错误")?;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let one_by_one = async {
        stdout.read_to_end(&mut out).await?;
        stderr.read_to_end(&mut err).await
    };
    match timeout(Duration::from_millis(500), one_by_one).await {
        Ok(result) => println!("  读完了：stderr {} 字节", result?),
        Err(_) => {
            println!("  0.5 秒还没读完 stdout：子进程卡在写 stderr 上");
            child.kill().await?; // 杀掉并回收
        }
    }

    println!("2. 用 join! 同时读");
    let mut child = spawn_noisy(&me)?;
    let mut stdout = child.stdout.take().context("没有拿到标准输出")?;
    let mut stderr = child.stderr.take().context("没有拿到标准错误")?;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (read_out, read_err) =
        tokio::join!(stdout.read_to_end(&mut out), stderr.read_to_end(&mut err));
    let (_, err_len, status) = (read_out?, read_err?, child.wait().await?);
    let out = String::from_utf8_lossy(&out).trim_end().to_string();
    println!("  stdout：{out:?}，stderr：{err_len} 字节，{status}");
    // ANCHOR_END: main
    Ok(())
}
