//! 运行：cargo run --example ch02_43_dashmap_await
//!
//! DashMap 的 Ref 拿着分片的同步读写锁。拿着它跨过 .await，同一线程上要写这一片的任务
//! 就把整个线程卡住，拿着 Ref 的任务再也轮不到：死锁。Ref 是 Send，tokio::spawn 照收不误。
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use dashmap::DashMap;
use tokio::runtime::Builder;
use tokio::task::yield_now;

type Map = Arc<DashMap<&'static str, u64>>;

// ANCHOR: tasks
/// 另一个任务：改同一个键，要那一片的写锁。
async fn writer(map: Map) {
    println!("  任务 B：要改 a");
    map.insert("a", 2);
    println!("  任务 B：改好了");
}

/// 拿着 Ref 跨过 .await。
async fn hold_ref(map: Map) {
    let b = tokio::spawn(writer(map.clone()));
    let a = map.get("a").expect("a 在表里"); // Ref：拿着 a 所在那一片的读锁
    println!("  任务 A：拿着 Ref 去 .await");
    yield_now().await; // 让出：B 开始运行，卡在 insert 上，占住了唯一的线程
    println!("  任务 A：a = {}", *a);
    drop(a);
    b.await.expect("任务 B 出错");
}

/// 先把值复制出来，Ref 在这一行末尾就放开了。
async fn copy_out(map: Map) {
    let b = tokio::spawn(writer(map.clone()));
    let a = *map.get("a").expect("a 在表里");
    println!("  任务 A：复制出 a = {a}，再 .await");
    yield_now().await;
    b.await.expect("任务 B 出错");
    println!("  任务 A：现在 a = {}", *map.get("a").expect("a 在表里"));
}
// ANCHOR_END: tasks

/// 在一个单线程运行时里把任务交给 tokio::spawn，最多等 0.5 秒。
fn run<F: Future<Output = ()> + Send + 'static>(task: F) {
    let (done, finished) = mpsc::channel();
    // 运行时放在另一个线程里：卡死的是那个线程，主线程还能报告，退出时它随进程一起结束
    thread::spawn(move || {
        let runtime = Builder::new_current_thread().build().expect("建不了运行时");
        runtime.block_on(async { tokio::spawn(task).await.expect("任务出错") });
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_millis(500)) {
        Ok(()) => println!("  结束了"),
        Err(_) => println!("  0.5 秒还没结束：死锁了"),
    }
}

fn main() {
    println!("1. 拿着 Ref 跨过 .await");
    run(hold_ref(Arc::new(DashMap::from_iter([("a", 1)]))));
    println!("2. 先复制出值");
    run(copy_out(Arc::new(DashMap::from_iter([("a", 1)]))));
}
