//! 运行：cargo run --example ch02_e3_semaphore
//!
//! 练习 2.3 的参考答案：一次可以拿多张许可证的计数信号量（大的作业要两张许可证、小的要一张）。
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
        // 练习：一开始所有许可证都可用
        Semaphore {
            total,
            available: Mutex::new(total),
            returned: Condvar::new(),
        }
    }

    /// 一次拿 `count` 张：不够就等，够了一起拿走，绝不先拿一部分。
    /// `count` 超过总数时永远等不到，所以直接 panic。
    pub fn acquire(&self, count: usize) -> Permits<'_> {
        // 练习：不够就在条件变量上等；够了一次拿走 count 张
        assert!(
            count <= self.total,
            "要 {count} 张，总共只有 {} 张",
            self.total
        );
        let available = self.available.lock().unwrap();
        // wait_while 醒来后会重新检查条件：被别人抢先，或者虚假唤醒，都会接着等。
        let mut available = self.returned.wait_while(available, |n| *n < count).unwrap();
        *available -= count;
        Permits {
            semaphore: self,
            count,
        }
    }

    /// 此刻还剩几张。
    pub fn available(&self) -> usize {
        // 练习：读出还剩几张
        *self.available.lock().unwrap()
    }
}

impl Drop for Permits<'_> {
    fn drop(&mut self) {
        // 练习：把拿走的张数还回去，叫醒等待的线程
        *self.semaphore.available.lock().unwrap() += self.count;
        // 用 notify_all：还回 2 张时，也许一个要 2 张的、或两个要 1 张的都能继续。
        self.semaphore.returned.notify_all();
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
