//! 练习 2.3：cargo test --example ch02_e3_semaphore_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 一次可以拿多张许可证的计数信号量（大的作业要两张许可证、小的要一张）。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// 计数信号量：总共 `total` 张许可证，一次可以要好几张。
pub struct Semaphore {
    total: usize,
    available: Mutex<usize>,
    returned: Condvar,
}

/// 拿到的许可证。被丢弃时如数还回去。
pub struct Permits<'a> {
    semaphore: &'a Semaphore,
    count: usize,
}

impl Semaphore {
    pub fn new(total: usize) -> Semaphore {
        todo!("一开始所有许可证都可用")
    }

    /// 一次拿 `count` 张：不够就等，够了一起拿走，绝不先拿一部分。
    /// `count` 超过总数时永远等不到，所以直接 panic。
    pub fn acquire(&self, count: usize) -> Permits<'_> {
        todo!("不够就在条件变量上等；够了一次拿走 count 张")
    }

    /// 此刻还剩几张。
    pub fn available(&self) -> usize {
        todo!("读出还剩几张")
    }
}

impl Drop for Permits<'_> {
    fn drop(&mut self) {
        todo!("把拿走的张数还回去，叫醒等待的线程")
    }
}

fn main() {
    let semaphore = Semaphore::new(3);
    let in_use = Mutex::new((0, 0)); // (此刻占用的许可证张数, 最多时的张数)
    thread::scope(|scope| {
        for task in 0..8 {
            let (semaphore, in_use) = (&semaphore, &in_use);
            scope.spawn(move || {
                let need = if task % 2 == 0 { 2 } else { 1 }; // 偶数号是大的作业
                let _permits = semaphore.acquire(need);
                {
                    let mut u = in_use.lock().unwrap();
                    u.0 += need;
                    u.1 = u.1.max(u.0);
                }
                thread::sleep(Duration::from_millis(100));
                in_use.lock().unwrap().0 -= need;
            });
        }
    });
    let (_, most) = in_use.into_inner().unwrap();
    assert!(most <= 3);
    println!("8 个作业都完成了，同时占用的许可证从未超过 3 张");
    println!("剩余许可证：{} 张", semaphore.available());
}

#[cfg(test)]
#[path = "ch02_e3_semaphore_check.rs"]
mod check;
