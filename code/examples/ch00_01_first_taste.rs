//! 运行：cargo run --example ch00_01_first_taste
//!
//! 前言：“下载”两个文件，每个要等 1 秒。一个接一个做，和同时做，差多少？
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    bingfa::reject_args(); // 这个例子不需要命令行参数，多给了就报错退出
    let scale = bingfa::time_scale(); // 你运行示例时是 1.0；测试时是 0.01
    let one_second = Duration::from_secs(1).mul_f64(scale);
    let seconds = |start: Instant| start.elapsed().as_secs_f64() / scale;

    // 1. 顺序执行：第二个要等第一个做完。
    let start = Instant::now();
    thread::sleep(one_second);
    thread::sleep(one_second);
    println!("顺序执行：用时 {:.1} 秒", seconds(start));

    // 2. 两个线程：操作系统让它们同时等待。
    let start = Instant::now();
    let first = thread::spawn(move || thread::sleep(one_second));
    let second = thread::spawn(move || thread::sleep(one_second));
    first.join().unwrap();
    second.join().unwrap();
    println!("两个线程：用时 {:.1} 秒", seconds(start));

    // 3. 一个线程上的两段异步等待：join! 同时推进它们，谁在等就先让出。
    let start = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        tokio::join!(
            tokio::time::sleep(one_second),
            tokio::time::sleep(one_second)
        );
    });
    println!("两段异步等待：用时 {:.1} 秒", seconds(start));
}
