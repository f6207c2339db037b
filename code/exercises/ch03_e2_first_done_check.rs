//! 练习 3.2 的检查：参考答案和起始代码共用这些测试（tokio 暂停的时钟，瞬间完成、结果精确）。
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::{Instant, sleep};

use super::first_done;

/// 一个等 `millis` 毫秒、返回 `value` 的任务；真的运行到结尾时给 `finished` 加一。
fn task(
    value: u32,
    millis: u64,
    finished: &Arc<AtomicUsize>,
) -> impl Future<Output = u32> + Send + 'static {
    let finished = Arc::clone(finished);
    async move {
        sleep(Duration::from_millis(millis)).await;
        finished.fetch_add(1, Ordering::SeqCst);
        value
    }
}

#[tokio::test(start_paused = true)]
async fn the_fastest_wins_after_exactly_its_own_time() {
    let finished = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks = vec![
        task(1, 600, &finished),
        task(2, 200, &finished),
        task(3, 400, &finished),
    ];
    assert_eq!(first_done(tasks).await, Some(2));
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(200),
        "任务是一个接一个运行的吗？"
    );
}

#[tokio::test(start_paused = true)]
async fn the_losers_are_cancelled() {
    let finished = Arc::new(AtomicUsize::new(0));
    let tasks = vec![
        task(1, 500, &finished),
        task(2, 100, &finished),
        task(3, 900, &finished),
    ];
    assert_eq!(first_done(tasks).await, Some(2));
    // 再等足够久：没被取消的任务会在这期间跑完，计数就会超过 1。
    sleep(Duration::from_secs(60)).await;
    assert_eq!(finished.load(Ordering::SeqCst), 1, "其余的任务没有被取消");
}

#[tokio::test(start_paused = true)]
async fn no_tasks_no_winner() {
    let tasks: Vec<std::future::Ready<u32>> = Vec::new();
    assert_eq!(first_done(tasks).await, None);
}
