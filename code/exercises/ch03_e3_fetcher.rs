//! 练习 3.3：cargo test --example ch03_e3_fetcher_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 对本机的一个慢服务器并发请求，同时最多 k 个，每个请求限时。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::sleep;

/// 服务器这边的统计：此刻正在处理几个请求，最多时几个。
#[derive(Default)]
pub struct Stats {
    pub in_flight: AtomicUsize,
    pub peak: AtomicUsize,
}

/// 慢服务器：每个连接读一行毫秒数 ms，等 ms 毫秒，回答 `ok ms`。
pub async fn slow_server(listener: TcpListener, stats: Arc<Stats>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue; // 单个连接没接上（例如对方已经放弃），不影响别的连接
        };
        let stats = Arc::clone(&stats);
        tokio::spawn(async move {
            let (reader, mut writer) = stream.into_split();
            let mut line = String::new();
            if BufReader::new(reader).read_line(&mut line).await.is_err() {
                return;
            }
            let Ok(ms) = line.trim().parse::<u64>() else {
                let _ = writer.write_all(b"error\n").await; // 对方已断开也无妨
                return;
            };
            // 只是计数，Relaxed 就够了（见第 2 章的原子类型）。
            let now = stats.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            stats.peak.fetch_max(now, Ordering::Relaxed);
            sleep(Duration::from_millis(ms)).await;
            stats.in_flight.fetch_sub(1, Ordering::Relaxed);
            let _ = writer.write_all(format!("ok {ms}\n").as_bytes()).await;
        });
    }
}

/// 一个请求失败的原因。
#[derive(Debug, PartialEq)]
pub enum FetchError {
    Timeout,
    Io(std::io::ErrorKind),
}

/// 一个请求：连上服务器，发一行毫秒数，读一行回答。
async fn fetch_one(addr: SocketAddr, ms: u64) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("{ms}\n").as_bytes()).await?;
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply).await?;
    Ok(reply.trim_end().to_string())
}

/// 对每个毫秒数发一个请求，同时最多 `limit` 个；每个请求（从拿到许可证算起）最多等 `timeout`。
/// 结果的顺序和 `requests` 一致。
pub async fn fetch_all(
    addr: SocketAddr,
    requests: &[u64],
    limit: usize,
    timeout: Duration,
) -> Vec<Result<String, FetchError>> {
    todo!("用 Semaphore 限制同时进行的请求数，用 tokio::time::timeout 给每个请求限时")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // 只在本机，端口让系统挑。
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("无法在 127.0.0.1 上监听")?;
    let addr = listener.local_addr()?;
    let stats = Arc::new(Stats::default());
    let server = tokio::spawn(slow_server(listener, Arc::clone(&stats)));

    // 10 个各要 20 毫秒的请求，外加一个要 1 分钟的；同时最多 3 个，每个限时 0.5 秒。
    let mut requests = vec![20; 10];
    requests.push(60_000);
    let results = fetch_all(addr, &requests, 3, Duration::from_millis(500)).await;

    let ok = results.iter().filter(|r| r.is_ok()).count();
    println!("{} 个请求：{ok} 个成功", results.len());
    println!("最后一个：{:?}", results.last().expect("有 11 个结果"));
    let peak = stats.peak.load(Ordering::Relaxed);
    assert!(peak <= 3, "服务器同时处理了 {peak} 个请求");
    println!("服务器同时处理的请求从未超过 3 个");
    server.abort(); // 关掉服务器：监听的套接字随任务一起释放
    Ok(())
}

#[cfg(test)]
#[path = "ch03_e3_fetcher_check.rs"]
mod check;
