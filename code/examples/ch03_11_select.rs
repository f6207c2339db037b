//! 运行：cargo run --example ch03_11_select
//!
//! select!：同时等几个分支，谁先完成用谁，其余分支被丢弃（也就是被取消）。
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装从一个镜像下载：等 `millis` 毫秒之后交回镜像名。
async fn download(mirror: &str, millis: u64) -> &str {
    sleep(Duration::from_millis(millis)).await;
    mirror
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();

    let winner = tokio::select! {
        // 按书写顺序检查分支：两个分支同时就绪时，写在前面的优先。
        biased;
        mirror = download("镜像 A", 300) => mirror,
        mirror = download("镜像 B", 600) => mirror,
    };
    let took = start.elapsed().as_secs_f64();
    println!("{winner} 先下载完（用了 {took:.2} 秒）");
}
