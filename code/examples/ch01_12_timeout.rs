//! 运行：cargo run --example ch01_12_timeout
//!
//! 卡住的子进程：父进程最多等半秒，过了时限就杀掉它，并且一定回收。
use std::env;
use std::io;
use std::process::{Child, Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// 最多等 `limit`；到时还没结束就杀掉。两种情况都回收子进程，返回它的退出状态。
fn wait_or_kill(child: &mut Child, limit: Duration) -> io::Result<(ExitStatus, bool)> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false)); // 按时结束了
        }
        thread::sleep(limit / 100); // 不停地问太浪费，隔一小会儿问一次
    }
    child.kill()?;
    Ok((child.wait()?, true)) // kill 之后也要 wait，否则留下僵尸进程
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("hang") => {
            // 子进程：模拟卡住，一分钟后才结束。
            thread::sleep(Duration::from_secs(60));
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    let start = Instant::now();
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let mut child = Command::new(me)
        .arg("hang")
        .spawn()
        .context("无法启动子进程")?;
    let (status, killed) = wait_or_kill(&mut child, Duration::from_millis(500))?;
    let waited = start.elapsed().as_secs_f64();
    if killed {
        println!("子进程超时，等了 {waited:.1} 秒后杀掉：{status}");
    } else {
        println!("子进程按时结束：{status}");
    }
    assert!(killed, "子进程本该卡住");
    Ok(())
}
