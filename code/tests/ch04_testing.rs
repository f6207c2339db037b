//! 第 4 章“测试并发代码”：代码单元 `ch04_06_paused_clock` 里的测试在这里运行，
//! 另外钉住正文里关于暂停的时钟的两句话。
//!
//! 读者用 `cargo test --example ch04_06_paused_clock` 运行那个测试；本书的 `cargo test`
//! 不运行示例里的测试，所以这里用 `#[path]` 把示例文件当作模块引入，它的 `#[cfg(test)]`
//! 模块随之编译、运行。

use std::time::Duration;

use tokio::time::{self, Instant};

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch04_06_paused_clock.rs"]
mod paused_clock;

/// 时钟停着的时候等真实的 I/O：运行时也算“没事可做”，时钟直接跳到最近的定时器，
/// 包在外面的 `timeout` 立刻到期。没有人来连接，真等一小时的话这个测试早就超时了。
#[tokio::test(start_paused = true)]
async fn a_paused_clock_jumps_ahead_while_a_task_waits_for_real_io() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let start = Instant::now();
    let accepted = time::timeout(Duration::from_secs(3600), listener.accept()).await;
    assert!(accepted.is_err(), "没有连接，timeout 到期");
    assert_eq!(start.elapsed(), Duration::from_secs(3600));
}

/// `spawn_blocking` 的任务在运行时，时钟不自动前进。
#[tokio::test(start_paused = true)]
async fn a_paused_clock_waits_for_spawn_blocking() {
    let start = Instant::now();
    let work = tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(50)));
    let finished = time::timeout(Duration::from_secs(3600), work).await;
    assert!(finished.is_ok(), "阻塞的任务在时限内做完了");
    assert_eq!(start.elapsed(), Duration::ZERO);
}
