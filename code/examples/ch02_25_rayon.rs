//! 运行：cargo run --release --example ch02_25_rayon
//!
//! rayon：把 `iter()` 换成 `par_iter()`，切块、分给线程、汇总都由它的线程池来做。
use rayon::prelude::*;
use std::thread;
use std::time::Instant;

const LIMIT: u64 = 1_000_000;
const BLOCK: u64 = 10_000;

/// 试除法判断素数（和 ch02_04 一样，故意算得慢一点）。
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// 手写的版本：每核一个线程，数按一万个一块轮流分给各个线程（同 ch02_04）。
fn by_hand(threads: u64) -> usize {
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                s.spawn(move || {
                    (i * BLOCK..LIMIT)
                        .step_by((threads * BLOCK) as usize)
                        .map(|start| {
                            (start..(start + BLOCK).min(LIMIT))
                                .filter(|&n| is_prime(n))
                                .count()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get()) as u64;

    let start = Instant::now();
    let serial = (0..LIMIT).filter(|&n| is_prime(n)).count();
    println!(
        "iter，一个线程：{serial} 个素数，用时 {:.3} 秒",
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let hand = by_hand(cores);
    println!(
        "手写，每核一个线程：{hand} 个素数，用时 {:.3} 秒",
        start.elapsed().as_secs_f64()
    );

    // 只改了一个词：iter 换成 par_iter（区间用 into_par_iter）。
    let start = Instant::now();
    let par = (0..LIMIT).into_par_iter().filter(|&n| is_prime(n)).count();
    println!(
        "rayon par_iter：{par} 个素数，用时 {:.3} 秒",
        start.elapsed().as_secs_f64()
    );

    // 活太小时，分给线程池的开销比活本身还大：一千以内的素数。
    let start = Instant::now();
    let small = (0..1_000).filter(|&n| is_prime(n)).count();
    let by_iter = start.elapsed().as_secs_f64() * 1e6;
    let start = Instant::now();
    let small_par = (0..1_000).into_par_iter().filter(|&n| is_prime(n)).count();
    let by_par = start.elapsed().as_secs_f64() * 1e6;
    println!(
        "1000 以内：iter 数出 {small} 个，用时 {by_iter:.1} 微秒；par_iter 数出 {small_par} 个，用时 {by_par:.1} 微秒"
    );
}
