//! 运行：cargo run --example ch03_18_broadcast
//!
//! broadcast：一对多的通知，每个订阅者都收到每一条消息。
use tokio::sync::broadcast::{self, error::RecvError};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 容量 8：通道里最多存放最近的 8 条消息，落后更多的订阅者会漏掉最早的几条。
    // （容量会被向上取整到 2 的幂，8 正好就是。）
    // channel 还附送一个接收端，这里用不着（写 `_` 就是立刻丢掉它）；每个订阅者自己 subscribe()。
    let (notify, _) = broadcast::channel::<&str>(8);
    let listeners: Vec<_> = ["甲", "乙", "丙"]
        .into_iter()
        .map(|name| {
            let mut inbox = notify.subscribe(); // 先订阅，才收得到之后发出的消息
            tokio::spawn(async move {
                let mut got = Vec::new();
                loop {
                    match inbox.recv().await {
                        Ok(message) => got.push(message),
                        // 落后超过容量：最早的几条已被新消息挤掉，接着收剩下的。
                        Err(RecvError::Lagged(missed)) => println!("{name} 漏掉了 {missed} 条"),
                        Err(RecvError::Closed) => break,
                    }
                }
                format!("{name} 收到 {got:?}")
            })
        })
        .collect();
    // send 不等订阅者读取，只在一个订阅者都没有时出错。
    notify.send("开始下载").expect("有订阅者");
    notify.send("下载完成").expect("有订阅者");
    drop(notify); // 关闭通道：订阅者读完剩下的消息后，recv() 返回 Err(Closed)
    for listener in listeners {
        println!("{}", listener.await.expect("任务不会 panic"));
    }
}
