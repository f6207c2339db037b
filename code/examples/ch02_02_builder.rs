//! 运行：cargo run --example ch02_02_builder
//!
//! 用 `thread::Builder` 给线程起名字、指定栈大小。
use std::thread;

fn main() {
    let builder = thread::Builder::new()
        .name("下载器-1".to_string())
        .stack_size(256 * 1024); // 256 KiB；不指定时，目前 Rust 给新线程 2 MiB

    // 与 thread::spawn 不同，Builder::spawn 返回 io::Result：
    // 操作系统创建不了线程时（比如资源耗尽），拿到的是一个错误，而不是 panic。
    let handle = builder
        .spawn(|| {
            let me = thread::current();
            format!("你好，我是线程“{}”", me.name().unwrap_or("无名"))
        })
        .expect("操作系统没能创建线程");

    println!("{}", handle.join().expect("子线程不会 panic"));

    // 用 thread::spawn 启动的线程没有名字。
    let anonymous = thread::spawn(|| thread::current().name().map(str::to_owned));
    println!(
        "匿名线程的名字：{:?}",
        anonymous.join().expect("子线程不会 panic")
    );
}
