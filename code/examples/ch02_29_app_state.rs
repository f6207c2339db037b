//! 运行：cargo run --example ch02_29_app_state
//!
//! 全局状态放在哪：一个全局计数器可以是 `static` 原子变量；其余的装进 `AppState`，用 `Arc` 交给每个线程。
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// 可变的全局变量：原子类型是 `Sync` 的，初始值编译时就能算出，不用 `unsafe`，也不用 `LazyLock`。
static REQUESTS: AtomicUsize = AtomicUsize::new(0);

/// 程序的共享状态：启动时建好一次，之后每个线程拿一份 `Arc`。
struct AppState {
    greeting: String,                     // 只读的配置，不用锁
    visits: Mutex<BTreeMap<String, u32>>, // 要改的部分自己带锁
}

fn handle(state: &AppState, user: &str) -> String {
    REQUESTS.fetch_add(1, Ordering::Relaxed);
    *state
        .visits
        .lock()
        .unwrap()
        .entry(user.to_string())
        .or_insert(0) += 1;
    format!("{}，{user}", state.greeting)
}

fn main() {
    let state = Arc::new(AppState {
        greeting: "你好".to_string(),
        visits: Mutex::new(BTreeMap::new()),
    });

    let handles: Vec<_> = ["小明", "小红", "小明"]
        .into_iter()
        .map(|user| {
            let state = Arc::clone(&state);
            thread::spawn(move || handle(&state, user))
        })
        .collect();
    for h in handles {
        println!("{}", h.join().unwrap());
    }

    println!("来访：{:?}", state.visits.lock().unwrap());
    println!("全局计数 REQUESTS = {}", REQUESTS.load(Ordering::Relaxed));
}
