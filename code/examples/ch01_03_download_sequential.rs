//! 运行：cargo run --example ch01_03_download_sequential
//!
//! 笔记里的下载例子，先不用多进程：一个进程里一个接一个地“下载”两个文件。
use std::process;
use std::thread;
use std::time::{Duration, Instant};

const FILES: [&str; 2] = ["Python从入门到放弃.pdf", "996 save.pdf"];

/// “下载”一个文件：随机等 0.5 到 1 秒，返回实际用了几秒。
fn download(filename: &str) -> f64 {
    println!("开始下载 {filename}...");
    let start = Instant::now();
    thread::sleep(Duration::from_millis(rand::random_range(500..=1000)));
    let seconds = start.elapsed().as_secs_f64();
    println!("{filename} 下载完成，耗费 {seconds:.2} 秒");
    seconds
}

fn main() {
    println!("启动下载，进程号[{}]", process::id());
    let start = Instant::now();
    let sum: f64 = FILES.iter().map(|file| download(file)).sum();
    let elapsed = start.elapsed().as_secs_f64();
    println!("两个下载加起来 {sum:.2} 秒，总共耗费 {elapsed:.2} 秒");
}
