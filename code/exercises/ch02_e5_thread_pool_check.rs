//! 练习 2.5 的检查：参考答案和起始代码共用这些测试。
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use super::ThreadPool;

#[test]
fn shutdown_waits_for_every_queued_job() {
    let done = Arc::new(AtomicUsize::new(0));
    let pool = ThreadPool::new(4, 2);
    for _ in 0..500 {
        let done = Arc::clone(&done);
        pool.execute(move || {
            thread::yield_now();
            done.fetch_add(1, Ordering::Relaxed);
        });
    }
    pool.shutdown();
    assert_eq!(done.load(Ordering::Relaxed), 500);
}

#[test]
fn dropping_the_pool_also_finishes_the_jobs() {
    let done = Arc::new(AtomicUsize::new(0));
    {
        let pool = ThreadPool::new(2, 10);
        for _ in 0..50 {
            let done = Arc::clone(&done);
            pool.execute(move || {
                done.fetch_add(1, Ordering::Relaxed);
            });
        }
    } // pool 在这里被丢弃
    assert_eq!(done.load(Ordering::Relaxed), 50);
}

#[test]
fn jobs_run_on_at_most_the_given_number_of_threads() {
    let seen = Arc::new(Mutex::new(HashSet::new()));
    let pool = ThreadPool::new(3, 1);
    for _ in 0..200 {
        let seen = Arc::clone(&seen);
        pool.execute(move || {
            seen.lock().unwrap().insert(thread::current().id());
        });
    }
    pool.shutdown();
    let threads = seen.lock().unwrap().len();
    assert!((1..=3).contains(&threads), "用了 {threads} 个线程");
    assert!(!seen.lock().unwrap().contains(&thread::current().id()));
}

/// 1 个工人、队列长 1：工人被第一个作业卡住，第二个作业排队，第三个提交时必须等。
#[test]
fn execute_waits_while_the_queue_is_full() {
    let pool = Arc::new(ThreadPool::new(1, 1));
    let (open_tx, open_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    pool.execute(move || {
        started_tx.send(()).unwrap();
        open_rx.recv().unwrap(); // 等测试“开门”
    });
    started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    pool.execute(|| {}); // 排进队列

    let (submitted_tx, submitted_rx) = mpsc::channel();
    let submitter = {
        let pool = Arc::clone(&pool);
        thread::spawn(move || {
            pool.execute(|| {});
            submitted_tx.send(()).unwrap();
        })
    };
    assert!(
        submitted_rx
            .recv_timeout(Duration::from_millis(100))
            .is_err(),
        "队列满了，提交却没有等"
    );
    open_tx.send(()).unwrap();
    submitted_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("队列有了空位，提交却还在等");
    submitter.join().unwrap();
}
