//! 运行：cargo run --example ch03_37_lock_twice
//!
//! 拿着 tokio::sync::Mutex 的锁守卫，又去 await 一个也要这把锁的东西：永远等下去。
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::timeout;

struct Account {
    balance: u64,
    log: Vec<String>,
}

/// 记一笔账：它自己去拿锁。
async fn record(account: &Mutex<Account>, line: String) {
    account.lock().await.log.push(line);
}

/// 错误的写法：拿着锁调用 record，record 又要这把锁。
async fn deposit_deadlock(account: &Mutex<Account>, amount: u64) {
    let mut guard = account.lock().await;
    guard.balance += amount;
    record(account, format!("存入 {amount}")).await; // 等锁，而锁在自己手里
}

/// 改正：先放开锁，再做要这把锁的事。（或者把守卫里的数据直接交给它。）
async fn deposit(account: &Mutex<Account>, amount: u64) {
    {
        let mut guard = account.lock().await;
        guard.balance += amount;
    } // 守卫在这里被丢弃，锁放开
    record(account, format!("存入 {amount}")).await;
}

#[tokio::main]
async fn main() {
    let account = Mutex::new(Account {
        balance: 0,
        log: Vec::new(),
    });

    let stuck = timeout(Duration::from_millis(300), deposit_deadlock(&account, 100)).await;
    println!(
        "拿着锁再要锁：{}",
        if stuck.is_err() {
            "0.3 秒后还在等，超时"
        } else {
            "完成"
        }
    );

    // 超时丢弃了那个 Future，守卫随之被丢弃，锁已经放开。
    deposit(&account, 50).await;
    let account = account.into_inner();
    println!("先放开锁：余额 {}，账本 {:?}", account.balance, account.log);
}
