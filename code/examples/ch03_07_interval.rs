//! 运行：cargo run --example ch03_07_interval
//!
// ANCHOR: cell
//! interval：按开始时定下的节拍触发，循环体花的时间不会把节拍往后推。
use std::time::Duration;

use tokio::time::{Instant, interval, sleep};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR_END: cell
    bingfa::reject_args();
    // ANCHOR: cell
    let scale = bingfa::time_scale();
    let start = Instant::now();

    // 每 1 秒一拍；第一次 tick 立即完成。
    let mut ticker = interval(Duration::from_secs(1).mul_f64(scale));
    for n in 1..=3 {
        ticker.tick().await;
        let at = start.elapsed().as_secs_f64() / scale;
        println!("第 {n} 拍，{at:.1} 秒：查看下载进度（要花 0.3 秒）");
        sleep(Duration::from_secs_f64(0.3).mul_f64(scale)).await;
    }
}
// ANCHOR_END: cell
