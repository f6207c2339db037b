//! 运行：cargo run --example ch03_09_select
//!
// ANCHOR: cell
//! select!：同时等几个分支，谁先完成用谁，其余分支被丢弃（也就是被取消）。
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装从一个镜像下载：等 seconds 秒（演示时间）之后交回镜像名。
async fn download(mirror: &str, seconds: u64) -> &str {
    sleep(Duration::from_secs(seconds).mul_f64(bingfa::time_scale())).await;
    mirror
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let start = Instant::now();

    let winner = tokio::select! {
        // 按书写顺序检查分支：两个分支同时就绪时，写在前面的优先。
        biased;
        mirror = download("镜像 A", 2) => mirror,
        mirror = download("镜像 B", 4) => mirror,
    };
    let took = start.elapsed().as_secs_f64() / scale;
    println!("{winner} 先下载完（用了 {took:.1} 秒）");
}
// ANCHOR_END: cell
