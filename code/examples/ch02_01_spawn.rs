//! 运行：cargo run --example ch02_01_spawn
//!
//! 启动一个线程，让它在后台算一个数，主线程用 `join` 取回结果。
use std::thread;

fn main() {
    let handle = thread::spawn(|| (1..=100).sum::<u32>());
    println!("主线程：已启动子线程，接着做自己的事");

    // join 会等子线程结束，并把闭包的返回值交回来。
    let sum = handle.join().expect("子线程不会 panic");
    println!("主线程：子线程算出 1 + 2 + … + 100 = {sum}");
}
