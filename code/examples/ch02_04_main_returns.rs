//! 运行：cargo run --example ch02_04_main_returns
//!
//! `main` 一返回，整个进程就结束了：还在干活的线程被直接停下，它的 `Drop` 不会运行。
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// 被丢弃时说一声，看得出 `Drop` 有没有运行。
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("{}：Drop 运行了", self.0);
    }
}

fn main() {
    let (started_tx, started) = mpsc::channel();
    let handle = thread::spawn(move || {
        let _temp = Noisy("工作线程的临时文件");
        started_tx.send(()).unwrap();
        thread::sleep(Duration::from_secs(10)); // 一件要做 10 秒的工作
        println!("工作线程：做完了");
    });
    // 丢弃 JoinHandle 并不停下线程，只是从此再也没法 join 它（线程被分离了）。
    drop(handle);

    started.recv().unwrap(); // 等工作线程真的开始干活
    println!("主线程：工作线程已经开始了，它要做 10 秒");
    let _local = Noisy("main 的局部变量");
    println!("主线程：main 返回");
}
