//! 运行：cargo run --example ch01_08_json_lines
//!
//! 结构化的消息：父子进程之间一行一个 JSON 对象，serde 负责序列化和反序列化。
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

/// 子进程的回答。
#[derive(Serialize, Deserialize, Debug)]
struct Report {
    id: u32,
    lines: usize,
    chars: usize, // 字符数，换行也算一个
}

/// 子进程：每读到一行，就把它反序列化成 `Job`，数完，再把 `Report` 序列化成一行写回去。
/// 读到不合法的一行就停下：错误交给 main，进程以退出码 1 结束，父进程会看到。
pub fn worker(input: impl BufRead, mut output: impl Write) -> anyhow::Result<()> {
    for (number, line) in input.lines().enumerate() {
        let line = line.context("读不到父进程的消息")?;
        let job: Job = serde_json::from_str(&line)
            .with_context(|| format!("第 {} 条消息不是合法的作业", number + 1))?;
        let report = Report {
            id: job.id,
            lines: job.text.lines().count(),
            chars: job.text.chars().count(),
        };
        serde_json::to_writer(&mut output, &report)?;
        writeln!(output)?; // 一条消息一行：换行就是消息的边界
        output.flush()?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("worker") => return worker(io::stdin().lock(), io::stdout().lock()),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let mut child = Command::new(me)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("无法启动子进程")?;
    let mut to_child = child.stdin.take().expect("上面设置了 piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("上面设置了 piped"));

    let jobs = [
        Job {
            id: 1,
            text: "白日依山尽\n黄河入海流".into(),
        },
        Job {
            id: 2,
            text: r#"他说："引号、\反斜杠"也没问题"#.into(),
        },
    ];
    let mut ask = |job: &Job| -> anyhow::Result<()> {
        let line = serde_json::to_string(job)?; // 序列化：Job 变成一行 JSON 文本
        println!("发出：{line}");
        writeln!(to_child, "{line}")?;
        let mut answer = String::new();
        if from_child.read_line(&mut answer)? == 0 {
            bail!("子进程没有回答就退出了");
        }
        // 反序列化：一行 JSON 文本变回 Report；格式不对就是错误，不会悄悄得到半个值。
        let report: Report = serde_json::from_str(&answer)
            .with_context(|| format!("子进程的回答不是合法的 Report：{answer:?}"))?;
        println!("收到：{report:?}");
        if report.id != job.id {
            bail!("作业 {} 收到了作业 {} 的回答", job.id, report.id);
        }
        Ok(())
    };
    let result = jobs.iter().try_for_each(&mut ask);

    drop(to_child); // 关上写端：子进程读到结尾，退出
    let status = child.wait()?;
    println!("子进程退出：{status}");
    result
}
