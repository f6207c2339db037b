//! 运行：cargo run --example ch02_23_sync_channel
//!
//! `mpsc::sync_channel`：有界通道。满了，发送方就得等——这就是“背压”。
use std::sync::mpsc::{self, TrySendError};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let (tx, rx) = mpsc::sync_channel(2); // 最多存 2 条

    tx.send(1).unwrap();
    tx.send(2).unwrap();
    if let Err(TrySendError::Full(n)) = tx.try_send(3) {
        println!("通道里已有 2 条，try_send({n}) 立即返回：满了");
    }

    // 消费者很慢：每条要处理 0.2 秒。
    let consumer = thread::spawn(move || {
        let mut got = Vec::new();
        for n in rx {
            thread::sleep(Duration::from_millis(200));
            got.push(n);
        }
        got
    });

    let start = Instant::now();
    for n in 3..=6 {
        tx.send(n).unwrap(); // 通道满时，send 会阻塞，直到消费者取走一条
    }
    let waited = start.elapsed().as_secs_f64();
    println!("生产者再发 4 条，被慢消费者拖住了 {waited:.1} 秒");

    drop(tx);
    let got = consumer.join().unwrap();
    println!("消费者按顺序收到：{got:?}");
}
