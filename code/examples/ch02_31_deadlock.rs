//! 运行：cargo run --example ch02_31_deadlock
//!
//! 死锁：两个线程各拿一把锁，又去等对方手里的那把。
//! 这里用 try_lock 代替 lock 去“试一下”，所以程序不会真的卡死。
use std::sync::{Barrier, Mutex, TryLockError};
use std::thread;

fn main() {
    let account_a = Mutex::new(100);
    let account_b = Mutex::new(100);
    let both_locked = Barrier::new(2);
    let both_tried = Barrier::new(2);

    // 线程 1 转账 A → B：先锁 A，再锁 B。线程 2 转账 B → A：先锁 B，再锁 A。
    let try_transfer = |first: &Mutex<i32>, second: &Mutex<i32>| {
        let _first = first.lock().unwrap();
        both_locked.wait(); // 确保两个线程都已拿到第一把锁
        let outcome = match second.try_lock() {
            Ok(_) => "拿到了第二把锁",
            Err(TryLockError::WouldBlock) => "第二把锁在对方手里：若用 lock()，就会永远等下去",
            Err(TryLockError::Poisoned(_)) => "锁中毒了",
        };
        both_tried.wait(); // 两边都试过之后才放开第一把锁
        outcome
    };

    thread::scope(|s| {
        let one = s.spawn(|| try_transfer(&account_a, &account_b));
        let two = s.spawn(|| try_transfer(&account_b, &account_a));
        println!("线程 1（拿着 A，要 B）：{}", one.join().unwrap());
        println!("线程 2（拿着 B，要 A）：{}", two.join().unwrap());
    });
}
