//! 运行：cargo run --example ch02_09_bank_mutex
//!
//! 银行账户：100 个线程各存 1 元。`Arc` 让线程共享账户，`Mutex` 让存款一个一个来。
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

struct Account {
    balance: u64,
}

fn main() {
    let account = Arc::new(Mutex::new(Account { balance: 0 }));
    let start = Instant::now();

    let handles: Vec<_> = (0..100)
        .map(|_| {
            let account = Arc::clone(&account); // 每个线程拿一份 Arc，指向同一个账户
            thread::spawn(move || {
                let mut guard = account.lock().unwrap();
                let new_balance = guard.balance + 1; // 读
                thread::sleep(Duration::from_millis(10)); // 模拟处理耗时
                guard.balance = new_balance; // 写
            }) // guard 在这里离开作用域，锁自动释放
        })
        .collect();
    for handle in handles {
        handle.join().expect("存款线程不会 panic");
    }

    let elapsed = start.elapsed().as_secs_f64();
    println!("余额：{} 元", account.lock().unwrap().balance);
    println!("用时 {elapsed:.1} 秒：存款在锁里排队，一次只有一个线程在做");
}
