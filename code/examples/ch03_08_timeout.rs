//! 运行：cargo run --example ch03_08_timeout
//!
// ANCHOR: cell
//! timeout：给一个操作设时限，到时还没完成就放弃它。
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// 假装下载：等 seconds 秒（演示时间）之后交回文件名。
async fn download(name: &str, seconds: f64) -> &str {
    sleep(Duration::from_secs_f64(seconds).mul_f64(bingfa::time_scale())).await;
    name
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let limit = Duration::from_secs(1).mul_f64(scale);

    for (name, seconds) in [("readme.txt", 0.5), ("big.iso", 3600.0)] {
        let start = Instant::now();
        let outcome = match timeout(limit, download(name, seconds)).await {
            Ok(file) => format!("{file} 下载完成"),
            // 超时：download 返回的 Future 已随 timeout 一起被丢弃，不会再往下执行。
            Err(_elapsed) => format!("{name} 超过 1 秒的时限，放弃"),
        };
        let took = start.elapsed().as_secs_f64() / scale;
        println!("{outcome}（用了 {took:.1} 秒）");
    }
}
// ANCHOR_END: cell
