//! 运行：cargo run --example ch01_25_file_lock
//!
//! 跨进程的锁：File::lock。两个进程各给同一个文件里的计数加 500 次，每次读-改-写都在锁里做完。
use std::env;
use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::process::{self, Command};

use anyhow::{Context, bail, ensure};

const ROUNDS: u64 = 500;

// ANCHOR: add
/// 工作进程：打开同一个文件，加 ROUNDS 次。
fn add(path: &str) -> anyhow::Result<()> {
    let mut file = File::options().read(true).write(true).open(path)?;
    for _ in 0..ROUNDS {
        file.lock()?; // 另一个进程拿着锁时，在这里等
        let mut text = String::new();
        file.rewind()?;
        file.read_to_string(&mut text)?;
        let n: u64 = text.trim().parse().context("文件里不是一个整数")?;
        file.rewind()?;
        write!(file, "{}", n + 1)?; // 数只会变大，新写的不会比旧的短
        file.unlock()?;
    }
    Ok(())
}
// ANCHOR_END: add

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("add") => return add(args.get(1).map_or("", String::as_str)),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let path = env::temp_dir().join(format!("bingfa-ch01-22-{}.txt", process::id()));
    fs::write(&path, "0")?;
    let workers = (0..2)
        .map(|_| Command::new(&me).arg("add").arg(&path).spawn())
        .collect::<Result<Vec<_>, _>>()?;
    for mut worker in workers {
        let status = worker.wait()?;
        ensure!(status.success(), "工作进程失败：{status}");
    }
    let total = fs::read_to_string(&path)?;
    fs::remove_file(&path)?;
    println!("2 个进程各加 {ROUNDS} 次，文件里是 {total}");
    // ANCHOR_END: main
    Ok(())
}
