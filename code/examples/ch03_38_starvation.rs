//! 运行：cargo run --example ch03_38_starvation
//!
//! 一个任务不让出，同一线程上的别的任务就轮不到：tokio 的协作预算、consume_budget，
//! 和多线程运行时上的 block_in_place。
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::mpsc;

const STEPS: usize = 1000;

#[derive(Clone, Copy)]
enum Step {
    Ready,
    ConsumeBudget,
    ChannelRecv,
}

/// 忙任务：一步一步地走完 STEPS 步，每一步都有一个 .await，但不一定让出。
async fn busy(step: Step, done: &AtomicUsize) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for _ in 0..STEPS {
        tx.send(()).unwrap(); // 消息都先放好：recv 每次都立即就绪
    }
    for _ in 0..STEPS {
        match step {
            Step::Ready => std::future::ready(()).await, // 立即就绪：.await 不让出
            Step::ConsumeBudget => tokio::task::coop::consume_budget().await,
            Step::ChannelRecv => rx.recv().await.map(drop).unwrap(),
        }
        done.fetch_add(1, Ordering::Relaxed);
    }
}

/// 单线程运行时上：另一个任务第一次运行时，忙任务走到了第几步？
fn first_chance(step: Step) -> usize {
    let runtime = Builder::new_current_thread().build().unwrap();
    runtime.block_on(async {
        let done = Arc::new(AtomicUsize::new(0));
        let seen = done.clone();
        let other = tokio::spawn(async move { seen.load(Ordering::Relaxed) });
        busy(step, &done).await;
        other.await.unwrap()
    })
}

/// 多线程运行时上：一个任务阻塞着等它刚 spawn 的任务发来的消息，等得到吗？
fn blocked_wait(in_place: bool) -> bool {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    runtime.block_on(async move {
        let waiter = tokio::spawn(async move {
            let (tx, rx) = std::sync::mpsc::channel();
            // 对方可能已经不等了（接收端已丢弃），发送失败也无妨。
            tokio::spawn(async move { tx.send(()).ok() });
            let wait = || rx.recv_timeout(Duration::from_secs(1)).is_ok();
            if in_place {
                tokio::task::block_in_place(wait) // 先把这个工作线程的任务交出去，再阻塞
            } else {
                wait() // 直接阻塞工作线程
            }
        });
        waiter.await.unwrap()
    })
}

fn main() {
    println!("单线程运行时，忙任务要走 {STEPS} 步，另一个任务第一次运行时它走到了第几步：");
    println!(
        "  每步 .await 一个已就绪的 Future：{}",
        first_chance(Step::Ready)
    );
    println!(
        "  每步 consume_budget().await：{}",
        first_chance(Step::ConsumeBudget)
    );
    println!(
        "  每步从 tokio 的通道 recv().await：{}",
        first_chance(Step::ChannelRecv)
    );

    println!("多线程运行时（2 个工作线程），任务阻塞着等它刚 spawn 的任务：");
    let answer = |ok: bool| if ok { "等到了" } else { "1 秒内没等到" };
    println!("  直接阻塞：{}", answer(blocked_wait(false)));
    println!("  放进 block_in_place：{}", answer(blocked_wait(true)));
}
