//! 运行：cargo run --example ch02_22_channel
//!
//! `mpsc::channel`：多个生产者，一个消费者。
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    for producer in 1..=3 {
        let tx = tx.clone(); // 每个生产者一个发送端
        thread::spawn(move || {
            for n in 1..=3 {
                tx.send((producer, n * 10)).unwrap();
            }
        }); // 发送端在这里被丢弃
    }
    drop(tx); // 主线程自己的发送端也要丢掉，否则下面的循环永远等不到结束

    // 所有发送端都被丢弃后，rx.iter() 取完剩下的消息就结束。
    let received: Vec<(i32, i32)> = rx.iter().collect();
    println!("共收到 {} 条消息", received.len());

    // 不同生产者的消息交错到达，顺序每次不同；同一个生产者的消息保持发送顺序。
    for producer in 1..=3 {
        let mine: Vec<i32> = received
            .iter()
            .filter(|(p, _)| *p == producer)
            .map(|(_, n)| *n)
            .collect();
        println!("生产者 {producer} 的消息，按到达顺序：{mine:?}");
    }
}
