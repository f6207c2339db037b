//! 运行：cargo run --example ch02_e2_pipeline
//!
//! 练习 2.2 的参考答案：三个线程连成流水线，数字经过“生成 → 平方 → 求和”，用通道传递。
use std::sync::mpsc;
use std::thread;

/// 第一个线程送出 1..=n，第二个线程把每个数平方，第三个线程把平方加起来；返回总和。
/// 前一站关掉通道（发送端被丢弃），后一站的循环就结束，整条流水线自然停下。
pub fn sum_of_squares(n: u64) -> u64 {
    // 练习：建两条通道，启动三个线程：生成、平方、求和
    let (numbers_tx, numbers_rx) = mpsc::channel();
    let (squares_tx, squares_rx) = mpsc::channel();

    let producer = thread::spawn(move || {
        for i in 1..=n {
            numbers_tx.send(i).expect("平方站还在");
        }
        // numbers_tx 在这里被丢弃：平方站的 for 循环随之结束
    });
    let squarer = thread::spawn(move || {
        for i in numbers_rx {
            squares_tx.send(i * i).expect("求和站还在");
        }
    });
    let summer = thread::spawn(move || squares_rx.iter().sum::<u64>());

    producer.join().expect("生成站不会 panic");
    squarer.join().expect("平方站不会 panic");
    summer.join().expect("求和站不会 panic")
}

fn main() {
    for n in [0, 1, 10, 1000] {
        println!("1² + … + {n}² = {}", sum_of_squares(n));
    }
}
