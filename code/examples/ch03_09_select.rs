//! 运行：cargo run --example ch03_09_select
//!
// ANCHOR: cell
//! 定时器三件套：interval 周期触发，timeout 给操作设上限，select! 谁先完成用谁。
use std::time::Duration;

use tokio::time::{Instant, interval, sleep, timeout};

fn demo_secs(seconds: f64) -> Duration {
    Duration::from_secs_f64(seconds * bingfa::time_scale())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let start = Instant::now();

    // interval：第一次 tick 立即完成，之后每隔一个周期完成一次。
    let mut ticker = interval(demo_secs(1.0));
    for n in 1..=3 {
        ticker.tick().await;
        let at = start.elapsed().as_secs_f64() / scale;
        println!("第 {n} 次滴答，{at:.1} 秒");
    }

    // timeout：一小时的“下载”，只给它 1 秒。超时后那个 Future 被丢弃。
    let slow_download = sleep(Duration::from_secs(3600));
    match timeout(demo_secs(1.0), slow_download).await {
        Ok(()) => println!("下载完成"),
        Err(_elapsed) => println!("timeout：1 秒内没有完成，放弃下载"),
    }

    // select!：两个分支谁先完成就执行谁，另一个被丢弃（也就是被取消）。
    // biased; 让它按书写顺序检查分支：同时就绪时，写在前面的优先。
    tokio::select! {
        biased;
        _ = sleep(demo_secs(2.0)) => println!("select!：2 秒的镜像先下载完"),
        _ = sleep(demo_secs(4.0)) => println!("select!：4 秒的镜像先下载完"),
    }
    let total = start.elapsed().as_secs_f64() / scale;
    println!("一共 {total:.1} 秒");
}
// ANCHOR_END: cell
