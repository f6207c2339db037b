//! 运行：cargo run --example ch03_36_actor_cycle
//!
//! 两个 actor 用有界通道互相发消息，连成一个环：两边的收件箱都满了，
//! 两边又都停在 send().await 上，谁也不再收信。timeout 发现它卡住，再换一种写法。
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio::task::JoinSet;
use tokio::time::timeout;

/// 一条消息带着还要往下走几层；每处理一条深度大于 0 的，就给对方发两条下一层的。
const DEPTH: u32 = 10;
const TOTAL: usize = (1 << (DEPTH + 1)) - 1; // 2047 条

/// 处理完一条就记一笔；最后一条处理完时叫醒主任务。
struct Progress {
    done: AtomicUsize,
    all_done: Notify,
}

impl Progress {
    fn one_done(&self) {
        if self.done.fetch_add(1, Ordering::Relaxed) + 1 == TOTAL {
            self.all_done.notify_one();
        }
    }
}

/// 直截了当的写法：收一条，发两条，发的时候等对方的收件箱有空位。
async fn naive(mut inbox: mpsc::Receiver<u32>, peer: mpsc::Sender<u32>, progress: Arc<Progress>) {
    while let Some(depth) = inbox.recv().await {
        progress.one_done();
        if depth > 0 {
            for _ in 0..2 {
                peer.send(depth - 1).await.unwrap(); // 对方满了就等，等的时候不再收信
            }
        }
    }
}

/// 等空位的同时照样收信：要发的先放在自己手里，reserve 拿到位置再发。
async fn draining(
    mut inbox: mpsc::Receiver<u32>,
    peer: mpsc::Sender<u32>,
    progress: Arc<Progress>,
) {
    let mut outbox = VecDeque::new();
    loop {
        tokio::select! {
            Some(depth) = inbox.recv() => {
                progress.one_done();
                if depth > 0 {
                    outbox.extend([depth - 1, depth - 1]);
                }
            }
            // 等位置时消息还在 outbox 里：这个分支输了，什么也不会丢。
            Ok(permit) = peer.reserve(), if !outbox.is_empty() => {
                permit.send(outbox.pop_front().unwrap());
            }
        }
    }
}

async fn run(name: &str, drain: bool) {
    let (a_tx, a_rx) = mpsc::channel(2);
    let (b_tx, b_rx) = mpsc::channel(2);
    let progress = Arc::new(Progress {
        done: AtomicUsize::new(0),
        all_done: Notify::new(),
    });
    let mut actors = JoinSet::new();
    if drain {
        actors.spawn(draining(a_rx, b_tx.clone(), progress.clone()));
        actors.spawn(draining(b_rx, a_tx.clone(), progress.clone()));
    } else {
        actors.spawn(naive(a_rx, b_tx.clone(), progress.clone()));
        actors.spawn(naive(b_rx, a_tx.clone(), progress.clone()));
    }
    a_tx.send(DEPTH).await.unwrap();

    match timeout(Duration::from_secs(1), progress.all_done.notified()).await {
        Ok(()) => println!("{name}：{TOTAL} 条全部处理完"),
        Err(_) => {
            let done = progress.done.load(Ordering::Relaxed);
            let free = (a_tx.capacity(), b_tx.capacity());
            println!("{name}：1 秒后还卡着，只处理了 {done} 条；两个收件箱的空位：{free:?}");
        }
    }
    // 两个 actor 互相拿着对方的发送端，通道永远不会关闭，它们不会自己退出：取消它们。
    actors.shutdown().await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    run("收一条、等着发两条", false).await;
    run("等空位时照样收信", true).await;
}
