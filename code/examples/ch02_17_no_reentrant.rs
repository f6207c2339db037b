//! 运行：cargo run --example ch02_17_no_reentrant
//!
//! `Mutex` 不可重入。Python 里需要 `RLock` 的写法，在 Rust 里改成“只加一次锁”。
use std::sync::{Mutex, TryLockError};

/// 锁保护的数据，以及只在“已经加了锁”时才调用的方法。
struct Balances {
    cash: u64,
    card: u64,
}

impl Balances {
    fn withdraw_cash(&mut self, amount: u64) -> Result<(), String> {
        if self.cash < amount {
            return Err(format!("现金只有 {} 元，取不出 {amount} 元", self.cash));
        }
        self.cash -= amount;
        Ok(())
    }

    fn deposit_card(&mut self, amount: u64) {
        self.card += amount;
    }
}

struct Wallet {
    inner: Mutex<Balances>,
}

impl Wallet {
    /// 对外的方法只加一次锁，然后调用拿 `&mut Balances` 的方法：不需要重入。
    fn save_to_card(&self, amount: u64) -> Result<(), String> {
        let mut balances = self.inner.lock().unwrap();
        balances.withdraw_cash(amount)?;
        balances.deposit_card(amount);
        Ok(())
    }
}

fn main() {
    let wallet = Wallet {
        inner: Mutex::new(Balances { cash: 50, card: 0 }),
    };

    // 同一个线程在持有锁时再加一次锁会怎样？用 try_lock 问一下，不会卡住。
    let held = wallet.inner.lock().unwrap();
    if let Err(TryLockError::WouldBlock) = wallet.inner.try_lock() {
        println!("持有锁时再加一次：try_lock 报告会阻塞（若用 lock()，这一句不会返回）");
    }
    drop(held);

    match wallet.save_to_card(30) {
        Ok(()) => println!("存入 30 元：成功"),
        Err(e) => println!("存入 30 元：失败，{e}"),
    }
    match wallet.save_to_card(30) {
        Ok(()) => println!("再存 30 元：成功"),
        Err(e) => println!("再存 30 元：失败，{e}"),
    }
    let b = wallet.inner.lock().unwrap();
    println!("现金 {} 元，卡里 {} 元", b.cash, b.card);
}
