//! 运行：cargo run --example ch03_02_runtime
//!
//! 运行时就是事件循环：`block_on` ≈ `run_until_complete`，丢弃运行时 ≈ `loop.close()`。
use anyhow::Context;
use tokio::runtime::Builder;

/// 启动三个任务，返回每个任务所在线程的名字。
async fn where_tasks_run() -> Vec<String> {
    let handles: Vec<_> = (0..3)
        .map(|_| {
            tokio::spawn(async {
                let thread = std::thread::current();
                thread.name().unwrap_or("（无名线程）").to_string()
            })
        })
        .collect();
    let mut names = Vec::new();
    for handle in handles {
        names.push(handle.await.expect("任务不会 panic"));
    }
    names
}

fn main() -> anyhow::Result<()> {
    println!("调用 block_on 的线程：{:?}", std::thread::current().name());

    // 单线程运行时：所有任务都在调用 block_on 的这一个线程上轮流执行。
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .context("无法创建运行时")?;
    let names = runtime.block_on(where_tasks_run());
    println!("current_thread 运行时，任务所在的线程：{names:?}");
    drop(runtime); // 关闭运行时（≈ loop.close()）；还没完成的任务随之被丢弃

    // 多线程运行时：任务分给一组工作线程，可能真的并行。
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法创建运行时")?;
    let names = runtime.block_on(where_tasks_run());
    println!("multi_thread 运行时，任务所在的线程：{names:?}");
    Ok(())
}
