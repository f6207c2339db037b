//! 运行：cargo run --example ch03_08_abort
//!
//! 取消一个任务：它停在当前的 await 处，再也不会往下执行；局部变量照常被丢弃。
use std::time::Duration;

/// 离开作用域时打印一句话，好让你看见清理确实发生了。
struct TempFile(&'static str);

impl Drop for TempFile {
    fn drop(&mut self) {
        println!("  删除临时文件 {}", self.0);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let task = tokio::spawn(async {
        let _partial = TempFile("big.iso.part");
        println!("  任务开始下载，要等一个小时……");
        tokio::time::sleep(Duration::from_secs(3600)).await;
        println!("  这一行永远不会打印");
    });

    tokio::task::yield_now().await; // 让出一次，任务先跑到它的第一个 await
    println!("主任务：不等了，取消它");
    task.abort();

    match task.await {
        Err(e) if e.is_cancelled() => println!("主任务：任务已被取消"),
        Err(e) => println!("主任务：任务 panic 了：{e}"),
        Ok(()) => println!("主任务：任务居然正常完成了"),
    }
}
