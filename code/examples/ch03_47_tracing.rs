//! 运行：cargo run --example ch03_47_tracing
//!
//! 两个请求在同一个线程上交替运行，每条日志都要带上它属于哪个请求。
//! 拿着 span.enter() 的守卫跨过 .await，日志就串到别的请求上；.instrument(span) 不会。
//! 时间在 tokio 暂停的时钟上，输出每次一样。
use std::time::Duration;

use tracing::{Instrument, info, info_span, instrument};

/// 请求 1 慢一些：20 毫秒，请求 2 只要 10 毫秒。两个请求的日志因此交错。
fn work(id: u32) -> tokio::time::Sleep {
    tokio::time::sleep(Duration::from_millis(if id == 1 { 20 } else { 10 }))
}

// ANCHOR: main
/// 错的：守卫一直拿着，任务停在 .await 时，这个 span 在线程上仍然是“进入”的状态，
/// 同一个线程上接着运行的别的任务，日志都记到它名下。
async fn enter_across_await(id: u32) {
    let span = info_span!("request", id);
    let _entered = span.enter();
    info!("开始");
    work(id).await;
    info!("完成");
}

/// 对的：.instrument(span) 在每次轮询这个 Future 时进入 span，让出时离开。
async fn with_instrument(id: u32) {
    async {
        info!("开始");
        work(id).await;
        info!("完成");
    }
    .instrument(info_span!("request", id))
    .await
}

/// 更常见的写法：#[instrument] 替 async fn 做同样的事，参数成了 span 的字段。
#[instrument]
async fn handle(id: u32, path: &str) {
    info!("开始");
    work(id).await;
    info!(bytes = 512, "完成");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // 打印到标准输出；去掉时间和颜色，书里的输出才每次一样。
    tracing_subscriber::fmt()
        .without_time()
        .with_target(false)
        .with_ansi(false)
        .init();

    println!("拿着 enter() 的守卫跨过 .await：");
    tokio::join!(enter_across_await(1), enter_across_await(2));
    println!(".instrument(span)：");
    tokio::join!(with_instrument(1), with_instrument(2));
    println!("#[instrument]：");
    tokio::join!(handle(1, "/a"), handle(2, "/b"));
}
// ANCHOR_END: main
