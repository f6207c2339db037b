//! 运行：cargo run --example ch02_e1_parallel_sum
//!
//! 练习 2.1 的参考答案：把切片分成几段，每段一个线程求和，再把各段的和加起来。
use std::thread;

/// 用 `threads` 个线程求和（`threads` 为 0 时按 1 算）。
pub fn parallel_sum(numbers: &[u64], threads: usize) -> u64 {
    // 练习：用 thread::scope 把切片分段，各段一个线程求和
    let threads = threads.max(1);
    // 向上取整：7 个数分给 3 个线程，每段 3 个（最后一段 1 个）。至少 1，chunks(0) 会 panic。
    let chunk = numbers.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = numbers
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().sum::<u64>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("求和的线程不会 panic"))
            .sum()
    })
}

fn main() {
    let numbers: Vec<u64> = (1..=1_000_000).collect();
    for threads in [1, 2, 4, 7] {
        println!("{threads} 个线程：{}", parallel_sum(&numbers, threads));
    }
    println!("公式 n(n+1)/2：{}", 1_000_000u64 * 1_000_001 / 2);
}
