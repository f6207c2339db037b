//! 运行：cargo run --example ch03_21_blocking_stop
//!
//! spawn_blocking 的闭包一旦开始运行，就取消不了：timeout 和 abort 都只是不再等它。
//! 要它中途停下，只能在闭包里自己检查一个停止标志。
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let stop = Arc::new(AtomicBool::new(false));
    let (started_tx, started) = oneshot::channel();
    let mut job = {
        let stop = Arc::clone(&stop);
        tokio::task::spawn_blocking(move || {
            // 告诉主任务“已经开始了”；主任务不再等这个通知也无妨，所以不理会发送的结果。
            let _ = started_tx.send(());
            let mut chunks = 0u64;
            // 一段长计算，分成小块；每块之间看一眼停止标志。
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(10)); // 处理一块
                chunks += 1;
            }
            chunks
        })
    };
    started.await.expect("闭包开始运行时会发通知");

    // timeout 只是不再等：0.1 秒后放弃等待，闭包照样在阻塞线程上运行。
    if timeout(Duration::from_millis(100), &mut job).await.is_err() {
        println!("timeout：0.1 秒到了，不再等它");
    }
    // abort 对已经开始运行的 spawn_blocking 没有作用。
    job.abort();
    sleep(Duration::from_millis(100)).await;
    println!("abort 之后又过了 0.1 秒，它结束了吗？{}", job.is_finished());

    // 唯一的办法：请它自己停下。
    stop.store(true, Ordering::Relaxed);
    match job.await {
        Ok(_) => println!("设置停止标志之后，闭包自己退出，正常交回结果"),
        Err(e) => println!("闭包没有正常结束：{e}"),
    }
}
