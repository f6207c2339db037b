//! 运行：cargo run --release --example ch04_02_println
//!
//! 大量输出时，println! 每一行都要进一次内核；锁住标准输出、套上 BufWriter，就攒成一大块再写。
use std::env;
use std::io::{self, BufWriter, Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};

const LINES: usize = 200_000;

/// 子进程的一种写法：每行一个 println!。
fn with_println() {
    for i in 0..LINES {
        println!("第 {i} 行");
    }
}

/// 子进程的另一种写法：只锁一次标准输出，写进 BufWriter，缓冲区满了才真正写出去。
fn with_bufwriter() -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for i in 0..LINES {
        writeln!(out, "第 {i} 行")?;
    }
    out.flush()
}

/// 以 `role` 把自己再启动一次，标准输出接到管道上（就像 `程序 | grep …`）；
/// 读完它的全部输出，返回行数和总用时（秒）。
fn measure(role: &str) -> anyhow::Result<(usize, f64)> {
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let start = Instant::now();
    let mut child = Command::new(me)
        .arg(role)
        .stdout(Stdio::piped())
        .spawn()
        .context("无法启动子进程")?;
    let mut text = String::new();
    child
        .stdout
        .take()
        .context("子进程没有标准输出")?
        .read_to_string(&mut text)
        .context("读子进程的输出失败")?;
    let status = child.wait().context("等子进程结束失败")?;
    if !status.success() {
        bail!("子进程 {role} 失败：{status}");
    }
    Ok((text.lines().count(), start.elapsed().as_secs_f64()))
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {} // 没有参数：父进程
        Some("println") => {
            with_println();
            return Ok(());
        }
        Some("bufwriter") => {
            with_bufwriter().context("写标准输出失败")?;
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 {other:?}"),
    }

    let (lines, slow) = measure("println")?;
    println!("println!：{lines} 行，用时 {slow:.3} 秒");
    let (lines, fast) = measure("bufwriter")?;
    println!("BufWriter：{lines} 行，用时 {fast:.3} 秒");
    println!("相差 {:.0}×", slow / fast);
    Ok(())
}
