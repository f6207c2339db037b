//! 运行：cargo run --example ch02_41_crossbeam_channel
//!
//! crossbeam-channel：接收端可以 clone，几个工人共用一个作业通道（像 Python 的 queue.Queue）；
//! select! 同时等几个通道，谁先来就处理谁。
use crossbeam_channel::{after, bounded, select, unbounded};
use std::thread;
use std::time::Duration;

fn main() {
    let (job_tx, job_rx) = bounded::<u64>(4);
    let (done_tx, done_rx) = unbounded();

    thread::scope(|s| {
        for _ in 0..3 {
            // 每个工人一个接收端的克隆，从同一个通道里取作业
            let (job_rx, done_tx) = (job_rx.clone(), done_tx.clone());
            s.spawn(move || {
                for n in job_rx {
                    done_tx.send(n * n).unwrap();
                }
            });
        }
        drop(done_tx); // 工人们都结束后，结果通道才关闭

        for n in 1..=9 {
            job_tx.send(n).unwrap();
        }
        drop(job_tx); // 作业发完了：工人们的 for 循环随之结束

        let deadline = after(Duration::from_secs(1));
        let mut results = Vec::new();
        loop {
            select! {
                recv(done_rx) -> message => match message {
                    Ok(square) => results.push(square),
                    Err(_) => break, // 结果通道关闭：全部收齐
                },
                recv(deadline) -> _ => {
                    println!("1 秒还没收齐，不等了");
                    break;
                }
            }
        }
        results.sort();
        println!("3 个工人算完 {} 个作业：{results:?}", results.len());
    });
}
