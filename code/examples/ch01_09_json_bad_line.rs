//! 运行：cargo run --example ch01_09_json_bad_line
//!
//! 不合法的一行：子进程拿到 serde_json 的错误（带行号、列号），跳过这一行，并告诉父进程为什么。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// 父进程交给子进程的作业。
#[derive(Serialize, Deserialize, Debug)]
struct Job {
    id: u32,
    text: String,
}

// ANCHOR: worker
/// 子进程的回答：数好了，或者这一行不是合法的作业。
#[derive(Serialize, Deserialize, Debug)]
pub enum Reply {
    Counted { id: u32, chars: usize },
    Rejected { reason: String },
}

/// 子进程：合法的作业照常回答；不合法的一行跳过，回答 `Rejected` 和原因。
pub fn worker(input: impl BufRead, mut output: impl Write) -> anyhow::Result<()> {
    for line in input.lines() {
        let line = line.context("读不到父进程的消息")?;
        let reply = match serde_json::from_str::<Job>(&line) {
            Ok(job) => Reply::Counted {
                id: job.id,
                chars: job.text.chars().count(),
            },
            // 坏的只是这一行：它已经整行读完，下一行照样是一条完整的消息，可以接着干。
            Err(error) => Reply::Rejected {
                reason: error.to_string(),
            },
        };
        serde_json::to_writer(&mut output, &reply)?;
        writeln!(output)?;
        output.flush()?;
    }
    Ok(())
}
// ANCHOR_END: worker

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("worker") => return worker(io::stdin().lock(), io::stdout().lock()),
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
    let mut to_child = child.stdin.take().expect("上面设置了 piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("上面设置了 piped"));

    // 手写的几行，像是出自一个有 bug 的发送方。
    let lines = [
        r#"{"id":1,"text":"白日依山尽"}"#,
        r#"{"id":2,"text":"黄河入海流"#, // 少了结尾的引号和花括号
        r#"{"id":"三","text":"欲穷千里目"}"#, // id 应该是整数
        r#"{"id":4,"text":"更上一层楼"}"#,
    ];
    let (mut counted, mut rejected) = (0, 0);
    let mut ask = |line: &str| -> anyhow::Result<()> {
        println!("发出：{line}");
        writeln!(to_child, "{line}")?;
        let mut answer = String::new();
        if from_child.read_line(&mut answer)? == 0 {
            bail!("子进程没有回答就退出了");
        }
        // 父进程这一侧的决定相反：自己的子进程回答不合约定，说明协议坏了，停下。
        let reply: Reply = serde_json::from_str(&answer)
            .with_context(|| format!("子进程的回答不合约定：{answer:?}"))?;
        match reply {
            Reply::Counted { id, chars } => {
                counted += 1;
                println!("  作业 {id}：{chars} 个字");
            }
            Reply::Rejected { reason } => {
                rejected += 1;
                println!("  子进程跳过了这一行：{reason}");
            }
        }
        Ok(())
    };
    let result = lines.into_iter().try_for_each(&mut ask);

    drop(to_child);
    let status = child.wait()?;
    result?;
    println!("完成 {counted} 个作业，跳过 {rejected} 行；子进程退出：{status}");
    // ANCHOR_END: main
    Ok(())
}
