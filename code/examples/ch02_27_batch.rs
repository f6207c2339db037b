//! 运行：cargo run --example ch02_27_batch
//!
//! 一批作业，有的会失败：每个作业返回 `Result`，失败的记下来、跳过，成功的收集起来。
use anyhow::Context;
use rayon::prelude::*;
use std::thread;
use std::time::Duration;

/// 解析清单里的一行：“文件名 大小（KB）”。
fn parse_line(line: &str) -> anyhow::Result<(String, u64)> {
    thread::sleep(Duration::from_millis(100)); // 假装每行都要做一点耗时的工作
    let (name, size) = line.split_once(' ').context("缺少大小")?;
    let size = size
        .parse()
        .with_context(|| format!("大小“{size}”不是整数"))?;
    Ok((name.to_string(), size))
}

fn main() {
    let lines = ["a.pdf 1200", "b.pdf", "c.pdf 860", "d.pdf 3x", "e.pdf 40"];

    // 和 pool.map 一样，结果按输入的顺序排好；每个元素是一个 Result。
    let outcomes: Vec<anyhow::Result<(String, u64)>> =
        lines.par_iter().map(|line| parse_line(line)).collect();

    let mut files = Vec::new();
    for (line, outcome) in lines.iter().zip(outcomes) {
        match outcome {
            Ok(file) => files.push(file),
            Err(e) => eprintln!("跳过“{line}”：{e:#}"),
        }
    }
    let total: u64 = files.iter().map(|(_, size)| size).sum();
    println!("成功 {} 个，共 {total} KB：{files:?}", files.len());
}
