//! 运行：cargo run --example ch01_19_child_stdio
//!
//! 子进程的标准输入、输出、错误接到哪里：继承、扔掉（null）、管道（piped），或者一个文件。
use std::env;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::process::{self, Command, Stdio};

use anyhow::{Context, bail};

/// 子进程：读完标准输入，往标准输出、标准错误各写一行。
fn talk() -> anyhow::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    println!("  子进程读到 {:?}，这行写到 stdout", input.trim_end());
    eprintln!("  子进程的这行写到 stderr");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("talk") => return talk(),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;

    println!("1. 标准输入接 null，输出和错误继承父进程的（status() 的默认）");
    Command::new(&me)
        .arg("talk")
        .stdin(Stdio::null()) // 一读就是结尾；不设就继承父进程的，会等你在终端里打字
        .status()?;

    println!("2. 标准输出写进文件，标准错误扔掉");
    let path = env::temp_dir().join(format!("bingfa-ch01-21-{}.txt", process::id()));
    let mut child = Command::new(&me)
        .arg("talk")
        .stdin(Stdio::piped())
        .stdout(File::create(&path)?) // File 可以直接当 Stdio 用
        .stderr(Stdio::null())
        .spawn()?;
    let mut to_child = child.stdin.take().expect("上面设置了 piped");
    to_child.write_all("你好\n".as_bytes())?;
    drop(to_child); // 关上写端，子进程才读得到结尾
    child.wait()?;
    let text = fs::read_to_string(&path)?;
    print!("  文件里：{}", text.trim_start());
    fs::remove_file(&path)?;

    println!("3. output()：标准输出和错误都接管道收下，标准输入一读就是结尾");
    let output = Command::new(&me).arg("talk").output()?;
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    print!("  收下的 stdout：{}", out.trim_start());
    print!("  收下的 stderr：{}", err.trim_start());
    // ANCHOR_END: main
    Ok(())
}
