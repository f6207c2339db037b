//! 运行：cargo run --example ch03_e1_download_all
//!
//! 练习 3.1 的参考答案：同时开始所有下载，按提交的顺序收集结果；总时间约等于最慢的那一个。
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// 假装下载：等 `millis` 毫秒，返回一句说明。
pub async fn download(name: &'static str, millis: u64) -> String {
    sleep(Duration::from_millis(millis)).await;
    format!("{name}（{millis} 毫秒）")
}

/// 同时下载所有文件，结果的顺序和 `jobs` 一致（而不是完成的先后）。
pub async fn download_all(jobs: &[(&'static str, u64)]) -> Vec<String> {
    // 练习：先 tokio::spawn 所有下载，再按顺序 await
    // 先全部 spawn：从这一刻起它们都在事件循环里，同时“下载”。
    let handles: Vec<_> = jobs
        .iter()
        .map(|&(name, millis)| tokio::spawn(download(name, millis)))
        .collect();
    // 再按顺序 await：等第一个的时候，其余的也在跑。
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("下载任务不会 panic"));
    }
    results
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
