//! 运行：cargo run --example ch04_03_retry
//!
//! 爬虫里的一个请求：每次尝试都限时，失败了等一会儿再试，等待的时间每次翻倍。
use std::time::Duration;

use anyhow::{anyhow, bail};
use tokio::time::{Instant, sleep, timeout};

/// 假装的网络请求：第 1 次对方一直不回应，第 2 次返回 503，第 3 次才成功。
async fn fetch(url: &str, attempt: u32) -> anyhow::Result<String> {
    match attempt {
        1 => {
            sleep(Duration::from_secs(3600)).await;
            Ok(format!("{url} 的内容（一小时以后）"))
        }
        2 => {
            sleep(Duration::from_millis(50)).await;
            bail!("服务器返回 503（暂时不可用）")
        }
        _ => {
            sleep(Duration::from_millis(50)).await;
            Ok(format!("{url} 的内容"))
        }
    }
}

/// 最多试 `attempts` 次，每次最多等 `limit`；两次尝试之间先等 0.1 秒，之后每次翻倍。
async fn fetch_with_retry(url: &str, attempts: u32, limit: Duration) -> anyhow::Result<String> {
    let mut backoff = Duration::from_millis(100);
    for attempt in 1..=attempts {
        let error = match timeout(limit, fetch(url, attempt)).await {
            Ok(Ok(body)) => return Ok(body),
            Ok(Err(e)) => e,
            Err(_) => anyhow!("{:.1} 秒内没有回应", limit.as_secs_f64()),
        };
        println!("第 {attempt} 次失败：{error}");
        if attempt < attempts {
            println!("  等 {:.1} 秒再试", backoff.as_secs_f64());
            sleep(backoff).await;
            backoff *= 2;
        }
    }
    bail!("试了 {attempts} 次都失败了")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let body = fetch_with_retry("https://example.com/a", 4, Duration::from_millis(300)).await?;
    println!(
        "拿到“{body}”，共用时 {:.1} 秒",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
