//! 运行：cargo run --example ch01_14_tokio_process
//!
//! 异步代码里的子进程：边写标准输入边读标准输出（Python 的 `communicate(input)`），
//! 再给一个卡住的子进程限时，超时就杀掉。
use std::env;
use std::io;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use tokio::time::timeout;

const LINES: usize = 100_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        // 子进程：把标准输入原样抄到标准输出，像 `cat`。子进程里没有别的事，同步地抄就行。
        Some("echo") => {
            io::copy(&mut io::stdin(), &mut io::stdout())?;
            return Ok(());
        }
        // 子进程：模拟卡住，一分钟后才结束。
        Some("hang") => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    let me = env::current_exe().context("找不到正在运行的程序文件")?;

    // 一、communicate：写的一半和读的一半同时进行。
    let input: String = (1..=LINES).map(|i| format!("第 {i} 行\n")).collect();
    let mut child = Command::new(&me)
        .arg("echo")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("无法启动子进程")?;
    let mut stdin = child.stdin.take().context("没有拿到标准输入")?;
    let write = async move {
        stdin.write_all(input.as_bytes()).await?;
        drop(stdin); // 关上写端，子进程读到结尾
        io::Result::Ok(())
    };
    // wait_with_output 只管读：收下全部输出，等子进程结束。
    let ((), output) = tokio::try_join!(write, child.wait_with_output())?;
    if !output.status.success() {
        bail!("子进程失败：{}", output.status);
    }
    let text = String::from_utf8(output.stdout).context("输出不是 UTF-8")?;
    println!(
        "写进去 {LINES} 行，读回 {} 行，最后一行：{}",
        text.lines().count(),
        text.lines().last().unwrap_or("")
    );

    // 二、超时：等待是一个 Future，套上 timeout 就有了时限。
    let start = Instant::now();
    let mut child = Command::new(&me)
        .arg("hang")
        .kill_on_drop(true) // 万一下面提前返回，丢弃 child 时也杀掉它
        .spawn()
        .context("无法启动子进程")?;
    match timeout(Duration::from_millis(500), child.wait()).await {
        Ok(status) => println!("子进程按时结束：{}", status?),
        Err(_) => {
            child.kill().await.context("杀不掉子进程")?; // 发 SIGKILL，并等它结束（回收）
            let status = child.wait().await?; // 已经回收过，直接得到同一个退出状态
            let waited = start.elapsed().as_secs_f64();
            println!("子进程超时，等了 {waited:.1} 秒后杀掉：{status}");
        }
    }
    Ok(())
}
