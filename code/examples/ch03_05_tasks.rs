//! 运行：cargo run --example ch03_05_tasks
//!
//! 任务与结果：spawn、JoinHandle、“完成后回调”，以及按完成顺序收结果的 JoinSet。
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // spawn ≈ asyncio.create_task：任务马上交给运行时排队，返回一个 JoinHandle。
    let work = tokio::spawn(async { (1..=100u32).sum::<u32>() });

    // add_done_callback 的 Rust 写法：再开一个任务，等到结果之后执行“回调”。
    let callback = tokio::spawn(async move {
        match work.await {
            Ok(sum) => println!("回调：任务完成，结果是 {sum}"),
            Err(e) => println!("回调：任务失败：{e}"),
        }
    });
    callback.await.expect("回调任务不会 panic");

    // JoinSet：一组任务，join_next 按完成的先后交出结果。
    let mut downloads = JoinSet::new();
    for (name, millis) in [("慢.pdf", 700), ("快.pdf", 100), ("中.pdf", 400)] {
        downloads.spawn(async move {
            sleep(Duration::from_millis(millis)).await;
            name
        });
    }
    while let Some(result) = downloads.join_next().await {
        println!("完成：{}", result.expect("下载任务不会 panic"));
    }
}
