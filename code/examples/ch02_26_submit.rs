//! 运行：cargo run --example ch02_26_submit
//!
//! 仿 `executor.submit(f)` 和 `future.result()`：每个作业带一个只装一个结果的通道。
use anyhow::Context;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// 把作业交给 rayon 的全局线程池，立刻返回取结果用的接收端，它就是这个作业的“future”。
/// 作业 panic 时，接收端里是 `Err`，就像 `Future` 里存着异常。
fn submit<T, F>(job: F) -> Receiver<thread::Result<T>>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    rayon::spawn(move || {
        // 不捕获的话，rayon::spawn 里的 panic 默认会结束整个进程。
        let outcome = panic::catch_unwind(AssertUnwindSafe(job));
        // 提交者已经丢掉接收端，就是不要结果了：发送失败不要紧。
        let _ = tx.send(outcome);
    });
    rx
}

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let futures: Vec<_> = [0, 4, 5]
        .into_iter()
        .map(|n| {
            let future = submit(move || {
                thread::sleep(Duration::from_millis(200));
                100 / n
            });
            (n, future)
        })
        .collect();
    println!(
        "3 个作业都已提交，用时 {:.1} 毫秒",
        start.elapsed().as_secs_f64() * 1000.0
    );

    for (n, future) in futures {
        // recv() 等这个作业做完，相当于 future.result()。
        match future.recv().context("线程池没有交回结果")? {
            Ok(quotient) => println!("100 / {n} = {quotient}"),
            Err(_) => println!("100 / {n}：作业 panic 了，其余作业照常"),
        }
    }
    println!("共用时 {:.1} 秒", start.elapsed().as_secs_f64());
    Ok(())
}
