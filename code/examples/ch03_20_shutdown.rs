//! 运行：cargo run --example ch03_20_shutdown
//!
//! 优雅关闭：一个关闭信号通知所有工人，各自收尾后退出；主任务等它们结束，
//! 等不及的再强制取消。
use std::time::Duration;

use anyhow::Context;
use tokio::task::JoinSet;
use tokio::time::{interval, sleep, timeout};
use tokio_util::sync::CancellationToken;

/// 工人：每 0.1 秒处理一个作业，直到收到关闭信号；收到后先保存进度再退出。
async fn worker(id: u64, shutdown: CancellationToken) -> String {
    let mut ticker = interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            biased; // 关闭信号优先
            () = shutdown.cancelled() => break,
            _ = ticker.tick() => {} // 处理一个作业
        }
    }
    // 收尾可以 await：这是工人自己的代码在运行，它并没有被丢弃。
    sleep(Duration::from_millis(50 * id)).await; // 保存进度
    format!("工人 {id} 保存好进度，退出")
}

/// 离开作用域时打印一句话：被丢弃的 Future 只运行这种同步的清理。
struct PartialFile(&'static str);

impl Drop for PartialFile {
    fn drop(&mut self) {
        println!("丢弃 {}：Drop 照常运行，但这里不能 await", self.0);
    }
}

/// 不理会关闭信号的工人：一次要一个小时的上传，途中从不检查信号。
async fn stubborn_worker() -> String {
    let _part = PartialFile("upload.part");
    sleep(Duration::from_secs(3600)).await;
    "上传完成".to_string()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let mut workers = JoinSet::new();
    for id in 1..=3 {
        workers.spawn(worker(id, shutdown.clone()));
    }
    workers.spawn(stubborn_worker());

    // 等用户按 Ctrl-C。为了让这个例子自己结束，0.3 秒的定时器代替“过了一会儿按下 Ctrl-C”。
    tokio::select! {
        result = tokio::signal::ctrl_c() => {
            result.context("无法监听 Ctrl-C")?;
            println!("收到 Ctrl-C，开始关闭");
        }
        () = sleep(Duration::from_millis(300)) => println!("0.3 秒到了，就当用户按了 Ctrl-C：开始关闭"),
    }
    shutdown.cancel(); // 所有 clone 出去的令牌同时收到信号

    // 给工人 0.5 秒收尾，谁先结束先报告谁。
    let drained = timeout(Duration::from_millis(500), async {
        while let Some(result) = workers.join_next().await {
            match result {
                Ok(report) => println!("{report}"),
                Err(e) => println!("工人异常结束：{e}"),
            }
        }
    })
    .await;
    if drained.is_err() {
        println!("0.5 秒到了，还有 {} 个工人没退出：强制取消", workers.len());
        workers.shutdown().await; // 取消剩下的任务，并等它们真的结束
    }
    println!("全部结束");
    Ok(())
}
