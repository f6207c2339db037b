//! 运行：cargo run --release --example ch02_05_no_gil
//!
//! 没有 GIL：同样的计算，分给每个 CPU 核心一个线程，能快多少？
use std::thread;
use std::time::Instant;

/// 数一数 [start, end) 里有多少个素数（试除法，故意算得慢一点）。
pub fn count_primes(start: u64, end: u64) -> usize {
    (start.max(2)..end)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

const LIMIT: u64 = 1_000_000;
const BLOCK: u64 = 10_000;

/// 把 [0, LIMIT) 切成小块，轮流发给 `threads` 个线程，最后把各线程的计数加起来。
pub fn count_in_parallel(threads: u64) -> usize {
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            thread::spawn(move || {
                // 第 i 个线程负责第 i、i + threads、i + 2 × threads……块
                (i * BLOCK..LIMIT)
                    .step_by((threads * BLOCK) as usize)
                    .map(|start| count_primes(start, (start + BLOCK).min(LIMIT)))
                    .sum::<usize>()
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}

fn main() {
    let cores = thread::available_parallelism().map_or(1, |n| n.get()) as u64;

    let start = Instant::now();
    let one = count_in_parallel(1);
    let serial = start.elapsed();
    println!(
        "1 个线程：{LIMIT} 以内有 {one} 个素数，用时 {:.2} 秒",
        serial.as_secs_f64()
    );

    let start = Instant::now();
    let many = count_in_parallel(cores);
    let parallel = start.elapsed();
    println!(
        "每核一个线程：{LIMIT} 以内有 {many} 个素数，用时 {:.2} 秒",
        parallel.as_secs_f64()
    );

    println!("加速 {:.1}×", serial.as_secs_f64() / parallel.as_secs_f64());
}
