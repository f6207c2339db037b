//! 运行：cargo run --example ch01_03_download_sequential
//!
// ANCHOR: cell
//! 笔记里的下载例子，先不用多进程：一个进程里一个接一个地“下载”两个文件。
use std::process;
use std::thread;
use std::time::{Duration, Instant};

const FILES: [&str; 2] = ["Python从入门到放弃.pdf", "996 save.pdf"];

/// “下载”一个文件：随机等 5 到 10 秒，返回用了几秒。
fn download(filename: &str) -> u64 {
    println!("开始下载 {filename}...");
    let seconds = rand::random_range(5..=10);
    thread::sleep(Duration::from_secs(seconds).mul_f64(bingfa::time_scale()));
    println!("{filename} 下载完成，耗费 {seconds} 秒");
    seconds
}

fn main() {
    bingfa::reject_args();
    // ANCHOR_END: cell
    bingfa::stop_on_ctrl_c();
    // ANCHOR: cell
    println!("启动下载，进程号[{}]", process::id());
    let start = Instant::now();
    let sum: u64 = FILES.iter().map(|file| download(file)).sum();
    let elapsed = start.elapsed().as_secs_f64() / bingfa::time_scale();
    println!("两个下载加起来 {sum} 秒，总共耗费 {elapsed:.2} 秒");
}
// ANCHOR_END: cell
