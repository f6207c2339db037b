//! 运行：cargo run --example ch04_06_paused_clock
//! 测试：cargo test --example ch04_06_paused_clock
//!
//! 暂停的时钟：没有任务能往下走时，tokio 把时钟直接拨到最近的定时器，一小时的等待瞬间完成。
use std::time::Duration;

use tokio::time::{self, Instant};

/// 要测的代码：每隔 `every` 发一次心跳，一共 `beats` 次，返回每次心跳的时刻（从开始算起）。
async fn heartbeat(every: Duration, beats: usize) -> Vec<Duration> {
    let start = Instant::now();
    let mut interval = time::interval(every); // 第一拍立刻就到
    let mut at = Vec::new();
    for _ in 0..beats {
        interval.tick().await;
        at.push(start.elapsed());
    }
    at
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let real = std::time::Instant::now(); // 标准库的时钟不受暂停的影响
    time::pause(); // 从这里起，tokio 的时钟只在没事可做时跳到下一个定时器
    let at = heartbeat(Duration::from_secs(20 * 60), 4).await;
    for (n, t) in at.iter().enumerate() {
        println!("第 {} 次心跳：第 {} 分钟", n + 1, t.as_secs() / 60);
    }
    println!(
        "tokio 的时钟走了 {} 分钟，真实时间只过了 {} 毫秒",
        at[3].as_secs() / 60,
        real.elapsed().as_millis()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // 测试一开始时钟就是停住的；断言可以写成精确的时刻
    #[tokio::test(start_paused = true)]
    async fn beats_exactly_every_twenty_minutes() {
        let at = heartbeat(Duration::from_secs(20 * 60), 3).await;
        assert_eq!(at, [0, 20, 40].map(|m| Duration::from_secs(m * 60)));
    }
}
