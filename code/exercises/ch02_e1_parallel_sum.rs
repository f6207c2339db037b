//! 练习 2.1：cargo test --example ch02_e1_parallel_sum_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 把切片分成几段，每段一个线程求和，再把各段的和加起来。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::thread;

/// 用 `threads` 个线程求和（`threads` 为 0 时按 1 算）。
pub fn parallel_sum(numbers: &[u64], threads: usize) -> u64 {
    todo!("用 thread::scope 把切片分段，各段一个线程求和")
}

fn main() {
    let numbers: Vec<u64> = (1..=1_000_000).collect();
    for threads in [1, 2, 4, 7] {
        println!("{threads} 个线程：{}", parallel_sum(&numbers, threads));
    }
    println!("公式 n(n+1)/2：{}", 1_000_000u64 * 1_000_001 / 2);
}

#[cfg(test)]
#[path = "ch02_e1_parallel_sum_check.rs"]
mod check;
