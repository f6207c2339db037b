//! 运行：cargo run --example ch03_46_limit
//!
//! 最多同时处理 2 个请求。5 个请求每隔 10 毫秒来一个，每个要处理 100 毫秒。
//! 满了怎么办：立即拒绝（try_acquire_owned），或者排队（acquire_owned）。
//! 时间在 tokio 暂停的时钟上，输出每次一样。
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, sleep_until};

const LIMIT: usize = 2;

/// 处理一个请求。许可证移进了任务：任务结束（或 panic）时它被丢弃，自动还给信号量。
async fn handle(id: u32, _permit: OwnedSemaphorePermit, start: Instant) -> String {
    let began = start.elapsed().as_millis();
    sleep(Duration::from_millis(100)).await;
    let done = start.elapsed().as_millis();
    format!("请求 {id}：{began} 毫秒开始，{done} 毫秒完成")
}

// ANCHOR: main
async fn serve(queue: bool) {
    let start = Instant::now();
    let limit = Arc::new(Semaphore::new(LIMIT));
    let mut running = JoinSet::new();
    for id in 1..=5 {
        sleep_until(start + Duration::from_millis(10 * (u64::from(id) - 1))).await;
        let arrived = start.elapsed().as_millis();
        let permit = if queue {
            // 排队：拿不到就在这里等，接受循环也跟着停下。
            limit.clone().acquire_owned().await.unwrap()
        } else {
            // 拒绝：拿不到立即返回 Err，马上回答客户端“忙”。
            match limit.clone().try_acquire_owned() {
                Ok(permit) => permit,
                Err(_) => {
                    println!("  请求 {id}：{arrived} 毫秒到达，已有 {LIMIT} 个在处理，回答 503");
                    continue;
                }
            }
        };
        running.spawn(handle(id, permit, start));
    }
    for line in running.join_all().await {
        println!("  {line}");
    }
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("满了就拒绝：");
    serve(false).await;
    println!("满了就排队：");
    serve(true).await;
}
