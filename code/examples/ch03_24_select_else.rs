//! 运行：cargo run --example ch03_24_select_else
//!
//! select! 的前置条件（`, if 条件`）和 else：同时等一个下载和一个通道，两边都结束才退出循环。
use std::pin::pin;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

async fn download() -> &'static str {
    sleep(Duration::from_millis(300)).await;
    "big.iso"
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let secs = || start.elapsed().as_secs_f64();
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(async move {
        for text in ["消息 1", "消息 2"] {
            sleep(Duration::from_millis(200)).await;
            tx.send(text).await.unwrap();
        }
        // tx 在这里被丢弃，通道随之关闭
    });

    let mut file = pin!(download());
    let mut downloaded = false;
    loop {
        tokio::select! {
            // 前置条件为假，这一轮就不轮询这个分支：已经完成的 Future 不能再轮询。
            name = &mut file, if !downloaded => {
                downloaded = true;
                println!("{:.2} 秒：下载完成：{name}", secs());
            }
            // recv() 交回 None（通道已关闭）时模式不匹配，这一轮里这个分支停用。
            Some(text) = rx.recv() => println!("{:.2} 秒：收到{text}", secs()),
            // 所有分支都停用了才走这里；没有 else，select! 会 panic。
            else => break,
        }
    }
    println!("{:.2} 秒：两个分支都停用，走 else，退出循环", secs());
}
