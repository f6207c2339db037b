//! 运行：cargo run --example ch01_e3_restart
//!
//! 练习 1.3 的参考答案：工作进程崩溃了，父进程回收它、换一个新的，把没做完的作业重做一遍。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{self, Child, ChildStdin, ChildStdout, Command, Stdio};

use anyhow::{Context, bail};

/// 工作进程：每读到一个数 n 就回答 n²；收到第 `crash_after + 1` 个作业时不回答，
/// 直接以退出码 1 结束，模拟一个做几件事就会崩溃的程序。
pub fn worker(crash_after: usize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for (done, line) in io::stdin().lock().lines().enumerate() {
        if done == crash_after {
            process::exit(1);
        }
        let n: u64 = line?.trim().parse().map_err(io::Error::other)?;
        writeln!(out, "{}", n * n)?;
        out.flush()?;
    }
    Ok(())
}

/// 监督的结果：每个作业的答案（按作业顺序），以及重启了几次工作进程。
#[derive(Debug, PartialEq)]
pub struct Report {
    pub answers: Vec<u64>,
    pub restarts: usize,
}

/// 用一个工作进程（`program worker crash_after`）依次完成 `jobs`。
/// 工作进程崩溃时回收它、启动新的，把崩溃时那个作业重新交给新进程；
/// 重启超过 `max_restarts` 次就放弃，返回错误。
pub fn supervise(
    program: &Path,
    crash_after: usize,
    jobs: &[u64],
    max_restarts: usize,
) -> io::Result<Report> {
    // 练习：启动工作进程，逐个发作业；崩溃时回收、重启、重发这个作业
    let spawn = || Worker::spawn(program, crash_after);
    let mut worker = spawn()?;
    let mut report = Report {
        answers: Vec::new(),
        restarts: 0,
    };
    for &job in jobs {
        loop {
            match worker.ask(job) {
                Ok(answer) => {
                    report.answers.push(answer);
                    break;
                }
                Err(error) => {
                    // 崩溃了：先回收旧进程（拿到它的退出状态），再决定是否重启。
                    let status = worker.finish()?;
                    if report.restarts == max_restarts {
                        let message = format!(
                            "作业 {job}：工作进程崩溃（{status}，{error}），已重启 {max_restarts} 次，放弃"
                        );
                        return Err(io::Error::other(message));
                    }
                    report.restarts += 1;
                    worker = spawn()?;
                }
            }
        }
    }
    worker.finish()?;
    Ok(report)
}

/// 一个工作进程和通向它的两根管道。
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn spawn(program: &Path, crash_after: usize) -> io::Result<Worker> {
        let mut child = Command::new(program)
            .args(["worker", &crash_after.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("上面设置了 piped"));
        Ok(Worker {
            child,
            stdin,
            stdout,
        })
    }

    /// 发一个作业，读它的回答。对方已经退出时，写可能失败（管道破裂），读会读到结尾。
    fn ask(&mut self, job: u64) -> io::Result<u64> {
        let stdin = self.stdin.as_mut().expect("finish 之前一直都在");
        writeln!(stdin, "{job}")?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err(io::Error::other("没有回答就退出了"));
        }
        line.trim_end().parse().map_err(io::Error::other)
    }

    /// 关上它的标准输入，等它结束（已经崩溃的进程会立刻被回收）。
    fn finish(mut self) -> io::Result<process::ExitStatus> {
        self.stdin = None;
        self.child.wait()
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.as_slice() {
        [] => {}
        [role, crash_after] if role == "worker" => {
            let crash_after = crash_after
                .parse()
                .context("崩溃前的作业数必须是非负整数")?;
            return worker(crash_after).context("工作进程出错");
        }
        _ => bail!("不认识的参数 {args:?}"),
    }

    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let jobs: Vec<u64> = (1..=10).collect();
    // 每个工作进程做完 3 个作业就崩溃：10 个作业需要 4 个进程，也就是重启 3 次。
    let report = supervise(&me, 3, &jobs, 5).context("监督工作进程失败")?;
    println!("答案：{:?}", report.answers);
    println!("重启了 {} 次工作进程", report.restarts);

    // 一个什么都做不了的工作进程：重启 2 次之后放弃，而不是无休止地重启。
    match supervise(&me, 0, &jobs, 2) {
        Ok(report) => println!("不该成功：{report:?}"),
        Err(error) => println!("放弃了：{error}"),
    }
    Ok(())
}
