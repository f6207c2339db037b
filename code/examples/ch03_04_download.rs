//! 运行：cargo run --example ch03_04_download
//!
// ANCHOR: cell
//! 前两章的“下载”例子，这次是同一个线程上的两个异步任务。
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装下载一个文件：等待 `seconds` 秒（乘以 time_scale），返回用了几秒。
pub async fn download_task(filename: &str, seconds: u64) -> u64 {
    println!("开始下载 {filename}...");
    let wait = Duration::from_secs(seconds).mul_f64(bingfa::time_scale());
    sleep(wait).await; // 等待期间，运行时去照顾别的任务
    seconds
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // Ctrl-C：打印一句说明，以退出码 130 结束；两个任务随进程一起结束。
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("收到 Ctrl-C：下载中止");
            std::process::exit(130);
        }
    });
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let start = Instant::now();

    // 每个下载要 5 到 10 秒，随机决定。spawn 之后两个任务都已交给运行时排队。
    let (a, b) = (rand::random_range(5..=10), rand::random_range(5..=10));
    let first = tokio::spawn(download_task("Python从入门到放弃.pdf", a));
    let second = tokio::spawn(download_task("996 save.pdf", b));

    // 依次等两个 JoinHandle；等第一个的时候，第二个也在同时“下载”。
    let first = first.await.expect("下载任务不会 panic");
    let second = second.await.expect("下载任务不会 panic");
    println!("Python从入门到放弃.pdf 下载完成，耗费 {first} 秒");
    println!("996 save.pdf 下载完成，耗费 {second} 秒");
    let total = start.elapsed().as_secs_f64() / scale;
    println!("总共耗费 {total:.2} 秒（约等于较慢的那一个）");
}
// ANCHOR_END: cell
