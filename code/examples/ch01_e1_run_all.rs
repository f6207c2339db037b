//! 运行：cargo run --example ch01_e1_run_all
//!
//! 练习 1.1 的参考答案：先把所有子进程都启动，再逐个等它们结束、收下输出。
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
    // 练习：先把每条命令都 spawn 起来，再逐个 wait_with_output
    // 第一步：全部启动。spawn 立刻返回，子进程在后台各跑各的。
    let mut children = Vec::new();
    for mut command in commands {
        match command.stdout(Stdio::piped()).spawn() {
            Ok(child) => children.push(child),
            Err(error) => {
                // 启动失败：已经启动的那些不能丢下不管，杀掉并回收。
                for mut child in children {
                    let _ = child.kill(); // 正在报告启动失败；kill 对已退出的子进程也返回 Ok
                    let _ = child.wait();
                }
                return Err(error);
            }
        }
    }
    // 第二步：按顺序等。等第一个的时候，其余的也在运行。
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output()?;
            Ok(Finished {
                code: output.status.code(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            })
        })
        .collect()
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
