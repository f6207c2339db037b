//! 持有标准库的 MutexGuard 跨过 await，再交给 tokio::spawn：编译器拒绝。
use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let balance = Arc::new(Mutex::new(100));
    let task = tokio::spawn({
        let balance = Arc::clone(&balance);
        async move {
            let mut guard = balance.lock().unwrap();
            tokio::task::yield_now().await; // 持有 std 的锁时 await
            *guard += 1;
        }
    });
    task.await.unwrap();
}
