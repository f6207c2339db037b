//! 练习 3.3 的检查：参考答案和起始代码共用这些测试。
//! 这里有真的套接字，用的是真实的时钟；只断言结果和并发上限，不断言用了多久。
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{FetchError, Stats, fetch_all, slow_server};

/// 在 127.0.0.1 的空闲端口上启动慢服务器；测试结束、运行时关闭时它随之停止。
async fn start_server() -> (SocketAddr, Arc<Stats>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(Stats::default());
    let server = tokio::spawn(slow_server(listener, Arc::clone(&stats)));
    (addr, stats, server)
}

#[tokio::test]
async fn every_request_is_answered_in_order() {
    let (addr, _, server) = start_server().await;
    let requests = [30, 5, 20, 0, 10];
    let results = fetch_all(addr, &requests, 2, Duration::from_secs(10)).await;
    let expected: Vec<_> = requests.iter().map(|ms| Ok(format!("ok {ms}"))).collect();
    assert_eq!(results, expected);
    server.abort();
}

#[tokio::test]
async fn never_more_than_limit_requests_in_flight() {
    for limit in [1, 3] {
        let (addr, stats, server) = start_server().await;
        let results = fetch_all(addr, &[20; 12], limit, Duration::from_secs(10)).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let peak = stats.peak.load(Ordering::Relaxed);
        assert!(
            (1..=limit).contains(&peak),
            "limit = {limit}，服务器却同时处理了 {peak} 个请求（许可证是不是拿了就丢？）"
        );
        server.abort();
    }
}

#[tokio::test]
async fn a_slow_request_times_out_without_holding_up_the_others() {
    let (addr, _, server) = start_server().await;
    let requests = [60_000, 10, 60_000, 10];
    // 整个调用最多等 20 秒：忘了给请求限时，就要等那两个一分钟的请求。
    let all = fetch_all(addr, &requests, 2, Duration::from_millis(500));
    let results = tokio::time::timeout(Duration::from_secs(20), all)
        .await
        .expect("20 秒还没结束：是不是没有给每个请求限时？");
    let expected = [
        Err(FetchError::Timeout),
        Ok("ok 10".to_string()),
        Err(FetchError::Timeout),
        Ok("ok 10".to_string()),
    ];
    assert_eq!(results, expected);
    server.abort();
}

#[tokio::test]
async fn a_server_that_is_gone_gives_an_io_error() {
    // 先占一个端口再放掉：此刻那里没有人在监听。
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let results = fetch_all(addr, &[1], 1, Duration::from_secs(10)).await;
    assert!(
        matches!(results[..], [Err(FetchError::Io(_))]),
        "{results:?}"
    );
}
