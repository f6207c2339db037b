//! 运行：cargo run --example ch03_06_task_panic
//!
//! 任务 panic 了：它的 JoinHandle 交回 Err(JoinError)，运行时和别的任务照常运行。
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let healthy = tokio::spawn(async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        "另一个任务照常完成"
    });
    let buggy = tokio::spawn(async {
        let size: u64 = "12x".parse().unwrap(); // bug：没有处理坏数据
        size
    });

    match buggy.await {
        Ok(size) => println!("大小：{size}"),
        Err(e) if e.is_panic() => {
            // into_panic 交回 panic 时带的值：panic!("…") 和 unwrap 的信息是 &str 或 String。
            let payload = e.into_panic();
            let message = (payload.downcast_ref::<String>().map(String::as_str))
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("（非文字信息）");
            println!("任务 panic 了：{message}");
        }
        Err(e) => println!("任务被取消了：{e}"),
    }
    println!("{}", healthy.await.expect("这个任务不会 panic"));
    println!("main 照常结束");
}
