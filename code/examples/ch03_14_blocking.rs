//! 运行：cargo run --example ch03_14_blocking
//!
//! 在异步任务里做阻塞的事，同一线程上的其他任务全部停摆；spawn_blocking 把它挪到别的线程。
use std::time::Duration;

use tokio::time::{Instant, interval};

/// 心跳任务：每 0.1 秒跳一次，共 7 次（0.6 秒），返回两次心跳之间最长隔了多久。
async fn heartbeat() -> Duration {
    let mut ticker = interval(Duration::from_millis(100));
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    for _ in 0..7 {
        ticker.tick().await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}

/// 一次阻塞调用：整整 0.5 秒不交还线程（就像一段很长的计算，或同步的文件、网络操作）。
fn blocking_work() {
    std::thread::sleep(Duration::from_millis(500));
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 错误的做法：直接在异步任务里阻塞。
    let beats = tokio::spawn(heartbeat());
    let work = tokio::spawn(async { blocking_work() });
    work.await.expect("任务不会 panic");
    let gap = beats.await.expect("心跳任务不会 panic").as_secs_f64();
    println!("在异步任务里阻塞：心跳最长间隔 {gap:.2} 秒");

    // 正确的做法：spawn_blocking 把阻塞的代码交给专门的线程池。
    let beats = tokio::spawn(heartbeat());
    let work = tokio::task::spawn_blocking(blocking_work);
    work.await.expect("任务不会 panic");
    let gap = beats.await.expect("心跳任务不会 panic").as_secs_f64();
    println!("交给 spawn_blocking：心跳最长间隔 {gap:.2} 秒");
}
