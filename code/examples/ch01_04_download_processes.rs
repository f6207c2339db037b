//! 运行：cargo run --example ch01_04_download_processes
//!
//! 笔记里的下载例子，改正后的多进程版：两个子进程同时“下载”，父进程等它们都结束。
use std::env;
use std::process::{self, Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const FILES: [&str; 2] = ["Python从入门到放弃.pdf", "996 save.pdf"];

/// 子进程的工作：随机等 0.5 到 1 秒，最后一行报告实际用了几秒。
fn download(filename: &str) {
    println!("启动下载，进程号[{}]", process::id());
    println!("开始下载 {filename}...");
    let start = Instant::now();
    thread::sleep(Duration::from_millis(rand::random_range(500..=1000)));
    let seconds = start.elapsed().as_secs_f64();
    println!("{filename} 下载完成，耗费 {seconds:.2} 秒");
}

/// 从子进程的报告里读出它用了几秒；报告不合约定就是出错。
fn seconds_in(report: &str) -> anyhow::Result<f64> {
    let last = report.lines().last().unwrap_or_default();
    last.rsplit_once("耗费 ")
        .and_then(|(_, rest)| rest.strip_suffix(" 秒"))
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("看不懂子进程的报告：{report:?}"))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => {} // 没有参数：父进程
        [role, file] if role == "download" => {
            download(file);
            return Ok(());
        }
        _ => bail!("不认识的参数 {args:?}"),
    }

    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    println!("父进程：进程号 {}", process::id());
    let start = Instant::now();
    let mut children: Vec<Child> = Vec::new();
    for file in FILES {
        // 子进程的标准输出接到管道上，由父进程按启动顺序原样打印，输出顺序就固定了。
        let spawned = Command::new(&me)
            .args(["download", file])
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => children.push(child),
            Err(error) => {
                // 已经启动的子进程不能不管：杀掉并回收，再报告错误。
                for mut child in children {
                    let _ = child.kill(); // 正在报告另一个错误；kill 对已退出的子进程也返回 Ok
                    child.wait()?;
                }
                return Err(error).with_context(|| format!("无法启动下载 {file} 的子进程"));
            }
        }
    }

    // 每个子进程都等它结束（相当于 p.join()），同时收下它的输出；之后再检查。
    // collect 先把每个子进程都等完，再逐个检查：这样第一个失败、提前返回时，
    // 第二个也已经回收了，不会被丢下不管。
    let outputs: Vec<_> = children.into_iter().map(Child::wait_with_output).collect();
    let mut longest: f64 = 0.0;
    for output in outputs {
        let output = output?;
        let report = String::from_utf8_lossy(&output.stdout);
        print!("{report}");
        if !output.status.success() {
            bail!("子进程失败：{}", output.status);
        }
        longest = longest.max(seconds_in(&report)?);
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!("较慢的一个耗费 {longest:.2} 秒，总共耗费 {elapsed:.2} 秒");
    // ANCHOR_END: main
    Ok(())
}
