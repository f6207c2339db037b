//! 练习 2.2：cargo test --example ch02_e2_pipeline_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 三个线程连成流水线，数字经过“生成 → 平方 → 求和”，用通道传递。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::sync::mpsc;
use std::thread;

/// 第一个线程送出 1..=n，第二个线程把每个数平方，第三个线程把平方加起来；返回总和。
/// 前一站关掉通道（发送端被丢弃），后一站的循环就结束，整条流水线自然停下。
pub fn sum_of_squares(n: u64) -> u64 {
    todo!("建两条通道，启动三个线程：生成、平方、求和")
}

fn main() {
    for n in [0, 1, 10, 1000] {
        println!("1² + … + {n}² = {}", sum_of_squares(n));
    }
}

#[cfg(test)]
#[path = "ch02_e2_pipeline_check.rs"]
mod check;
