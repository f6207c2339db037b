//! 运行：cargo run --release --example ch04_01_spawn_cost
//!
//! 启动一个“执行单元”要花多少时间：操作系统线程 vs tokio 任务。
use std::time::Instant;

use anyhow::Context;

const COUNT: u32 = 1_000;

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let threads: Vec<_> = (0..COUNT).map(|i| std::thread::spawn(move || i)).collect();
    let sum: u32 = threads
        .into_iter()
        .map(|t| t.join().expect("线程不会 panic"))
        .sum();
    let per_thread = start.elapsed() / COUNT;
    println!("{COUNT} 个线程：每个约 {per_thread:.1?}（结果校验 {sum}）");

    let runtime = tokio::runtime::Runtime::new().context("无法创建 tokio 运行时")?;
    let start = Instant::now();
    let sum: u32 = runtime.block_on(async {
        let tasks: Vec<_> = (0..COUNT).map(|i| tokio::spawn(async move { i })).collect();
        let mut sum = 0;
        for task in tasks {
            sum += task.await.expect("任务不会 panic");
        }
        sum
    });
    let per_task = start.elapsed() / COUNT;
    println!("{COUNT} 个 tokio 任务：每个约 {per_task:.1?}（结果校验 {sum}）");
    Ok(())
}
