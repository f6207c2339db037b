//! 运行：cargo run --example ch03_13_async_mutex
//!
//! 多线程运行时上，锁要跨越 await 持有时，用 tokio::sync::Mutex。
use std::sync::Arc;

use tokio::sync::Mutex;
use tokio::task::JoinSet;

/// 假装把数字写进数据库：一次异步 I/O。
async fn save(value: u32) -> u32 {
    tokio::task::yield_now().await;
    value
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let balance = Arc::new(Mutex::new(0u32));

    let mut tasks = JoinSet::new();
    for _ in 0..100 {
        let balance = Arc::clone(&balance);
        tasks.spawn(async move {
            let mut guard = balance.lock().await; // 等锁时让出线程，而不是阻塞它
            let saved = save(*guard + 1).await; // 持有锁的同时 await：读、存、写是一个整体
            *guard = saved;
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("任务不会 panic");
    }
    println!("100 个任务各加 1，结果：{}", *balance.lock().await);
}
