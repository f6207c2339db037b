//! 运行：cargo run --example ch02_14_load_store
//!
//! 原子类型也救不了分成两步的“读-改-写”：先 load 再 store，中间会插进别的线程。
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

fn main() {
    let two_steps = AtomicU64::new(0);
    let one_step = AtomicU64::new(0);
    let everyone_has_read = Barrier::new(100); // 同上一个例子：固定成最坏的交错

    thread::scope(|s| {
        for _ in 0..100 {
            s.spawn(|| {
                // 每一步单独看都是原子的，连最强的 SeqCst 都用上了，合起来却不是。
                let new_value = two_steps.load(Ordering::SeqCst) + 1;
                everyone_has_read.wait();
                two_steps.store(new_value, Ordering::SeqCst);

                // fetch_add 是一条不可分割的“读-加-写”。
                one_step.fetch_add(1, Ordering::Relaxed);
            });
        }
    });

    println!("load + store：{}", two_steps.load(Ordering::Relaxed));
    println!("fetch_add：{}", one_step.load(Ordering::Relaxed));
}
