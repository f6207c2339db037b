//! 运行：cargo run --example ch03_30_async_closure
//!
//! async 闭包（Rust 1.85 起）：`async || { … }`，参数的约束写成 AsyncFnMut() -> T。
//! 它交回的 Future 可以借用闭包捕获的变量，这是“返回 async 块的闭包”做不到的。
use std::fmt::Display;
use std::time::Duration;

use tokio::time::sleep;

/// 假装下载：前两次失败，第三次成功。
async fn download(url: &str, attempt: u32) -> Result<String, String> {
    sleep(Duration::from_millis(50)).await;
    if attempt < 3 {
        Err(format!("第 {attempt} 次下载 {url} 失败"))
    } else {
        Ok(format!("{url} 的内容"))
    }
}

/// 反复调用 op，直到成功或用完 times 次机会。
async fn retry<T, E: Display>(
    times: u32,
    mut op: impl AsyncFnMut() -> Result<T, E>,
) -> Result<T, E> {
    let mut tries = 1;
    loop {
        match op().await {
            Err(e) if tries < times => {
                println!("{e}，重试");
                tries += 1;
            }
            result => return result,
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = String::from("https://example.com/big.iso");
    let mut attempts = 0;
    // 闭包借用 url、修改 attempts，交回的 Future 里用着这两个借用。
    let result = retry(5, async || {
        attempts += 1;
        download(&url, attempts).await
    })
    .await;
    println!("{result:?}，一共试了 {attempts} 次");
}
