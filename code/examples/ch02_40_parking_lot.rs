//! 运行：cargo run --example ch02_40_parking_lot
//!
//! parking_lot 的锁：lock() 直接交回守卫，不会中毒；还能限时加锁。
use parking_lot::Mutex;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let balance = Arc::new(Mutex::new(0));

    // 拿着锁的线程 panic 了：锁照常放开，也不会中毒
    let in_thread = Arc::clone(&balance);
    let result = thread::spawn(move || {
        *in_thread.lock() += 100; // 没有 unwrap：lock() 交回的就是守卫
        panic!("存完钱就出错了");
    })
    .join();
    println!("线程 panic 了：{}", result.is_err());
    println!("锁没有中毒，余额 {}", *balance.lock());

    // 限时加锁：别人拿着锁时，最多等 0.2 秒
    let guard = balance.lock();
    let waiter = Arc::clone(&balance);
    let (got_it, waited) = thread::spawn(move || {
        let start = Instant::now();
        let got_it = waiter.try_lock_for(Duration::from_millis(200)).is_some();
        (got_it, start.elapsed().as_secs_f64())
    })
    .join()
    .unwrap();
    drop(guard);
    println!("try_lock_for：等了 {waited:.1} 秒，拿到锁 {got_it}");
}
