//! 运行：cargo run --example ch03_12_blocking
//!
// ANCHOR: cell
//! 在异步任务里做阻塞的事，同一线程上的其他任务全部停摆；spawn_blocking 把它挪到别的线程。
use std::time::Duration;

use tokio::time::{Instant, interval};

fn demo_secs(seconds: f64) -> Duration {
    Duration::from_secs_f64(seconds * bingfa::time_scale())
}

/// 心跳任务：每 0.1 秒跳一次，共 10 次，返回两次心跳之间最长隔了多久。
async fn heartbeat() -> Duration {
    let mut ticker = interval(demo_secs(0.1));
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    for _ in 0..10 {
        ticker.tick().await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}

/// 一次阻塞调用：整整 0.5 秒不交还线程（就像一段很长的计算，或同步的文件、网络操作）。
fn blocking_work() {
    std::thread::sleep(demo_secs(0.5));
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let in_seconds = |d: Duration| d.as_secs_f64() / scale;

    // 错误的做法：直接在异步任务里阻塞。
    let beats = tokio::spawn(heartbeat());
    let work = tokio::spawn(async { blocking_work() });
    work.await.expect("任务不会 panic");
    let gap = in_seconds(beats.await.expect("心跳任务不会 panic"));
    println!("在异步任务里阻塞：心跳最长间隔 {gap:.1} 秒");

    // 正确的做法：spawn_blocking 把阻塞的代码交给专门的线程池。
    let beats = tokio::spawn(heartbeat());
    let work = tokio::task::spawn_blocking(blocking_work);
    work.await.expect("任务不会 panic");
    let gap = in_seconds(beats.await.expect("心跳任务不会 panic"));
    println!("交给 spawn_blocking：心跳最长间隔 {gap:.1} 秒");
}
// ANCHOR_END: cell
