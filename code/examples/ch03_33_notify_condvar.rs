//! 运行：cargo run --example ch03_33_notify_condvar
//!
//! 先通知、后等待：Condvar 的通知不存下来，没人等就丢了；Notify 的 notify_one 存一个许可证。
//! notify_waiters 只叫醒此刻已经在等的，也不存。
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::Notify;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_millis(100);

/// 标准库的 Condvar：等待时整个线程停住，所以放在运行时之外。
fn with_condvar() {
    println!("Condvar，先 notify_one、后 wait：");
    let ready = Mutex::new(false);
    let cvar = Condvar::new();
    cvar.notify_one(); // 此刻没有线程在等
    let guard = ready.lock().unwrap();
    let (guard, result) = cvar.wait_timeout(guard, WAIT).unwrap();
    drop(guard);
    if result.timed_out() {
        println!("  等到超时，那次通知丢了");
    } else {
        println!("  醒了，但这是一次虚假唤醒，不是那次通知");
    }

    println!("Condvar 配上锁里的条件：先改条件再通知，等的一方先看条件");
    *ready.lock().unwrap() = true;
    cvar.notify_one();
    let guard = ready.lock().unwrap();
    let (guard, result) = cvar
        .wait_timeout_while(guard, WAIT, |ready| !*ready)
        .unwrap();
    println!("  条件已经成立，不用等：超时了吗？{}", result.timed_out());
    drop(guard);
}

/// tokio 的 Notify：等待的是一个 Future。
async fn with_notify() {
    println!("Notify，先 notify_one、后 notified().await：");
    let notify = Notify::new();
    notify.notify_one();
    let woke = timeout(WAIT, notify.notified()).await.is_ok();
    println!("  立即醒来？{woke}（许可证存着）");

    println!("Notify，先 notify_waiters、后 notified().await：");
    notify.notify_waiters();
    let woke = timeout(WAIT, notify.notified()).await.is_ok();
    println!("  醒来了吗？{woke}（此刻没人在等，什么也没存下）");

    println!("Notify，先拿到 notified()、再 notify_waiters：");
    let registered = notify.notified(); // 拿到这个 Future 就算注册了，还不用 await
    notify.notify_waiters();
    let woke = timeout(WAIT, registered).await.is_ok();
    println!("  醒来了吗？{woke}");
}

fn main() {
    with_condvar();
    let runtime = Builder::new_current_thread().enable_time().build();
    runtime.expect("建不了运行时").block_on(with_notify());
}
