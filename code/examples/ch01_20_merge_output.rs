//! 运行：cargo run --example ch01_20_merge_output
//!
//! 把子进程的标准输出和标准错误合到一处（shell 的 `2>&1`）：同一个文件，或者同一根管道。
use std::env;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::process::{self, Command};

use anyhow::{Context, bail, ensure};

/// 子进程：轮流往标准输出、标准错误写，每行写完都已交给操作系统。
fn talk() -> io::Result<()> {
    writeln!(io::stdout(), "  第 1 行，写到 stdout")?;
    writeln!(io::stderr(), "  第 2 行，写到 stderr")?;
    writeln!(io::stdout(), "  第 3 行，写到 stdout")?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("talk") => return Ok(talk()?),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;

    println!("1. 两根流写进同一个文件");
    let path = env::temp_dir().join(format!("bingfa-ch01-30-{}.txt", process::id()));
    let log = File::create(&path)?;
    let status = Command::new(&me)
        .arg("talk")
        .stdout(log.try_clone()?) // 复制出的句柄和原来的共用同一个写入位置
        .stderr(log)
        .status()?;
    ensure!(status.success(), "子进程失败：{status}");
    print!("{}", fs::read_to_string(&path)?);
    fs::remove_file(&path)?;

    println!("2. 两根流接到同一根管道");
    let (mut reader, writer) = io::pipe()?;
    let mut command = Command::new(&me);
    command
        .arg("talk")
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command.spawn()?;
    drop(command); // Command 里还存着两个写端：不丢掉它，下面永远读不到结尾
    let mut text = String::new();
    reader.read_to_string(&mut text)?;
    let status = child.wait()?;
    ensure!(status.success(), "子进程失败：{status}");
    print!("{text}");
    // ANCHOR_END: main
    Ok(())
}
