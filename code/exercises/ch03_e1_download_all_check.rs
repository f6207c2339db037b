//! 练习 3.1 的检查：参考答案和起始代码共用这些测试。
//! tokio 暂停的时钟：没有任务可运行时，时间直接跳到下一个定时器，测试瞬间完成、结果精确。
use std::time::Duration;

use tokio::time::Instant;

use super::download_all;

#[tokio::test(start_paused = true)]
async fn results_keep_the_order_of_the_jobs() {
    let results = download_all(&[("慢", 900), ("快", 100), ("中", 400)]).await;
    assert_eq!(
        results,
        ["慢（900 毫秒）", "快（100 毫秒）", "中（400 毫秒）"]
    );
}

#[tokio::test(start_paused = true)]
async fn the_total_time_is_that_of_the_slowest_download() {
    let start = Instant::now();
    download_all(&[("a", 300), ("b", 700), ("c", 500), ("d", 700)]).await;
    let slowest = Duration::from_millis(700);
    assert_eq!(start.elapsed(), slowest, "下载是一个接一个进行的吗？");
}

#[tokio::test(start_paused = true)]
async fn nothing_to_download_takes_no_time() {
    let start = Instant::now();
    assert!(download_all(&[]).await.is_empty());
    assert_eq!(start.elapsed(), Duration::ZERO);
}
