//! 运行：cargo run --example ch00_01_first_taste
//!
//! 前言：“下载”两个文件，每个要等半秒。一个接一个做，和同时做，差多少？
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;

/// 用睡眠代替一次“下载”。
const DOWNLOAD: Duration = Duration::from_millis(500);

fn main() -> anyhow::Result<()> {
    // 1. 顺序执行：第二个要等第一个做完。
    let start = Instant::now();
    thread::sleep(DOWNLOAD);
    thread::sleep(DOWNLOAD);
    println!("顺序执行：用时 {:.1} 秒", start.elapsed().as_secs_f64());

    // 2. 两个线程：操作系统让它们同时等待。
    let start = Instant::now();
    let first = thread::spawn(|| thread::sleep(DOWNLOAD));
    let second = thread::spawn(|| thread::sleep(DOWNLOAD));
    first.join().expect("线程不会 panic");
    second.join().expect("线程不会 panic");
    println!("两个线程：用时 {:.1} 秒", start.elapsed().as_secs_f64());

    // 3. 一个线程上的两段异步等待：join! 同时推进它们，谁在等就先让出。
    let start = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .context("无法创建 tokio 运行时")?;
    runtime.block_on(async {
        tokio::join!(tokio::time::sleep(DOWNLOAD), tokio::time::sleep(DOWNLOAD));
    });
    println!("两段异步等待：用时 {:.1} 秒", start.elapsed().as_secs_f64());
    Ok(())
}
