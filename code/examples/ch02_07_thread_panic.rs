//! 运行：cargo run --example ch02_07_thread_panic
//!
//! 线程里的 panic 不会悄悄消失：`join` 把它作为 `Err` 交回，`thread::scope` 在结束时把它再抛出来。
use std::any::Any;
use std::panic;
use std::thread;

/// panic 的载荷（payload）：`panic!("…")` 给的是 `&str` 或 `String`。
fn message(payload: &(dyn Any + Send)) -> &str {
    (payload.downcast_ref::<&str>().copied())
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("（不是文字）")
}

fn main() {
    // 1. spawn + join：panic 的线程结束了，join 得到 Err，里面装着 panic 的信息。
    let handle = thread::spawn(|| {
        let files: Vec<&str> = Vec::new();
        println!("第一个文件：{}", files[0]); // 下标越界，这个线程 panic
    });
    match handle.join() {
        Ok(()) => println!("线程正常结束"),
        Err(payload) => println!("join 得到 Err：{}", message(&*payload)),
    }

    // 2. scope：没有手动 join 的线程 panic 了，scope 等所有线程结束后自己 panic。
    //    用 catch_unwind 捕获它，程序才能接着往下走（平时让它一路 panic 上去就好）。
    let result = panic::catch_unwind(|| {
        thread::scope(|s| {
            s.spawn(|| panic!("扫描到一半，磁盘满了"));
        });
        println!("这一行不会执行");
    });
    if let Err(payload) = result {
        println!("scope 结束时 panic：{}", message(&*payload));
    }
    println!("主线程还活着");
}
