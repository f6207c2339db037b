//! 用 loom 对第 2 章自己实现的 `Event`、`Semaphore` 和有界队列做模型检查。
//!
//! 普通的测试只能碰上调度器碰巧给出的几种交错；loom 在 `loom::model` 里把线程的
//! 所有交错（在抢占次数的上限内）逐一跑一遍，遗漏的唤醒、死锁、越过上限都会被找出来。
//!
//! 示例文件在 `--cfg bingfa_loom` 下把 `std::sync` 的 `Mutex`、`Condvar` 换成 loom 的同名类型
//! （书里不显示那几行），这里测的仍是书里的那份代码。运行：
//!
//! ```console
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg bingfa_loom" CARGO_TARGET_DIR=target/loom cargo test --release --test ch02_loom
//! ```
#![cfg(bingfa_loom)]

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, LockResult, MutexGuard};
use loom::thread;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/ch02_13_event.rs"]
mod event;

#[allow(dead_code)]
#[path = "../examples/ch02_14_semaphore.rs"]
mod semaphore;

#[allow(dead_code)]
#[path = "../examples/ch02_12_condvar.rs"]
mod condvar;

use condvar::BoundedQueue;
use event::Event;
use semaphore::Semaphore;

/// loom 的 `Condvar` 只有 `wait`：补上示例用到的 `wait_while`、`wait_timeout_while`，
/// 写法与标准库的文档一致（条件成立就继续等）。
///
/// loom 不模拟时间：它的 `wait_timeout` 就是 `wait`，永远不会超时。所以这里只检查
/// “有人打开开关”的情形；超时的情形由 `ch02_sync.rs` 里的普通测试检查。
pub trait CondvarExt {
    fn wait_while<'a, T, F>(
        &self,
        guard: MutexGuard<'a, T>,
        condition: F,
    ) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool;

    fn wait_timeout_while<'a, T, F>(
        &self,
        guard: MutexGuard<'a, T>,
        timeout: Duration,
        condition: F,
    ) -> LockResult<(MutexGuard<'a, T>, bool)>
    where
        F: FnMut(&mut T) -> bool;
}

impl CondvarExt for loom::sync::Condvar {
    fn wait_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: F,
    ) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    fn wait_timeout_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        timeout: Duration,
        mut condition: F,
    ) -> LockResult<(MutexGuard<'a, T>, bool)>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = self.wait_timeout(guard, timeout).map(|(g, _)| g).unwrap();
        }
        Ok((guard, false))
    }
}

/// 两个线程等同一个开关，第三个线程打开它：无论怎样交错，两个等待者都会醒来
/// （没有遗漏的唤醒，也没有死锁），醒来时开关一定是开着的。
#[test]
fn event_wakes_every_waiter() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let event = Arc::clone(&event);
                thread::spawn(move || {
                    event.wait();
                    assert!(event.is_set());
                })
            })
            .collect();
        event.set();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

/// `wait_timeout` 与 `set` 同时发生：等待者看到的结果一定是“已打开”。
#[test]
fn event_wait_timeout_sees_a_concurrent_set() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let setter = {
            let event = Arc::clone(&event);
            thread::spawn(move || event.set())
        };
        assert!(event.wait_timeout(Duration::from_secs(1)));
        setter.join().unwrap();
    });
}

/// `clear` 之后再 `set`：等待者最终醒来，不会因为中间的 `clear` 永远睡下去。
#[test]
fn event_set_clear_set_still_wakes_the_waiter() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiter = {
            let event = Arc::clone(&event);
            thread::spawn(move || event.wait())
        };
        event.set();
        event.clear();
        event.set();
        waiter.join().unwrap();
    });
}

/// 3 个线程抢 2 张许可证：任何时刻最多 2 个线程在里面；许可证全部归还，
/// 没有线程永远等下去。
#[test]
fn semaphore_never_lets_in_more_than_its_permits() {
    loom::model(|| {
        let semaphore = Arc::new(Semaphore::new(2));
        let inside = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let (semaphore, inside) = (Arc::clone(&semaphore), Arc::clone(&inside));
                thread::spawn(move || {
                    let _permit = semaphore.acquire();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    assert!(now <= 2, "同时有 {now} 个线程拿着许可证");
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        // 许可证都还回来了：还能一次拿到两张。
        let (_a, _b) = (semaphore.acquire(), semaphore.acquire());
    });
}

/// 容量为 1 的队列，一个生产者、一个消费者：元素不丢、不重、不乱序，
/// 队列长度从不超过容量，双方都不会永远等下去。
#[test]
fn bounded_queue_delivers_in_order_within_capacity() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                let mut longest = 0;
                for item in [Some(1), Some(2), None] {
                    longest = longest.max(queue.push(item));
                }
                longest
            })
        };
        let mut received = Vec::new();
        while let Some(n) = queue.pop() {
            received.push(n);
        }
        assert_eq!(received, [1, 2]);
        assert_eq!(producer.join().unwrap(), 1);
    });
}
