//! 运行：cargo run --example ch02_05_download
//!
// ANCHOR: cell
//! 把原笔记里“两个线程同时下载”的例子改写成 Rust（下载用随机的 5–10 秒等待模拟）。
use std::thread;
use std::time::{Duration, Instant};

fn download_task(filename: &str) -> u64 {
    println!("开始下载 {filename}...");
    let seconds = rand::random_range(5..=10);
    thread::sleep(Duration::from_secs(seconds).mul_f64(bingfa::time_scale()));
    println!("{filename} 下载完成，耗费 {seconds} 秒");
    seconds
}

fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    bingfa::stop_on_ctrl_c();
    // ANCHOR: cell
    let start = Instant::now();
    let files = ["python从入门到放弃.pdf", "996 save.pdf"];
    let handles: Vec<_> = files
        .into_iter()
        .map(|file| thread::spawn(move || download_task(file)))
        .collect();
    let slowest = handles
        .into_iter()
        .map(|h| h.join().expect("下载线程 panic 了"))
        .max()
        .expect("至少有一个文件");

    let total = start.elapsed().as_secs_f64() / bingfa::time_scale();
    println!("总共耗费 {total:.2} 秒（最慢的文件要 {slowest} 秒）");
}
// ANCHOR_END: cell
