//! 运行：cargo run --example ch01_08_queue
//!
//! 跨进程的作业队列：几个工作进程轮流向父进程领作业、交回结果，一个不丢、一个不重。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::thread;

use anyhow::{Context, bail};

/// 工作进程：每读到一个作业编号 n，就回答一行“n n²”；读到结尾就退出。
fn worker() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let n: u64 = line?.trim().parse().map_err(io::Error::other)?;
        writeln!(out, "{n} {}", n * n)?;
        out.flush()?;
    }
    Ok(())
}

// ANCHOR: worker
/// 父进程手里的一个工作进程，连同通向它的两根管道。
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn spawn(me: &Path) -> io::Result<Worker> {
        let mut child = Command::new(me)
            .arg("worker")
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

    /// 交给它一个作业，等它回答。
    fn run(&mut self, job: u64) -> io::Result<u64> {
        let stdin = self.stdin.as_mut().expect("finish 之前一直都在");
        writeln!(stdin, "{job}")?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            let message = format!("工作进程 进程号 {} 提前退出了", self.child.id());
            return Err(io::Error::other(message));
        }
        let answer = line.trim_end().split_once(' ');
        match answer.map(|(j, r)| (j.parse::<u64>(), r.parse::<u64>())) {
            Some((Ok(j), Ok(result))) if j == job => Ok(result),
            _ => Err(io::Error::other(format!(
                "工作进程 进程号 {} 对作业 {job} 的回答不对：{line:?}",
                self.child.id()
            ))),
        }
    }

    /// 关上它的标准输入，它读到结尾就会退出；等它结束。
    fn finish(mut self) -> io::Result<ExitStatus> {
        self.stdin = None;
        self.child.wait()
    }
}

impl Drop for Worker {
    /// 无论正常结束还是中途出错，都不留下子进程：还活着就杀掉，然后回收。
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill(); // 对刚好退出的子进程也返回 Ok；Drop 里无处报告别的失败
        }
        // wait 只在子进程已被别处回收时才会失败，那样也就没有僵尸进程要收拾了。
        let _ = self.child.wait();
    }
}
// ANCHOR_END: worker

// ANCHOR: queue
fn run_queue(workers: usize, jobs: u64) -> io::Result<()> {
    let me = env::current_exe()?;
    let mut pool = Vec::new();
    for _ in 0..workers {
        let worker = Worker::spawn(&me)?; // 出错时，已启动的工作进程随 pool 一起被清理
        println!("工作进程 进程号 {} 已启动", worker.child.id());
        pool.push(worker);
    }

    // 队列就在父进程里：一串作业编号。每个工作进程配一个线程，空了就来领下一个。
    let queue = Mutex::new(1..=jobs);
    let queue = &queue;
    let per_worker: Vec<io::Result<Vec<(u64, u64)>>> = thread::scope(|scope| {
        let handles: Vec<_> = (pool.iter_mut())
            .map(|worker| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let next = queue.lock().expect("锁没有被 panic 弄坏").next();
                        let Some(job) = next else { return Ok(done) };
                        done.push((job, worker.run(job)?));
                    }
                })
            })
            .collect();
        let joined = handles.into_iter().map(|h| h.join());
        joined.map(|r| r.expect("线程里没有 panic")).collect()
    });
    let mut results = Vec::new();
    for done in per_worker {
        results.extend(done?);
    }
    for worker in pool {
        let status = worker.finish()?;
        if !status.success() {
            return Err(io::Error::other(format!("工作进程失败：{status}")));
        }
    }

    // 核对：每个作业恰好一个结果，而且结果正确。
    results.sort_unstable();
    for (job, square) in &results {
        println!("作业 {job} → {square}");
    }
    let expected: Vec<(u64, u64)> = (1..=jobs).map(|n| (n, n * n)).collect();
    if results != expected {
        return Err(io::Error::other("结果有缺失、重复或错误"));
    }
    println!(
        "{jobs} 个作业，收到 {} 个结果，每个作业恰好一个",
        results.len()
    );
    Ok(())
}

/// 工作进程数和作业数。想看看更多的工作进程、更多的作业，改这两个数就行。
const WORKERS: usize = 3;
const JOBS: u64 = 8;

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("worker") => return worker().context("工作进程出错"),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    println!("{WORKERS} 个工作进程，{JOBS} 个作业");
    run_queue(WORKERS, JOBS).context("作业队列出错")
}
// ANCHOR_END: queue
