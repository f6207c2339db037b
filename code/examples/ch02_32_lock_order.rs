//! 运行：cargo run --example ch02_32_lock_order
//!
//! 避免死锁：所有线程按同一个顺序加锁。
use std::sync::Mutex;
use std::thread;

struct Account {
    id: u32,
    balance: Mutex<i64>,
}

/// 转账：不管方向如何，总是先锁 id 小的账户，再锁 id 大的。
fn transfer(from: &Account, to: &Account, amount: i64) {
    if from.id == to.id {
        return; // 自己转给自己：什么都不用做。不先判断的话，同一把锁会被锁两次，永远等下去
    }
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_balance = first.balance.lock().unwrap();
    let mut second_balance = second.balance.lock().unwrap();
    // &mut *guard：* 穿过守卫找到它管着的 i64，&mut 再把它借出来。
    // 两个分支得到的都是 &mut i64，下面用一个 * 就能改余额。
    let (from_balance, to_balance) = if from.id < to.id {
        (&mut *first_balance, &mut *second_balance)
    } else {
        (&mut *second_balance, &mut *first_balance)
    };
    *from_balance -= amount;
    *to_balance += amount;
}

fn main() {
    let a = Account {
        id: 1,
        balance: Mutex::new(100),
    };
    let b = Account {
        id: 2,
        balance: Mutex::new(100),
    };

    thread::scope(|s| {
        s.spawn(|| (0..10_000).for_each(|_| transfer(&a, &b, 1)));
        s.spawn(|| (0..10_000).for_each(|_| transfer(&b, &a, 1)));
    });

    let (balance_a, balance_b) = (*a.balance.lock().unwrap(), *b.balance.lock().unwrap());
    println!("两个方向各转账 10000 次，没有死锁");
    println!(
        "A 有 {balance_a} 元，B 有 {balance_b} 元，合计 {}",
        balance_a + balance_b
    );

    transfer(&a, &a, 50);
    println!("A 转给自己 50 元：直接返回，没有卡住");
}
