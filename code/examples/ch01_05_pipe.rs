//! 运行：cargo run --example ch01_05_pipe
//!
//! 管道：父进程往子进程的标准输入写一行，再从它的标准输出读一行，一问一答。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

// ANCHOR: worker
/// 子进程：每读到一行整数，就回答它的平方；读到结尾（父进程关了管道）就退出。
fn square_worker() -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        match line.trim().parse::<u64>() {
            Ok(n) => writeln!(out, "{}", n * n)?,
            Err(_) => writeln!(out, "错误：{line:?} 不是非负整数")?,
        }
        out.flush()?; // 立刻送出，父进程正在等这一行
    }
    Ok(())
}
// ANCHOR_END: worker

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("worker") => return square_worker(),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let mut child = Command::new(me)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("无法启动子进程")?;
    // 从 Child 里取出管道的两端：写给子进程的，和读子进程回答的。
    let mut to_child = child.stdin.take().expect("上面设置了 piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("上面设置了 piped"));

    // 一问一答。Rust 没有 finally：出了错也不马上返回，先把结果存进 result，
    // 关上管道、回收子进程，最后一行才把它交出去。
    let mut ask = |n: u64| -> anyhow::Result<()> {
        writeln!(to_child, "{n}")?;
        let mut answer = String::new();
        from_child.read_line(&mut answer)?; // 读到 0 字节说明子进程已经退出
        println!("父进程发送 {n}，子进程回答 {}", answer.trim_end());
        if answer.trim_end() != (n * n).to_string() {
            bail!("{n} 的平方不是 {answer:?}");
        }
        Ok(())
    };
    // try_for_each 依次用 3、12、100 调用 ask，遇到第一个 Err 就停下，
    // 相当于 Python 的 for n in [3, 12, 100]: ask(n)。
    let result = [3, 12, 100].into_iter().try_for_each(&mut ask);

    drop(to_child); // 关上写端：子进程读到结尾，循环结束，进程退出
    let status = child.wait()?;
    println!("子进程读到结尾后退出：{status}");
    // ANCHOR_END: main
    result
}
