//! 运行：cargo run --example ch03_04_download
//!
//! 前两章的“下载”例子，这次是同一个线程上的两个异步任务。
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装下载一个文件：等待 `millis` 毫秒，返回实际用了多久。
pub async fn download_task(filename: &str, millis: u64) -> Duration {
    println!("开始下载 {filename}...");
    let start = Instant::now();
    sleep(Duration::from_millis(millis)).await; // 等待期间，运行时去照顾别的任务
    start.elapsed()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();

    // 每个下载要 0.5 到 2 秒，随机决定。spawn 之后两个任务都已交给运行时排队。
    let (a, b) = (
        rand::random_range(500..=2000),
        rand::random_range(500..=2000),
    );
    let first = tokio::spawn(download_task("Python从入门到放弃.pdf", a));
    let second = tokio::spawn(download_task("996 save.pdf", b));

    // 依次等两个 JoinHandle；等第一个的时候，第二个也在同时“下载”。
    let first = first.await.expect("下载任务不会 panic");
    let second = second.await.expect("下载任务不会 panic");
    println!(
        "Python从入门到放弃.pdf 下载完成，耗费 {:.1} 秒",
        first.as_secs_f64()
    );
    println!("996 save.pdf 下载完成，耗费 {:.1} 秒", second.as_secs_f64());
    let total = start.elapsed().as_secs_f64();
    println!("总共耗费 {total:.1} 秒（约等于较慢的那一个）");
}
