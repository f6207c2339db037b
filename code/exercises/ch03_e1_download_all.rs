//! 练习 3.1：cargo test --example ch03_e1_download_all_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 同时开始所有下载，按提交的顺序收集结果；总时间约等于最慢的那一个。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装下载：等 `millis` 毫秒，返回一句说明。
pub async fn download(name: &'static str, millis: u64) -> String {
    sleep(Duration::from_millis(millis)).await;
    format!("{name}（{millis} 毫秒）")
}

/// 同时下载所有文件，结果的顺序和 `jobs` 一致（而不是完成的先后）。
pub async fn download_all(jobs: &[(&'static str, u64)]) -> Vec<String> {
    todo!("先 tokio::spawn 所有下载，再按顺序 await")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let results = download_all(&[("a.pdf", 600), ("b.pdf", 200), ("c.pdf", 400)]).await;
    for line in &results {
        println!("下载完成：{line}");
    }
    let total = start.elapsed().as_secs_f64();
    println!("总共用了 {total:.1} 秒");
}

#[cfg(test)]
#[path = "ch03_e1_download_all_check.rs"]
mod check;
