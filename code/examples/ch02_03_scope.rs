//! 运行：cargo run --example ch02_03_scope
//!
//! `thread::scope`：线程可以直接借用主线程的局部变量。
use std::thread;

fn main() {
    let scores = vec![88, 92, 75, 64, 99, 81];
    let (left, right) = scores.split_at(scores.len() / 2);

    // scope 保证：闭包里启动的线程，在 scope 返回之前全部结束。
    // 所以线程借用 left、right（也就是 scores）是安全的。
    let (a, b) = thread::scope(|s| {
        let first = s.spawn(|| left.iter().sum::<i32>());
        let second = s.spawn(|| right.iter().sum::<i32>());
        (first.join().unwrap(), second.join().unwrap())
    });

    println!("前一半的和 {a}，后一半的和 {b}，总和 {}", a + b);
    println!("scores 仍然归主线程所有：{scores:?}");
}
