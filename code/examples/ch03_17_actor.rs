//! 运行：cargo run --example ch03_17_actor
//!
//! 用消息代替共享：余额只归一个任务所有，mpsc 送来请求，oneshot 送回答复。
use tokio::sync::{mpsc, oneshot};

/// 发给“账户”任务的请求；需要答复的请求自带一个 oneshot 发送端。
enum Request {
    Deposit(u32),
    Balance(oneshot::Sender<u32>),
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 余额只归这一个任务所有，别的任务只能发消息给它，所以不需要锁。
    let (tx, mut rx) = mpsc::channel::<Request>(16);
    let account = tokio::spawn(async move {
        let mut balance = 0;
        while let Some(request) = rx.recv().await {
            match request {
                Request::Deposit(amount) => balance += amount,
                Request::Balance(reply) => {
                    // 提问的一方可能已经不等了；那就不必回答。
                    let _ = reply.send(balance);
                }
            }
        }
        println!("账户任务：所有发送端都已关闭，退出");
    });

    // send 只在接收端已经关闭时出错；账户任务此时一定还在运行。
    let alive = "账户任务还在运行";
    for amount in [100, 250, 50] {
        tx.send(Request::Deposit(amount)).await.expect(alive);
    }
    let (reply_tx, reply_rx) = oneshot::channel();
    tx.send(Request::Balance(reply_tx)).await.expect(alive);
    let balance = reply_rx.await.expect("账户任务会答复");
    println!("余额 {balance}");
    drop(tx); // 最后一个发送端关闭：账户任务取完剩下的消息后，recv() 返回 None
    account.await.expect("账户任务不会 panic");
}
