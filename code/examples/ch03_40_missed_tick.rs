//! 运行：cargo run --example ch03_40_missed_tick
//!
//! 用 interval 限速，每 100 毫秒放出一个请求；第 3 个请求之后卡了 350 毫秒。
//! 错过的拍怎么办，由 MissedTickBehavior 决定。时间在 tokio 暂停的时钟上。
use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior, interval};

async fn send_requests(behavior: MissedTickBehavior) -> Vec<u128> {
    let mut ticker = interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(behavior);
    let start = Instant::now();
    let mut sent = Vec::new();
    for n in 1..=8 {
        ticker.tick().await;
        sent.push(start.elapsed().as_millis()); // 发出第 n 个请求
        if n == 3 {
            // 卡住 350 毫秒（比如线程被一段同步代码占住）：时钟往前走，任务没有机会运行。
            tokio::time::advance(Duration::from_millis(350)).await;
        }
    }
    sent
}

/// 任意 100 毫秒的窗口里最多发出几个请求。
fn most_in_100ms(sent: &[u128]) -> usize {
    sent.iter()
        .map(|&t| sent.iter().filter(|&&u| u >= t && u < t + 100).count())
        .max()
        .unwrap()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("请求发出的时刻（毫秒，tokio 暂停的时钟）：");
    for behavior in [
        MissedTickBehavior::Burst,
        MissedTickBehavior::Delay,
        MissedTickBehavior::Skip,
    ] {
        let sent = send_requests(behavior).await;
        let times: Vec<String> = sent.iter().map(|t| format!("{t:>4}")).collect();
        let most = most_in_100ms(&sent);
        println!(
            "{:<5} {}   100 毫秒内最多 {most} 个",
            format!("{behavior:?}"),
            times.join("")
        );
    }
}
