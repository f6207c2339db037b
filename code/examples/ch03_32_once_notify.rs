//! 运行：cargo run --example ch03_32_once_notify
//!
//! OnceCell：初始化要 await，也只做一次。Notify：不带数据的“醒一醒”。
use std::time::Duration;

use tokio::sync::{Notify, OnceCell};
use tokio::time::{sleep, timeout};

static CONFIG: OnceCell<String> = OnceCell::const_new();

/// 第一次调用时去“远处”取配置；同时来的调用者等它取完，之后直接拿结果。
async fn config() -> &'static str {
    CONFIG
        .get_or_init(|| async {
            println!("从配置服务器读取（只发生一次）");
            sleep(Duration::from_millis(100)).await;
            "每秒 10 个请求".to_string()
        })
        .await
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (a, b, c) = tokio::join!(config(), config(), config());
    println!("三处同时要配置，拿到的都是：{a} / {b} / {c}");

    let notify = Notify::new();
    // 还没有人在等：notify_one 存下一个许可证，后来的等待者不会错过它。
    notify.notify_one();
    notify.notify_one(); // 许可证最多存一个，不会累加
    notify.notified().await;
    println!("先通知、后等待：立即醒来");
    let again = timeout(Duration::from_millis(100), notify.notified()).await;
    println!(
        "再等一次：{}",
        if again.is_err() {
            "超时，没有第二个许可证"
        } else {
            "醒来"
        }
    );
}
