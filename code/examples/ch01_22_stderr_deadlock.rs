//! 运行：cargo run --example ch01_22_stderr_deadlock
//!
//! 标准输出和标准错误都接管道，父进程先把标准输出读到结尾，子进程却先往标准错误写了很多：
//! 标准错误的管道满了，子进程停在写上，父进程等不到标准输出的结尾，两边都卡住。
//! output() 同时读两根管道，就不会这样。
use std::env;
use std::io::{self, Read, Write};
use std::process::{self, Command, Stdio};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// 子进程往标准错误写的字节数：1 MiB，比管道的缓冲区大得多。
const NOISE: usize = 1 << 20;

/// 子进程：先写一大段日志到标准错误，再把结果写到标准输出。
fn noisy() -> io::Result<()> {
    // 看门狗：1 秒还没写完，说明卡住了，以退出码 3 结束，免得这个例子真的卡死
    thread::spawn(|| {
        thread::sleep(Duration::from_secs(1));
        process::exit(3);
    });
    io::stderr().write_all(&vec![b'.'; NOISE])?;
    println!("结果：42");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("noisy") => return Ok(noisy()?),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;

    println!("1. 先把 stdout 读到结尾，再读 stderr");
    let mut child = Command::new(&me)
        .arg("noisy")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (mut out, mut err) = (String::new(), Vec::new());
    let mut stdout = child.stdout.take().context("没有拿到标准输出")?;
    stdout.read_to_string(&mut out)?; // 子进程结束了，这里才读到结尾
    let mut stderr = child.stderr.take().context("没有拿到标准错误")?;
    stderr.read_to_end(&mut err)?;
    let status = child.wait()?;
    println!("  stdout：{:?}，stderr：{} 字节，{status}", out, err.len());

    println!("2. output() 同时读两根管道");
    let output = Command::new(&me).arg("noisy").output()?;
    let out = String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string();
    let (err, status) = (output.stderr.len(), output.status);
    println!("  stdout：{out:?}，stderr：{err} 字节，{status}");
    // ANCHOR_END: main
    Ok(())
}
