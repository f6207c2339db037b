//! 练习 2.4：cargo test --example ch02_e4_philosophers_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 哲学家就餐：每人要同时拿起左右两把叉子才能吃一顿，要求不会死锁。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::sync::{Mutex, MutexGuard};
use std::thread;

/// 一把叉子；锁里记着它被用了几次。
#[derive(Default)]
pub struct Fork(Mutex<usize>);

impl Fork {
    /// 拿起叉子：别人拿着时等他放下（守卫被丢弃就是放下）。
    /// 拿到之后让出一下 CPU：哲学家动作慢，“拿着一把、等另一把”的局面很常见，
    /// 拿法不对的话，很快就会死锁。
    pub fn take(&self) -> MutexGuard<'_, usize> {
        let guard = self.0.lock().unwrap();
        thread::yield_now();
        guard
    }
}

/// `philosophers` 位哲学家围坐一桌（至少 2 位），相邻两人之间放一把叉子。
/// 每人要吃 `meals` 顿，每顿用 `Fork::take` 拿起左右两把叉子。返回每把叉子被用了几次。
pub fn dine(philosophers: usize, meals: usize) -> Vec<usize> {
    todo!("每位哲学家一个线程，用 Fork::take 拿两把叉子吃一顿，吃 meals 顿；不能死锁")
}

fn main() {
    let uses = dine(5, 1000);
    println!("5 位哲学家各吃了 1000 顿，没有死锁");
    println!("每把叉子用了：{uses:?}");
}

#[cfg(test)]
#[path = "ch02_e4_philosophers_check.rs"]
mod check;
