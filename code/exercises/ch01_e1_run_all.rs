//! 练习 1.1：cargo test --example ch01_e1_run_all_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 先把所有子进程都启动，再逐个等它们结束、收下输出。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::env;
use std::io;
use std::process::{self, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// 一个子进程的结局：退出码（被信号杀死时是 `None`）和它写到标准输出的文字。
#[derive(Debug, PartialEq)]
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
}

/// 同时运行所有命令，按传入的顺序返回结局。
pub fn run_all(commands: Vec<Command>) -> io::Result<Vec<Finished>> {
    todo!("先把每条命令都 spawn 起来，再逐个 wait_with_output")
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => {}
        // 子进程：睡半秒，说一句话，以给定的退出码结束。
        [role, word, code] if role == "say" => {
            let code: i32 = code.parse().context("退出码必须是整数")?;
            thread::sleep(Duration::from_millis(500));
            println!("{word}");
            process::exit(code);
        }
        _ => bail!("不认识的参数 {args:?}"),
    }

    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let commands = [("甲", 0), ("乙", 1), ("丙", 0)].map(|(word, code)| {
        let mut command = Command::new(&me);
        command.args(["say", word, &code.to_string()]);
        command
    });
    let start = Instant::now();
    let finished = run_all(commands.into()).context("运行子进程失败")?;
    for f in &finished {
        println!("退出码 {:?}，输出 {:?}", f.code, f.stdout.trim_end());
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!("3 个各要半秒的子进程，一共用了 {elapsed:.1} 秒");
    Ok(())
}

#[cfg(test)]
#[path = "ch01_e1_run_all_check.rs"]
mod check;
