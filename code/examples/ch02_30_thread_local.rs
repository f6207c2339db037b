//! 运行：cargo run --example ch02_30_thread_local
//!
//! `thread_local!`：每个线程各有一份，互不干扰，也就不需要锁。
use std::cell::Cell;
use std::thread;

thread_local! {
    static DOWNLOADED: Cell<u32> = const { Cell::new(0) };
}

fn download_one() {
    DOWNLOADED.set(DOWNLOADED.get() + 1);
}

fn main() {
    let handles: Vec<_> = [2, 5, 3]
        .into_iter()
        .map(|files| {
            thread::spawn(move || {
                for _ in 0..files {
                    download_one();
                }
                DOWNLOADED.get() // 只看得到本线程自己的计数
            })
        })
        .collect();

    for (i, handle) in handles.into_iter().enumerate() {
        println!("线程 {i} 下载了 {} 个", handle.join().unwrap());
    }
    println!("主线程的计数：{}", DOWNLOADED.get());
}
