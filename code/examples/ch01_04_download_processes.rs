//! 运行：cargo run --example ch01_04_download_processes
//!
//! 笔记里的下载例子，改正后的多进程版：两个子进程同时“下载”，父进程等它们都结束。
use std::env;
use std::io;
use std::process::{self, Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

const FILES: [&str; 2] = ["Python从入门到放弃.pdf", "996 save.pdf"];

/// 子进程的工作：随机等 5 到 10 秒，最后一行报告用了几秒。
fn download(filename: &str) {
    println!("启动下载，进程号[{}]", process::id());
    println!("开始下载 {filename}...");
    let seconds: u64 = rand::random_range(5..=10);
    thread::sleep(Duration::from_secs(seconds).mul_f64(bingfa::time_scale()));
    println!("{filename} 下载完成，耗费 {seconds} 秒");
}

/// 从子进程的报告里读出它用了几秒；报告不合约定就是出错。
fn seconds_in(report: &str) -> io::Result<u64> {
    let last = report.lines().last().unwrap_or_default();
    last.rsplit_once("耗费 ")
        .and_then(|(_, rest)| rest.strip_suffix(" 秒"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| io::Error::other(format!("看不懂子进程的报告：{report:?}")))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("download") => {
            download(args.get(1).map_or("", String::as_str));
            return Ok(());
        }
        Some(other) => {
            eprintln!("错误：不认识的参数 `{other}`，这个例子不需要参数");
            process::exit(2);
        }
    }

    // Ctrl-C：终端把 SIGINT 发给整个前台进程组，两个子进程随之结束。父进程不跟着
    // 结束，而是照常等到并回收它们，再报告中断（退出码 130，与 shell 的习惯一致）。
    let mut ctrl_c = CtrlC::register().context("无法登记 Ctrl-C 的处理")?;
    match run() {
        Err(_) if ctrl_c.was_pressed() => {
            eprintln!("收到 Ctrl-C：下载中止，子进程都已结束并回收");
            process::exit(130);
        }
        result => result,
    }
}

/// 登记过的 Ctrl-C：之后的 SIGINT 不再直接结束父进程，只是记下来，由 `was_pressed` 查看。
/// 借助 tokio 的信号支持（标准库没有信号接口）；不另开线程。
#[cfg(unix)]
struct CtrlC {
    runtime: tokio::runtime::Runtime,
    signal: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl CtrlC {
    fn register() -> io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let signal = {
            let _in_runtime = runtime.enter();
            signal(SignalKind::interrupt())?
        };
        Ok(CtrlC { runtime, signal })
    }

    /// 子进程被终端的 SIGINT 结束时，父进程的那一份 SIGINT 一定已经处理过：
    /// 内核在同一次调用里把信号发给整个进程组，父进程只有这一个线程，信号在它从
    /// 等待子进程的系统调用返回之前就已交给 tokio。这里让 tokio 的驱动读一次信号，
    /// 不等待：结果不取决于线程调度。
    fn was_pressed(&mut self) -> bool {
        let signal = &mut self.signal;
        self.runtime.block_on(async {
            tokio::select! {
                biased;
                _ = signal.recv() => true,
                () = tokio::task::yield_now() => false,
            }
        })
    }
}

/// 其他系统上保持默认行为：Ctrl-C 直接结束进程。
#[cfg(not(unix))]
struct CtrlC;

#[cfg(not(unix))]
impl CtrlC {
    fn register() -> io::Result<Self> {
        Ok(CtrlC)
    }

    fn was_pressed(&mut self) -> bool {
        false
    }
}

/// 父进程的工作：启动两个子进程，等它们结束，汇报结果。
fn run() -> anyhow::Result<()> {
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    println!("父进程：进程号 {}", process::id());
    let start = Instant::now();
    let mut children: Vec<Child> = Vec::new();
    for file in FILES {
        // 子进程的标准输出接到管道上，由父进程按启动顺序转印，输出顺序就固定了。
        let spawned = Command::new(&me)
            .args(["download", file])
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => children.push(child),
            Err(error) => {
                // 已经启动的子进程不能不管：杀掉并回收，再报告错误。
                for mut child in children {
                    let _ = child.kill(); // 正在报告另一个错误；kill 对已退出的子进程也返回 Ok
                    child.wait()?;
                }
                return Err(error).with_context(|| format!("无法启动下载 {file} 的子进程"));
            }
        }
    }

    // 每个子进程都等它结束（相当于 p.join()），同时收下它的输出；之后再检查。
    let outputs: Vec<_> = children.into_iter().map(Child::wait_with_output).collect();
    let mut longest = 0;
    for output in outputs {
        let output = output?;
        let report = String::from_utf8_lossy(&output.stdout);
        print!("{report}");
        if !output.status.success() {
            bail!("子进程失败：{}", output.status);
        }
        longest = longest.max(seconds_in(&report)?);
    }
    let elapsed = start.elapsed().as_secs_f64() / bingfa::time_scale();
    println!("较慢的一个耗费 {longest} 秒，总共耗费 {elapsed:.2} 秒");
    // ANCHOR_END: main
    Ok(())
}
