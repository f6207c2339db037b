//! 第 2 章正文说了、但没有代码单元演示的几件事。

use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

/// panic 的信息：`panic!("…")` 给的是 `&str` 或 `String`。
fn message(payload: &(dyn std::any::Any + Send)) -> String {
    (payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// “想拿到原来的信息，就手动 `join`……这时 `scope` 就不再 panic。”
#[test]
fn joining_a_scoped_thread_by_hand_keeps_scope_from_panicking() {
    let joined = thread::scope(|s| {
        let handle = s.spawn(|| panic!("原来的信息"));
        handle.join()
    });
    let payload = joined.expect_err("线程 panic 了，join 应当是 Err");
    assert_eq!(message(&*payload), "原来的信息");
}

/// “`scope` 等所有线程都结束后，自己也 panic，信息固定是‘a scoped thread panicked’”，
/// 而且没有 panic 的线程照样做完。
#[test]
fn scope_panics_with_a_fixed_message_after_every_thread_has_finished() {
    let finished = AtomicBool::new(false);
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| {
        thread::scope(|s| {
            s.spawn(|| panic!("原来的信息"));
            s.spawn(|| {
                thread::sleep(Duration::from_millis(50));
                finished.store(true, Ordering::Relaxed);
            });
        });
    }));
    let payload = result.expect_err("scope 应当 panic");
    assert_eq!(message(&*payload), "a scoped thread panicked");
    assert!(finished.load(Ordering::Relaxed));
}

/// 练习 2.5 之后的那句话：`catch_unwind(AssertUnwindSafe(job))` 能接住一个装箱作业的 panic。
#[test]
fn catch_unwind_catches_a_boxed_job() {
    type Job = Box<dyn FnOnce() + Send + 'static>;
    let job: Job = Box::new(|| panic!("作业出错"));
    let caught = panic::catch_unwind(panic::AssertUnwindSafe(job));
    assert_eq!(message(&*caught.expect_err("应当接住")), "作业出错");
}

/// “默认每个 CPU 核心一个线程（环境变量 `RAYON_NUM_THREADS` 可以改）”。
#[test]
fn rayon_uses_one_thread_per_core_by_default() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return; // 读者自己设了，默认值就不适用
    }
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(rayon::current_num_threads(), cores);
}
