//! 运行：cargo run --example ch04_05_handle_spawn
//!
//! 普通线程直接把 Future 交给运行时：Handle::spawn，相当于 asyncio.run_coroutine_threadsafe。
use std::time::{Duration, Instant};

use anyhow::Context;

/// 一段异步代码：假装下载，等 0.3 秒。
async fn download(name: &'static str) -> String {
    tokio::time::sleep(Duration::from_millis(300)).await;
    format!("{name} 的内容")
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("无法创建 tokio 运行时")?;
    let handle = runtime.handle().clone(); // Handle 可以克隆，交给别的线程

    let thread = std::thread::spawn(move || -> anyhow::Result<()> {
        let start = Instant::now();
        // 像 run_coroutine_threadsafe(coro, loop)：立刻返回，两个 Future 在运行时的工作线程上跑。
        let tasks = [
            handle.spawn(download("a.txt")),
            handle.spawn(download("b.txt")),
        ];
        for task in tasks {
            // 像 future.result()：这个普通线程停下来等结果。
            let text = handle.block_on(task).context("下载任务没有正常结束")?;
            println!("线程收到：{text}");
        }
        println!(
            "两个下载同时进行，共用 {:.1} 秒",
            start.elapsed().as_secs_f64()
        );
        Ok(())
    });
    thread.join().expect("线程不会 panic")?;
    Ok(())
}
