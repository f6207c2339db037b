//! 运行：cargo run --example ch01_01_pid
//!
//! 每个进程都有自己的进程号。程序把自己再启动一次，当作子进程。
use std::env;
use std::process::{self, Command};

fn main() -> std::io::Result<()> {
    // 带着参数 `child` 被启动时，扮演子进程。
    if env::args().nth(1).as_deref() == Some("child") {
        println!("子进程：进程号 {}", process::id());
        return Ok(());
    }

    println!("父进程：进程号 {}", process::id());
    let me = env::current_exe()?; // 正在运行的这个程序文件
    let status = Command::new(me).arg("child").status()?; // 启动并等它结束
    println!("父进程：子进程已结束，{status}");
    Ok(())
}
