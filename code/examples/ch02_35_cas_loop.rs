//! 运行：cargo run --example ch02_35_cas_loop
//!
//! compare_exchange 循环：读出当前值，算出新值，只有当前值仍是刚才读到的那个时才写入；
//! 被别的线程抢先改过，就用它写下的值重算。这里用它取钱：余额不够就不取，绝不透支。
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// 余额够就取出 `amount`，返回 true；不够就什么也不改，返回 false。
fn withdraw(balance: &AtomicU64, amount: u64) -> bool {
    let mut current = balance.load(Ordering::Relaxed);
    loop {
        if current < amount {
            return false;
        }
        // 余额仍是 current，才换成 current - amount；否则交回现在的值
        match balance.compare_exchange_weak(
            current,
            current - amount,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return true,
            Err(actual) => current = actual, // 被抢先了：拿新值再算一遍
        }
    }
}

fn main() {
    let balance = AtomicU64::new(100);
    let results: Vec<bool> = thread::scope(|s| {
        let handles: Vec<_> = (0..50).map(|_| s.spawn(|| withdraw(&balance, 3))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let succeeded = results.iter().filter(|&&ok| ok).count();
    println!(
        "50 个线程各取 3 元：{succeeded} 次取到，{} 次余额不足",
        results.len() - succeeded
    );
    println!("余额还剩 {} 元", balance.load(Ordering::Relaxed));
}
