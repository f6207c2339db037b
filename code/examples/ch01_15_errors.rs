//! 运行：cargo run --example ch01_15_errors
//!
//! 出错时用户看到什么：`?` 把错误交给调用者，`.context(…)` 加一句中文说明，
//! main 返回 Err 时打印整条错误链、以退出码 1 结束。
use std::env;
use std::process::Command;

use anyhow::{Context, bail};

// ANCHOR: run
/// 启动一个程序并等它结束。程序不存在时，`status()` 返回 Err，
/// `.with_context` 在它外面包一层说明，`?` 把包好的错误交给调用者。
fn run(program: &str) -> anyhow::Result<()> {
    let status = Command::new(program)
        .status()
        .with_context(|| format!("无法启动 {program}"))?;
    println!("{program} 结束了：{status}");
    Ok(())
}
// ANCHOR_END: run

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("fail") => {
            // 子进程：启动一个不存在的程序。错误经 ? 一路交回 main，main 返回 Err。
            run("no-such-program")?;
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // ANCHOR: main
    // 把自己作为子进程再启动一次，收下它的标准错误，看看出错的程序留下了什么。
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let output = Command::new(me)
        .arg("fail")
        .output()
        .context("无法启动子进程")?;
    println!("子进程结束：{}", output.status);
    println!("它的标准错误：");
    print!("{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "main 返回 Err 时退出码是 1");
    // ANCHOR_END: main
    Ok(())
}
