//! 运行：cargo run --example ch02_06_download
//!
//! 把笔记里“两个线程同时下载”的例子改写成 Rust（下载用随机的 0.5 到 2 秒等待模拟）。
use std::thread;
use std::time::{Duration, Instant};

fn download_task(filename: &str) -> Duration {
    println!("开始下载 {filename}...");
    let start = Instant::now();
    thread::sleep(Duration::from_millis(rand::random_range(500..=2000)));
    let took = start.elapsed();
    println!("{filename} 下载完成，耗费 {:.1} 秒", took.as_secs_f64());
    took
}

fn main() {
    let start = Instant::now();
    let files = ["Python从入门到放弃.pdf", "996 save.pdf"];
    let handles: Vec<_> = files
        .into_iter()
        .map(|file| thread::spawn(move || download_task(file)))
        .collect();
    let slowest = handles
        .into_iter()
        .map(|h| h.join().expect("下载线程不会 panic"))
        .max()
        .expect("至少有一个文件");

    println!(
        "总共耗费 {:.1} 秒（最慢的文件要 {:.1} 秒）",
        start.elapsed().as_secs_f64(),
        slowest.as_secs_f64()
    );
}
