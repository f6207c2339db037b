//! 运行：cargo run --example ch03_23_select_resume
//!
//! select! 循环里的长操作：每一轮新建它，就每一轮从头开始；
//! 在循环外建好、用 pin! 固定，再把 &mut 交给 select!，它就接着上次的进度走。
use std::pin::pin;
use std::time::Duration;

use tokio::time::{Instant, interval_at, sleep};

const PERIOD: Duration = Duration::from_millis(300);

/// 假装下载一个大文件，要 0.75 秒。开始时打印一行，看得出它被开始了几次。
async fn download(start: Instant) -> &'static str {
    println!("{:.2} 秒：开始下载", start.elapsed().as_secs_f64());
    sleep(Duration::from_millis(750)).await;
    "big.iso"
}

/// 错误的写法：download(start) 写在 select! 里，每一轮都是一个新的 Future。
async fn restarts() {
    let start = Instant::now();
    let mut ticker = interval_at(start + PERIOD, PERIOD); // 第一拍在 0.3 秒
    for _ in 0..3 {
        tokio::select! {
            file = download(start) => {
                println!("下载完成：{file}");
                return;
            }
            _ = ticker.tick() => println!("{:.2} 秒：报告进度", start.elapsed().as_secs_f64()),
        }
    }
    println!("等了 0.9 秒还没下完：每一轮都从头下载");
}

/// 正确的写法：Future 只建一次，固定在栈上，每一轮借给 select! 轮询。
async fn resumes() {
    let start = Instant::now();
    let mut ticker = interval_at(start + PERIOD, PERIOD);
    let mut file = pin!(download(start));
    loop {
        tokio::select! {
            name = &mut file => {
                println!("{:.2} 秒：下载完成：{name}", start.elapsed().as_secs_f64());
                return;
            }
            _ = ticker.tick() => println!("{:.2} 秒：报告进度", start.elapsed().as_secs_f64()),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("-- 每轮新建 --");
    restarts().await;
    println!("-- pin! 之后借出 &mut --");
    resumes().await;
}
