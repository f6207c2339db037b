//! 运行：cargo run --example ch02_11_poison
//!
//! 锁中毒：持有锁的线程 panic 了，锁会记住这件事。
use std::panic;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    // 让 panic 只打印一行（默认还会附上源码位置和 RUST_BACKTRACE 的提示）。
    panic::set_hook(Box::new(|info| {
        let name = thread::current().name().unwrap_or("无名").to_owned();
        let payload = info.payload(); // panic!("…") 的信息是 &str 或 String
        let message = (payload.downcast_ref::<&str>().copied())
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("（非文字信息）");
        eprintln!("线程“{name}”panic：{message}");
    }));

    let balance = Arc::new(Mutex::new(100));
    let shared = Arc::clone(&balance);
    let result = thread::Builder::new()
        .name("取款".to_string())
        .spawn(move || {
            let mut guard = shared.lock().unwrap();
            *guard -= 30; // 账户扣了钱……
            panic!("网络断了，现金没有吐出来"); // ……还没来得及把钱退回去就 panic 了
        })
        .expect("操作系统没能创建线程")
        .join();
    println!(
        "取款线程结束：{}",
        if result.is_err() {
            "panic 了"
        } else {
            "正常"
        }
    );

    match balance.lock() {
        Ok(guard) => println!("余额 {}", *guard),
        Err(poisoned) => {
            println!("锁中毒了：上一个持有者 panic 过，数据可能只改了一半");
            let mut guard = poisoned.into_inner(); // 仍然可以拿到数据，自己检查、修复
            println!("中毒时的余额：{}", *guard);
            *guard += 30; // 按业务规则把钱退回去
            balance.clear_poison();
        }
    }
    println!("修复后再加锁：余额 {}", balance.lock().unwrap());
}
