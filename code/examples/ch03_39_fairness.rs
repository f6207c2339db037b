//! 运行：cargo run --example ch03_39_fairness
//!
//! tokio 的信号量和读写锁都按先来后到排队：排在前面的大请求挡住后面的小请求，
//! 排着队的写者挡住后来的读者，包括已经拿着读锁的那个任务自己。
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{RwLock, Semaphore};
use tokio::task::yield_now;
use tokio::time::timeout;

async fn semaphore() {
    let permits = Arc::new(Semaphore::new(4));
    let held = permits.clone().acquire_many_owned(3).await.unwrap();
    println!(
        "信号量共 4 个许可证，拿走 3 个，还空着 {} 个",
        permits.available_permits()
    );

    let big = tokio::spawn({
        let permits = permits.clone();
        async move {
            let _all = permits.acquire_many(4).await.unwrap();
            println!("大请求拿到了 4 个");
        }
    });
    // 等大请求排上队：它先拿走空着的那 1 个，再等其余 3 个。
    while permits.available_permits() > 0 {
        yield_now().await;
    }
    let got = permits.try_acquire().is_ok();
    println!(
        "大请求排上队之后，小请求试着拿 1 个：{}",
        if got { "拿到了" } else { "拿不到" }
    );

    let small = tokio::spawn(async move {
        let _one = permits.acquire().await.unwrap();
        println!("小请求拿到了 1 个");
    });
    drop(held); // 归还 3 个：全部交给排在最前面的大请求，小请求要等它用完
    big.await.unwrap();
    small.await.unwrap();
}

async fn rwlock() {
    let lock = Arc::new(RwLock::new(0));
    let first = lock.read().await;
    let writer = tokio::spawn({
        let lock = lock.clone();
        async move { *lock.write().await += 1 }
    });
    // 等写者排上队：排上之后，新的读者都得排在它后面。
    while lock.try_read().is_ok() {
        yield_now().await;
    }
    let second = timeout(Duration::from_millis(300), lock.read()).await;
    println!(
        "拿着读锁、写者在排队时再要一次读锁：{}",
        if second.is_err() {
            "0.3 秒后还在等，超时"
        } else {
            "拿到了"
        }
    );
    drop(first); // 放开第一次的读锁，写者才能进去
    writer.await.unwrap();
    println!("放开之后，写者写完：值是 {}", *lock.read().await);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    semaphore().await;
    rwlock().await;
}
