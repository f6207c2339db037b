//! 运行：cargo run --example ch04_07_wait_for_event
//!
//! 测试里别按时间猜：睡一会儿再看，机器一忙就失败；等事件本身，快的时候快，慢的时候也对。
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// 要测的代码：后台算一个结果，算好了打开 `done`，再把结果发出来。
/// 平时只要几毫秒；这里让它花 300 毫秒，假装机器正忙。
fn start_worker(done: Arc<AtomicBool>, results: mpsc::Sender<u64>) {
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        done.store(true, Ordering::SeqCst);
        let _ = results.send(42);
    });
}

fn main() {
    // 按时间猜：睡 100 毫秒再看一眼
    let done = Arc::new(AtomicBool::new(false));
    let (tx, _rx) = mpsc::channel();
    start_worker(Arc::clone(&done), tx);
    thread::sleep(Duration::from_millis(100));
    println!(
        "睡 100 毫秒再看：做完了吗？{}（活儿一慢，这样的测试就失败）",
        done.load(Ordering::SeqCst)
    );

    // 等事件本身：结果一到就往下走；上限只防真正的 bug 让测试永远卡住
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    start_worker(Arc::new(AtomicBool::new(false)), tx);
    let result = rx.recv_timeout(Duration::from_secs(10));
    println!(
        "等结果本身：{result:?}，用了 {:.1} 秒，没用到 10 秒的上限",
        start.elapsed().as_secs_f64()
    );
}
