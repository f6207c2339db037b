//! 运行：cargo run --example ch03_31_watch
//!
//! watch 通道只存最新的值：配置热更新和关闭信号都用它。
use tokio::sync::watch;

/// 工人：按当前配置的上限干活，配置一变就换上新的；收到关闭信号就退出。
async fn worker(
    mut config: watch::Receiver<u32>,
    applied: watch::Sender<u32>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        // borrow_and_update 读出最新的值，并记下“这个版本看过了”。
        let limit = *config.borrow_and_update();
        println!("工人：按每秒 {limit} 个请求的上限工作");
        applied.send_replace(limit); // 告诉主任务：这个配置已经用上了
        tokio::select! {
            biased;
            _ = stop.wait_for(|&stop| stop) => break,
            changed = config.changed() => {
                if changed.is_err() {
                    break; // 发送端全都丢弃了：不会再有新配置
                }
            }
        }
    }
    println!("工人：收到关闭信号，退出");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (config_tx, config_rx) = watch::channel(10);
    let (applied_tx, mut applied_rx) = watch::channel(0);
    let (stop_tx, stop_rx) = watch::channel(false);
    let handle = tokio::spawn(worker(config_rx, applied_tx, stop_rx.clone()));

    applied_rx.wait_for(|&limit| limit == 10).await.unwrap();
    // 连改两次，中间没有 await：单线程上工人插不进来，只会看到最后的 30。
    config_tx.send(20).unwrap();
    config_tx.send(30).unwrap();
    applied_rx.wait_for(|&limit| limit == 30).await.unwrap();

    stop_tx.send(true).unwrap();
    handle.await.unwrap();

    // 关闭信号发出之后才来的任务，一看也知道：值一直留在通道里。
    let mut late = stop_rx.clone();
    late.wait_for(|&stop| stop).await.unwrap();
    println!("晚来的任务：一开始就看到了关闭信号");
}
