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

/// “作业要借用局部变量时，用 `rayon::scope` ……作用域结束前等所有作业做完”。
#[test]
fn rayon_scope_jobs_borrow_locals_and_finish_before_it_returns() {
    let words = ["甲", "乙", "丙"];
    let done = std::sync::atomic::AtomicUsize::new(0);
    rayon::scope(|s| {
        for word in &words {
            let done = &done;
            s.spawn(move |_| {
                thread::sleep(Duration::from_millis(20));
                assert!(!word.is_empty());
                done.fetch_add(1, Ordering::Relaxed);
            });
        }
    });
    assert_eq!(done.load(Ordering::Relaxed), words.len());
}

/// “直接 `collect::<anyhow::Result<Vec<_>>>()`：全部成功时得到 `Ok(Vec)`，否则得到其中一个 `Err`”。
#[test]
fn par_iter_collects_into_one_result() {
    use rayon::prelude::*;
    let parse = |s: &&str| s.parse::<u32>().map_err(anyhow::Error::from);
    let all: anyhow::Result<Vec<u32>> = ["1", "2", "3"].par_iter().map(parse).collect();
    assert_eq!(all.unwrap(), [1, 2, 3]);
    let some: anyhow::Result<Vec<u32>> = ["1", "x", "3", "y"].par_iter().map(parse).collect();
    assert!(some.is_err());
}

/// “`static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());` 可以直接写”。
#[test]
fn a_static_mutex_needs_no_lazy_initialisation() {
    static LOG: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    thread::scope(|s| {
        for i in 0..3 {
            s.spawn(move || LOG.lock().unwrap().push(format!("线程 {i}")));
        }
    });
    assert_eq!(LOG.lock().unwrap().len(), 3);
}

/// “弱引用 `Weak`……不计入强引用计数，用的时候 `upgrade` 成 `Option<Arc<T>>`，对方已被释放就是 `None`”。
#[test]
fn weak_does_not_keep_its_target_alive() {
    let strong = std::sync::Arc::new(5);
    let weak = std::sync::Arc::downgrade(&strong);
    assert_eq!(std::sync::Arc::strong_count(&strong), 1);
    assert_eq!(weak.upgrade().as_deref(), Some(&5));
    drop(strong);
    assert!(weak.upgrade().is_none());
}
