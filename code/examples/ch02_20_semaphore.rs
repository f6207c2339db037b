//! 运行：cargo run --example ch02_20_semaphore
//!
//! 标准库没有信号量，用 `Mutex<usize>` + `Condvar` 做一个，限制“最多同时 3 个下载”。
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// 计数信号量：最多 `permits` 个线程同时通过。
pub struct Semaphore {
    permits: Mutex<usize>,
    returned: Condvar,
}

/// 一张许可证。它被丢弃（离开作用域）时，这张许可证自动还回去。
/// `'a` 表示它借用着信号量：许可证不能比它来自的那个信号量活得更久。
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            permits: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    /// 取一张许可证；一张都没有时等待。
    pub fn acquire(&self) -> Permit<'_> {
        let permits = self.permits.lock().unwrap();
        let mut permits = self.returned.wait_while(permits, |n| *n == 0).unwrap();
        *permits -= 1;
        Permit { semaphore: self }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.permits.lock().unwrap() += 1;
        self.semaphore.returned.notify_one();
    }
}

fn main() {
    let downloads = Semaphore::new(3);
    // 记录“此刻有几个在下载”和“最多时有几个”，用来检查信号量确实起了作用。
    let active = Mutex::new((0, 0));
    let start = Instant::now();

    thread::scope(|s| {
        for _ in 1..=6 {
            s.spawn(|| {
                let _permit = downloads.acquire();
                {
                    let mut a = active.lock().unwrap();
                    a.0 += 1;
                    a.1 = a.1.max(a.0);
                }
                thread::sleep(Duration::from_millis(500)); // 下载要 0.5 秒
                active.lock().unwrap().0 -= 1;
            }); // _permit 在这里被丢弃，下一个等待的线程可以开始
        }
    });

    let (_, most) = active.into_inner().unwrap();
    assert!(most <= 3, "同时下载了 {most} 个");
    let elapsed = start.elapsed().as_secs_f64();
    println!("6 个文件下载完毕，用时 {elapsed:.1} 秒");
    println!("同时进行的下载从未超过 3 个");
}
