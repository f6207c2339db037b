//! 运行：cargo run --example ch02_13_atomic
//!
//! 原子类型：不用锁的计数器。
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

fn main() {
    let visits = AtomicUsize::new(0);

    thread::scope(|s| {
        for _ in 0..100 {
            // fetch_add 是一条不可分割的“读-加-写”，不会丢失更新。
            s.spawn(|| visits.fetch_add(1, Ordering::Relaxed));
        }
    }); // scope 结束时 100 个线程都已 join

    println!("访问次数：{}", visits.load(Ordering::Relaxed));
}
