//! 运行：cargo run --example ch04_04_mixing
//!
//! 混着用：普通线程用通道把请求交给异步运行时，异步任务把计算交给 spawn_blocking。
use anyhow::Context;
use tokio::sync::{mpsc, oneshot};

/// 一段纯计算：数 [0, n) 里有几个素数。
fn count_primes(n: u64) -> usize {
    let is_prime = |k: u64| {
        k >= 2
            && (2..k)
                .take_while(|d| d * d <= k)
                .all(|d| !k.is_multiple_of(d))
    };
    (0..n).filter(|&k| is_prime(k)).count()
}

/// 一个请求：要数的上限，和送回答案用的 oneshot 发送端。
type Request = (u64, oneshot::Sender<usize>);

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("无法创建 tokio 运行时")?;
    let (requests, mut inbox) = mpsc::channel::<Request>(16);

    // 异步一侧：收请求；计算交给阻塞线程池，事件循环不被拖住。
    let server = runtime.spawn(async move {
        while let Some((n, reply)) = inbox.recv().await {
            tokio::spawn(async move {
                let count = tokio::task::spawn_blocking(move || count_primes(n)).await;
                // 请求方已经不等了，send 会失败：这不算错误，丢掉答案即可。
                let _ = reply.send(count.expect("计算不会 panic"));
            });
        }
        println!("运行时：所有发送端都已丢弃，不再有请求");
    });

    // 同步一侧：普通线程不能 .await，用 blocking_send / blocking_recv。
    let client = std::thread::spawn(move || {
        for n in [10, 100, 1_000, 100_000] {
            let (reply, answer) = oneshot::channel();
            requests
                .blocking_send((n, reply))
                .expect("运行时还在收请求");
            let count = answer.blocking_recv().expect("运行时总会答复");
            println!("线程：{n} 以内有 {count} 个素数");
        }
        // requests 在这里被丢弃，运行时那边的 recv() 随之返回 None。
    });
    client.join().expect("线程不会 panic");
    runtime.block_on(server).expect("接收任务不会 panic");
    Ok(())
}
