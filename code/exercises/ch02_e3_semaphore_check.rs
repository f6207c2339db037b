//! 练习 2.3 的检查：参考答案和起始代码共用这些测试。
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use bingfa::check::watch;

use super::Semaphore;

/// 死锁时测试失败，而不是永远卡住（[`watch`] 看的是有没有进展）。
fn watched<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    watch("疑似死锁（是不是一张一张地拿许可证？）", f)
}

#[test]
fn permits_are_taken_and_returned() {
    let semaphore = Semaphore::new(5);
    let a = semaphore.acquire(2);
    assert_eq!(semaphore.available(), 3);
    let b = semaphore.acquire(3);
    assert_eq!(semaphore.available(), 0);
    drop(a);
    assert_eq!(semaphore.available(), 2);
    drop(b);
    assert_eq!(semaphore.available(), 5);
    drop(semaphore.acquire(0));
    assert_eq!(semaphore.available(), 5);
}

#[test]
#[should_panic(expected = "总共只有 2 张")]
fn asking_for_more_than_the_total_panics() {
    Semaphore::new(2).acquire(3);
}

#[test]
fn a_waiting_thread_continues_once_enough_permits_come_back() {
    let semaphore = Arc::new(Semaphore::new(2));
    let held = semaphore.acquire(1);
    let (tx, rx) = mpsc::channel();
    let waiter = {
        let semaphore = Arc::clone(&semaphore);
        thread::spawn(move || {
            let _two = semaphore.acquire(2);
            tx.send(()).unwrap();
        })
    };
    // 只剩 1 张，要 2 张的线程必须等着。
    assert!(rx.recv_timeout(Duration::from_millis(100)).is_err());
    drop(held);
    let hint = "许可证还回来了，等待的线程却没有继续（还许可证时叫醒等待的线程了吗？）";
    watch(hint, move || rx.recv()).expect("等待的线程没拿到许可证就结束了");
    waiter.join().unwrap();
    assert_eq!(semaphore.available(), 2);
}

/// 压力测试：16 个线程各拿 300 次，每次要 1–3 张（共 4 张）。
/// 任何时刻占用的张数都不超过 4，最后全部还回来，而且没有死锁。
#[test]
fn stress_never_exceeds_the_total_and_never_deadlocks() {
    let (in_use, most) = watched(|| {
        let semaphore = Semaphore::new(4);
        let in_use = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        thread::scope(|scope| {
            for t in 0..16 {
                let (semaphore, in_use, most) = (&semaphore, &in_use, &most);
                scope.spawn(move || {
                    for i in 0..300 {
                        let need = (t + i) % 3 + 1;
                        let _permits = semaphore.acquire(need);
                        let now = in_use.fetch_add(need, Ordering::SeqCst) + need;
                        most.fetch_max(now, Ordering::SeqCst);
                        thread::yield_now();
                        in_use.fetch_sub(need, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(semaphore.available(), 4, "有许可证没还回来");
        (in_use.into_inner(), most.into_inner())
    });
    assert_eq!(in_use, 0);
    assert!(most <= 4, "同时占用了 {most} 张");
}
