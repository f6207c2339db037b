//! 运行：cargo run --example ch03_09_interval
//!
//! interval：按开始时定下的节拍触发，循环体花的时间不会把节拍往后推。
use std::time::Duration;

use tokio::time::{Instant, interval, sleep};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();

    // 每 0.3 秒一拍；第一次 tick 立即完成。
    let mut ticker = interval(Duration::from_millis(300));
    for n in 1..=4 {
        ticker.tick().await;
        let at = start.elapsed().as_secs_f64();
        println!("第 {n} 拍，{at:.2} 秒：查看下载进度（要花 0.1 秒）");
        sleep(Duration::from_millis(100)).await;
    }
}
