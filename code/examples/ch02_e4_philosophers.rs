//! 运行：cargo run --example ch02_e4_philosophers
//!
//! 练习 2.4 的参考答案：哲学家就餐：每人要同时拿起左右两把叉子才能吃一顿，要求不会死锁。
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
    // 练习：每位哲学家一个线程，用 Fork::take 拿两把叉子吃一顿，吃 meals 顿；不能死锁
    assert!(philosophers >= 2, "至少要 2 位哲学家，收到 {philosophers}");
    let forks: Vec<Fork> = (0..philosophers).map(|_| Fork::default()).collect();
    thread::scope(|scope| {
        for seat in 0..philosophers {
            let left = seat;
            let right = (seat + 1) % philosophers;
            // 关键一步：总是先拿编号小的那把。最后一位的“左右”因此是反过来的，
            // 等待的链条不能首尾相接，也就不会死锁。
            let (first, second) = (left.min(right), left.max(right));
            let forks = &forks;
            scope.spawn(move || {
                for _ in 0..meals {
                    let mut a = forks[first].take();
                    let mut b = forks[second].take();
                    *a += 1;
                    *b += 1;
                } // 两把叉子在这里放下（守卫被丢弃）
            });
        }
    });
    forks
        .into_iter()
        .map(|f| f.0.into_inner().unwrap())
        .collect()
}

fn main() {
    let uses = dine(5, 1000);
    println!("5 位哲学家各吃了 1000 顿，没有死锁");
    println!("每把叉子用了：{uses:?}");
}
