//! 运行：cargo run --example ch03_10_timeout
//!
//! timeout：给一个操作设时限，到时还没完成就放弃它。
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// 假装下载：等 `time` 这么久之后交回文件名。
async fn download(name: &str, time: Duration) -> &str {
    sleep(time).await;
    name
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let limit = Duration::from_millis(300);
    let jobs = [
        ("readme.txt", Duration::from_millis(100)),
        ("big.iso", Duration::from_secs(3600)),
    ];

    for (name, time) in jobs {
        let start = Instant::now();
        let outcome = match timeout(limit, download(name, time)).await {
            Ok(file) => format!("{file} 下载完成"),
            // 超时：download 返回的 Future 已随 timeout 一起被丢弃，不会再往下执行。
            Err(_elapsed) => format!("{name} 超过 {:.1} 秒的时限，放弃", limit.as_secs_f64()),
        };
        let took = start.elapsed().as_secs_f64();
        println!("{outcome}（用了 {took:.2} 秒）");
    }
}
