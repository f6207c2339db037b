//! 第 3 章的测试：直接调用示例里的函数（用 `#[path]` 把示例文件当作模块引入），
//! 涉及时间的地方用 tokio 暂停的时钟，结果精确且瞬间完成。

use std::time::Duration;

use tokio::time::Instant;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_03_primes.rs"]
mod primes;

#[allow(dead_code)]
#[path = "../examples/ch03_04_download.rs"]
mod download;

#[allow(dead_code)]
#[path = "../examples/ch03_19_semaphore.rs"]
mod semaphore;

const PRIMES_UP_TO_100: [u64; 25] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
];

#[tokio::test]
async fn prime_filter_returns_exactly_the_25_primes_up_to_100() {
    assert_eq!(primes::prime_filter(2, 100).await, PRIMES_UP_TO_100);
}

#[tokio::test]
async fn prime_filter_handles_small_and_empty_ranges() {
    assert_eq!(primes::prime_filter(0, 1).await, Vec::<u64>::new());
    assert_eq!(primes::prime_filter(2, 3).await, [2, 3]);
    assert_eq!(primes::prime_filter(90, 96).await, Vec::<u64>::new());
    assert_eq!(primes::prime_filter(10, 2).await, Vec::<u64>::new());
}

#[test]
fn is_prime_agrees_with_a_sieve_up_to_10000() {
    let n = 10_000;
    let mut composite = vec![false; n + 1];
    for i in 2..=n {
        if !composite[i] {
            for multiple in (i * i..=n).step_by(i) {
                composite[multiple] = true;
            }
        }
        assert_eq!(primes::is_prime(i as u64), !composite[i], "{i}");
    }
    assert!(!primes::is_prime(0) && !primes::is_prime(1));
}

#[tokio::test]
async fn square_mapper_squares_every_number() {
    let squares = primes::square_mapper(1, 100).await;
    assert_eq!(squares.len(), 100);
    assert!(squares.iter().zip(1u64..).all(|(&s, i)| s == i * i));
}

#[tokio::test(start_paused = true)]
async fn two_downloads_take_as_long_as_the_slower_one() {
    for (a, b) in [(500, 2000), (1300, 1300), (1800, 600)] {
        let start = Instant::now();
        let first = tokio::spawn(download::download_task("a.pdf", a));
        let second = tokio::spawn(download::download_task("b.pdf", b));
        let took = (first.await.unwrap(), second.await.unwrap());
        let (a, b) = (Duration::from_millis(a), Duration::from_millis(b));
        assert_eq!(took, (a, b), "每个下载报告的是它自己用的时间");
        assert_eq!(start.elapsed(), a.max(b));
    }
}

#[tokio::test(start_paused = true)]
async fn the_semaphore_caps_concurrent_downloads() {
    for (files, limit, rounds) in [(6, 2, 3), (5, 2, 3), (3, 5, 1), (10, 1, 10)] {
        let start = Instant::now();
        let each = Duration::from_millis(300);
        let peak = semaphore::download_all(files, limit, each).await;
        assert_eq!(peak, limit.min(files), "files={files} limit={limit}");
        assert_eq!(start.elapsed(), each * rounds);
    }
}

#[tokio::test]
async fn a_lagging_broadcast_subscriber_learns_how_many_it_missed() {
    use tokio::sync::broadcast::{self, error::RecvError};

    let (tx, mut rx) = broadcast::channel(2);
    for n in 1..=5 {
        tx.send(n).unwrap(); // send 不等订阅者读取
    }
    drop(tx);
    // 容量 2：1、2、3 已被覆盖，先得知漏了 3 条，再从还存着的 4 接着收。
    assert_eq!(rx.recv().await, Err(RecvError::Lagged(3)));
    assert_eq!(rx.recv().await, Ok(4));
    assert_eq!(rx.recv().await, Ok(5));
    assert_eq!(rx.recv().await, Err(RecvError::Closed));
}

#[tokio::test]
async fn broadcast_rounds_its_capacity_up_to_a_power_of_two() {
    use tokio::sync::broadcast::{self, error::RecvError};

    // 容量写 10，实际存得下 16 条：第 17 条才挤掉最早的一条。
    let (tx, mut rx) = broadcast::channel(10);
    for n in 1..=16 {
        tx.send(n).unwrap();
    }
    assert_eq!(rx.recv().await, Ok(1));
    let (tx, mut rx) = broadcast::channel(10);
    for n in 1..=17 {
        tx.send(n).unwrap();
    }
    assert_eq!(rx.recv().await, Err(RecvError::Lagged(1)));
    assert_eq!(rx.recv().await, Ok(2));
}

/// 一个 Future：每被轮询一次，就在 log 里记下自己的名字，然后让出；共三次。
async fn step(name: &'static str, log: &std::cell::RefCell<Vec<&'static str>>) {
    for _ in 0..3 {
        log.borrow_mut().push(name);
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn join_rotates_which_future_it_polls_first_unless_biased() {
    let log = std::cell::RefCell::new(Vec::new());
    // 默认：每次被唤醒，先轮询的那个轮换一位（第一次仍从写在前面的开始）。
    tokio::join!(step("a", &log), step("b", &log));
    assert_eq!(log.take(), ["a", "b", "b", "a", "a", "b"]);
    // biased;：每次都按书写顺序。
    tokio::join!(biased; step("a", &log), step("b", &log));
    assert_eq!(log.take(), ["a", "b", "a", "b", "a", "b"]);
}
