//! 第 2 章里手写的同步工具：`Event`、`Semaphore`、有界队列，以及素数计数。
//!
//! 直接把示例文件作为模块引入，测试的就是书里展示的那份代码。
//! 这些测试不断言任何耗时；线程的先后交给屏障和通道安排，不靠运气。

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex, mpsc};
use std::thread;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/ch02_19_event.rs"]
mod event;

#[allow(dead_code)]
#[path = "../examples/ch02_20_semaphore.rs"]
mod semaphore;

#[allow(dead_code)]
#[path = "../examples/ch02_18_condvar.rs"]
mod condvar;

#[allow(dead_code)]
#[path = "../examples/ch02_05_no_gil.rs"]
mod no_gil;

use event::Event;
use semaphore::Semaphore;

#[test]
fn event_starts_cleared_and_can_be_set_and_cleared() {
    let event = Event::new();
    assert!(!event.is_set());
    assert!(!event.wait_timeout(Duration::from_millis(1)));
    event.set();
    assert!(event.is_set());
    assert!(event.wait_timeout(Duration::from_millis(1)));
    event.wait(); // 已经打开：立即返回
    event.clear();
    assert!(!event.is_set());
}

#[test]
fn event_set_releases_every_waiter() {
    let event = Event::new();
    let waiting = AtomicUsize::new(0);
    thread::scope(|s| {
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    waiting.fetch_add(1, Ordering::SeqCst);
                    event.wait();
                    event.is_set()
                })
            })
            .collect();
        // 线程不一定已经进入 wait；无论早晚，set 之后都必须放行。
        while waiting.load(Ordering::SeqCst) < 4 {
            thread::yield_now();
        }
        event.set();
        for waiter in waiters {
            assert!(waiter.join().unwrap());
        }
    });
}

#[test]
fn semaphore_never_lets_more_than_its_permits_through() {
    let permits = 3;
    let semaphore = Semaphore::new(permits);
    let inside = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..200 {
                    let _permit = semaphore.acquire();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    thread::yield_now();
                    inside.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
    });
    let most = most.load(Ordering::SeqCst);
    assert!((1..=permits).contains(&most), "同时进入了 {most} 个");
}

#[test]
fn semaphore_blocks_when_empty_and_wakes_on_release() {
    let semaphore = Semaphore::new(1);
    let first = semaphore.acquire();
    let (tx, rx) = mpsc::channel();
    thread::scope(|s| {
        s.spawn(|| {
            let _second = semaphore.acquire();
            tx.send(()).unwrap();
        });
        // 唯一的许可在我们手里：另一个线程拿不到，也就发不出消息。
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err());
        drop(first); // 归还许可
        rx.recv().expect("归还许可后，等待的线程应当拿到它");
    });
    // 许可已经还回来了：可以立即再拿一次。
    drop(semaphore.acquire());
}

#[test]
fn bounded_queue_keeps_order_and_capacity() {
    let queue = condvar::BoundedQueue::new(2);
    let longest = Mutex::new(0);
    let start = Barrier::new(2);
    let received = thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            for n in 0..500 {
                let len = queue.push(Some(n));
                let mut longest = longest.lock().unwrap();
                *longest = (*longest).max(len);
            }
            queue.push(None);
        });
        let consumer = s.spawn(|| {
            start.wait();
            let mut got = Vec::new();
            while let Some(n) = queue.pop() {
                got.push(n);
            }
            got
        });
        consumer.join().unwrap()
    });
    assert_eq!(received, (0..500).collect::<Vec<_>>());
    assert!(*longest.lock().unwrap() <= 2);
}

#[test]
fn counting_primes_agrees_with_known_values() {
    assert_eq!(no_gil::count_primes(0, 100), 25);
    assert_eq!(no_gil::count_primes(0, 10_000), 1229);
    // 分块之后再加起来，结果不变。
    let pieces: usize = (0..10_000)
        .step_by(700)
        .map(|start| no_gil::count_primes(start, (start + 700).min(10_000)))
        .sum();
    assert_eq!(pieces, 1229);
}

#[test]
fn counting_in_parallel_gives_the_same_answer_for_any_thread_count() {
    // π(10⁶)：1 个线程、块数（100）除不尽的 7 个、比块数还多的 150 个，答案都一样。
    for threads in [1, 7, 150] {
        assert_eq!(
            no_gil::count_in_parallel(threads),
            78_498,
            "{threads} 个线程"
        );
    }
}
