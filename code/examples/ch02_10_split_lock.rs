//! 运行：cargo run --example ch02_10_split_lock
//!
//! 锁加了，范围却太小：“读”和“写”各拿一次锁，中间放开了，照样丢钱。
use std::sync::{Barrier, Mutex};
use std::thread;

fn main() {
    let balance = Mutex::new(0u64);
    // 屏障和 Python 例子里的一样：等 100 个线程都读完余额，才有人去写。
    // 这样每次运行都是最坏的那种交错，输出才固定；去掉它，丢多少钱就看运气了。
    let everyone_has_read = Barrier::new(100);

    thread::scope(|s| {
        for _ in 0..100 {
            s.spawn(|| {
                let new_balance = *balance.lock().unwrap() + 1; // 读：这一句结束，锁就放开了
                everyone_has_read.wait(); // “处理耗时”：别的线程趁机也读到了旧余额
                *balance.lock().unwrap() = new_balance; // 写：再拿一次锁，写回算好的值
            });
        }
    });

    let balance = *balance.lock().unwrap();
    println!("余额：{balance} 元，丢了 {} 元", 100 - balance);
}
