//! 运行：cargo run --example ch03_41_backoff
//!
//! 指数退避加抖动：服务器从 0 到 1000 毫秒不可用，三个客户端同时开始重试。
//! 不加抖动，它们每次都在同一时刻一起打过去；加上抖动，就错开了。
//! 时间在 tokio 暂停的时钟上；随机数用固定的种子，输出每次一样。
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

const BASE: Duration = Duration::from_millis(100);
const CAP: Duration = Duration::from_secs(2);
const MAX_ATTEMPTS: u32 = 8;

/// 重试 `attempt`，直到成功或用完次数。第 k 次失败后等待的上限是 BASE × 2^(k-1)，
/// 不超过 CAP；加抖动时在 0 到上限之间随机取一个（“完全抖动”），不加就等满上限。
async fn retry<T, E, Fut>(mut attempt: impl FnMut() -> Fut, mut rng: Option<StdRng>) -> Result<T, E>
where
    Fut: Future<Output = Result<T, E>>,
{
    let mut ceiling = BASE;
    let mut n = 0;
    loop {
        n += 1;
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(e) if n == MAX_ATTEMPTS => return Err(e),
            Err(_) => {
                let wait = match &mut rng {
                    Some(rng) => rng.random_range(Duration::ZERO..=ceiling),
                    None => ceiling,
                };
                sleep(wait).await;
                ceiling = (ceiling * 2).min(CAP);
            }
        }
    }
}

/// 三个客户端同时开始；返回每个客户端每次尝试的时刻（毫秒）。
async fn three_clients(jitter: bool) -> Vec<Vec<u128>> {
    let start = Instant::now();
    let mut clients = JoinSet::new();
    for id in 0..3 {
        clients.spawn(async move {
            let rng = jitter.then(|| StdRng::seed_from_u64(id));
            let mut tried_at = Vec::new();
            let call_server = || {
                let now = start.elapsed().as_millis();
                tried_at.push(now);
                // 代替一次真正的请求：1000 毫秒之前都失败。
                async move {
                    if now >= 1000 {
                        Ok(())
                    } else {
                        Err("服务器不可用")
                    }
                }
            };
            retry(call_server, rng).await.unwrap();
            (id, tried_at)
        });
    }
    let mut all = clients.join_all().await;
    all.sort();
    all.into_iter().map(|(_, tried_at)| tried_at).collect()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for jitter in [false, true] {
        println!(
            "{}：每次尝试的时刻（毫秒，tokio 暂停的时钟）",
            if jitter { "加抖动" } else { "不加抖动" }
        );
        for (id, tried_at) in three_clients(jitter).await.iter().enumerate() {
            let times: Vec<String> = tried_at.iter().map(|t| format!("{t:>5}")).collect();
            println!("  客户端 {}：{}", id + 1, times.join(""));
        }
    }
}
