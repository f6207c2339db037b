//! 运行：cargo run --example ch03_44_nested_runtime
//!
//! 一个同步函数里自己建运行时、block_on 一段异步代码。从异步代码里调用它就会 panic：
//! 这个线程正在替外层的运行时轮询任务，不能再被一个 block_on 卡住。后面是三种改法。
use std::time::Duration;

use tokio::runtime::{Builder, Handle};

async fn fetch_config() -> String {
    tokio::time::sleep(Duration::from_millis(10)).await;
    "port = 8080".to_string()
}

// ANCHOR: main
/// 同步的接口，里面自己建一个运行时。在普通线程里调用没问题。
fn load_config_blocking() -> String {
    let runtime = Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(fetch_config())
}

#[tokio::main]
async fn main() {
    // 错的：在异步代码里调用它。放进单独的任务，panic 只让这个任务失败。
    let wrong = tokio::spawn(async { load_config_blocking() }).await;
    match wrong {
        Err(e) if e.is_panic() => println!("在异步代码里调用它：任务 panic 了，消息见上面"),
        _ => println!("在异步代码里调用它：居然没有 panic"),
    }

    // 改法一：本来就在异步代码里，直接 .await。
    println!("直接 .await：{}", fetch_config().await);

    // 改法二：同步代码放到 spawn_blocking 的线程上，那里可以卡住；
    // 用 Handle::current() 借外层的运行时来 block_on，不必另建一个。
    let config = tokio::task::spawn_blocking(|| Handle::current().block_on(fetch_config()))
        .await
        .unwrap();
    println!("spawn_blocking 里 block_on：{config}");

    // 改法三：block_in_place 先把这个工作线程的职责交出去，再在原地卡住（只限多线程运行时）。
    let config = tokio::task::block_in_place(|| Handle::current().block_on(fetch_config()));
    println!("block_in_place 里 block_on：{config}");

    // 另一个运行时也可以有，只要它在自己的线程上：那里没有外层的运行时。
    let config = std::thread::spawn(load_config_blocking).join().unwrap();
    println!("另一个线程上的运行时：{config}");
}
// ANCHOR_END: main
