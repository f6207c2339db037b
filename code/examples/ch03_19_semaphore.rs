//! 运行：cargo run --example ch03_19_semaphore
//!
//! 用信号量限制同时进行的“下载”数目。
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// 下载 `files` 个文件，每个要 `each` 这么久，同时最多 `limit` 个。
/// 返回“同一时刻最多有几个下载在进行”。
pub async fn download_all(files: usize, limit: usize, each: Duration) -> usize {
    let permits = Arc::new(Semaphore::new(limit));
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));

    let mut tasks = JoinSet::new();
    for _ in 0..files {
        let (permits, running, peak) = (permits.clone(), running.clone(), peak.clone());
        tasks.spawn(async move {
            // 拿到许可证才开始；_permit 被丢弃时许可证自动归还。
            let _permit = permits.acquire().await.expect("信号量没有被关闭");
            // 只是计数，Relaxed 就够了（见第 2 章的原子类型）：同一个原子变量上的加减不会丢，
            // 最后读 peak 时，join_next 已经保证任务里的写入都看得见。
            let now = running.fetch_add(1, Ordering::Relaxed) + 1;
            peak.fetch_max(now, Ordering::Relaxed);
            sleep(each).await;
            running.fetch_sub(1, Ordering::Relaxed);
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("下载任务不会 panic");
    }
    peak.load(Ordering::Relaxed)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let peak = download_all(6, 2, Duration::from_millis(300)).await;
    let total = start.elapsed().as_secs_f64();
    println!("6 个下载，每个 0.3 秒，同时最多 {peak} 个，总共 {total:.1} 秒");
}
