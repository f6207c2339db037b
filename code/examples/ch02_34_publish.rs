//! 运行：cargo run --example ch02_34_publish
//!
//! 写者先写数据、再立起“写好了”的标志；读者看到标志，就去读数据。
//! 标志用 Release/Acquire，和全用 Relaxed，读者可能读到什么？
//! 在 x86 上跑一百万遍也很难碰上出错的那一种，所以这里让 loom 把内存模型
//! 允许的执行逐一跑一遍，列出读者看到过的结果。
use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use loom::thread;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// 在 loom 下把“写者发布、读者看一眼”跑遍所有执行，收集读者看到的结果。
fn outcomes(store_flag: Ordering, load_flag: Ordering) -> Vec<String> {
    // 收集结果的是普通的 std 类型：它不属于被检查的程序，loom 不管它。
    let seen = std::sync::Arc::new(Mutex::new(BTreeSet::new()));
    let seen_by_model = std::sync::Arc::clone(&seen);
    loom::model(move || {
        let data = Arc::new(AtomicU64::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let writer = {
            let (data, ready) = (Arc::clone(&data), Arc::clone(&ready));
            thread::spawn(move || {
                data.store(42, Ordering::Relaxed); // 先写数据
                ready.store(true, store_flag); // 再立起标志
            })
        };
        let seen_now = if ready.load(load_flag) {
            format!("数据 = {}", data.load(Ordering::Relaxed))
        } else {
            "标志还没立起来".to_string()
        };
        seen_by_model.lock().unwrap().insert(seen_now);
        writer.join().unwrap();
    });
    let seen = seen.lock().unwrap();
    seen.iter().cloned().collect()
}

fn main() {
    let paired = outcomes(Ordering::Release, Ordering::Acquire);
    println!("Release / Acquire：读者看到过 {}", paired.join("、"));
    // 只有一半：写者 Release，读者却用 Relaxed 读标志
    let half = outcomes(Ordering::Release, Ordering::Relaxed);
    println!("Release / Relaxed：读者看到过 {}", half.join("、"));
    let relaxed = outcomes(Ordering::Relaxed, Ordering::Relaxed);
    println!("Relaxed / Relaxed：读者看到过 {}", relaxed.join("、"));
}
