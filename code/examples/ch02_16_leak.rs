//! 运行：cargo run --example ch02_16_leak
//!
//! 泄漏不算“不安全”：`Arc` 互相指着的环、`mem::forget`，编译器都不拦。
use std::mem;
use std::sync::{Arc, Mutex};

struct Node {
    name: &'static str,
    peer: Mutex<Option<Arc<Node>>>,
}

impl Drop for Node {
    fn drop(&mut self) {
        println!("释放 {}", self.name);
    }
}

fn node(name: &'static str) -> Arc<Node> {
    Arc::new(Node {
        name,
        peer: Mutex::new(None),
    })
}

fn main() {
    {
        let _c = node("C"); // 对照：没有环的 C
        let a = node("A");
        let b = node("B");
        // A 指着 B，B 又指着 A：成了一个环。
        *a.peer.lock().unwrap() = Some(Arc::clone(&b));
        *b.peer.lock().unwrap() = Some(Arc::clone(&a));
        println!("A 的引用计数：{}", Arc::strong_count(&a));
    } // a、b 离开作用域，计数各减一，却都停在 1：A 和 B 永远不会被释放
    println!("作用域结束：C 释放了，A 和 B 没有");

    // mem::forget 是安全的函数：值不再被丢弃，Drop 不会运行。
    let numbers = Mutex::new(vec![1, 2, 3]);
    mem::forget(numbers.lock().unwrap()); // 忘掉守卫，锁就永远不会被放开
    println!(
        "忘掉守卫之后，try_lock：{}",
        match numbers.try_lock() {
            Ok(_) => "拿到了锁",
            Err(_) => "锁还被占着（换成 lock() 就永远等下去）",
        }
    );
}
