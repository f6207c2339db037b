//! 运行：cargo run --example ch01_02_command
//!
//! 启动子进程的三种方式：status() 等它结束，output() 连输出一起收下，spawn() 立刻返回。
use std::env;
use std::process::{self, Command};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    // 子进程的三种角色，由第一个参数决定。
    match env::args().nth(1).as_deref() {
        Some("fail") => {
            eprintln!("子进程：出错了，以退出码 3 结束");
            process::exit(3);
        }
        Some("hello") => {
            println!("你好，我是子进程，进程号 {}", process::id());
            return Ok(());
        }
        Some("nap") => {
            thread::sleep(Duration::from_millis(500));
            return Ok(());
        }
        None => {}
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    // ANCHOR: main
    // 1. status()：子进程的输出直接出现在终端上，父进程只拿到退出状态。
    // &me：把 me 借给 Command，不交出去；下面还要用它启动两次。
    let status = Command::new(&me)
        .arg("fail")
        .status()
        .context("无法启动子进程")?;
    println!("status()：{status}，success() = {}", status.success());
    assert_eq!(status.code(), Some(3));

    // 2. output()：等它结束，并把它的标准输出和标准错误收进内存。
    let output = Command::new(&me)
        .arg("hello")
        .output()
        .context("无法启动子进程")?;
    let text = String::from_utf8_lossy(&output.stdout);
    println!("output()：{}，收到 {:?}", output.status, text.trim_end());
    assert!(text.starts_with("你好"), "子进程没有按约定回答");

    // 3. spawn()：立刻返回一个 Child；父进程可以先做别的事，之后再 wait()。
    let start = Instant::now();
    let mut child = Command::new(&me)
        .arg("nap")
        .spawn()
        .context("无法启动子进程")?;
    println!(
        "spawn()：子进程（进程号 {}）已启动，父进程继续往下走",
        child.id()
    );
    let status = child.wait()?;
    let waited = start.elapsed().as_secs_f64();
    println!("wait()：等了 {waited:.1} 秒，{status}");
    // ANCHOR_END: main
    Ok(())
}
