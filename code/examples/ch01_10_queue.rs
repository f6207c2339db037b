//! 运行：cargo run --example ch01_10_queue
//!
//! 跨进程的作业队列：父进程自己当队列，按固定顺序轮流向几个工作进程收回答、
//! 发下一个作业，一个不丢、一个不重。父进程只有一个线程。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

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
    number: usize,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// 交给了它、还没收到回答的作业：至多一个。
    job: Option<u64>,
}

impl Worker {
    fn spawn(me: &Path, number: usize) -> io::Result<Worker> {
        let mut child = Command::new(me)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("上面设置了 piped"));
        Ok(Worker {
            number,
            child,
            stdin,
            stdout,
            job: None,
        })
    }

    /// 在消息里称呼它：“工作进程 1（进程号 4200）”。
    fn name(&self) -> String {
        format!("工作进程 {}（进程号 {}）", self.number, self.child.id())
    }

    /// 交给它一个作业，不等回答：写进管道就返回。
    fn give(&mut self, job: u64) -> io::Result<()> {
        let stdin = self.stdin.as_mut().expect("close 之前一直都在");
        writeln!(stdin, "{job}")?;
        self.job = Some(job);
        Ok(())
    }

    /// 等它交回手上那个作业的结果；它手上没有作业时返回 None。
    fn answer(&mut self) -> io::Result<Option<(u64, u64)>> {
        let Some(job) = self.job.take() else {
            return Ok(None);
        };
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            let message = format!("{}做作业 {job} 时提前退出了", self.name());
            return Err(io::Error::other(message));
        }
        // 回答里带着作业编号，核对它答的正是交给它的那个作业。
        let answer = line.trim_end().split_once(' ');
        match answer.map(|(j, r)| (j.parse::<u64>(), r.parse::<u64>())) {
            Some((Ok(j), Ok(result))) if j == job => Ok(Some((job, result))),
            _ => Err(io::Error::other(format!(
                "{}对作业 {job} 的回答不对：{line:?}",
                self.name()
            ))),
        }
    }

    /// 关上它的标准输入：它读到结尾就会退出。
    fn close(&mut self) {
        self.stdin = None;
    }

    /// 关上标准输入，等它结束。
    fn finish(mut self) -> io::Result<ExitStatus> {
        self.close();
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
    for number in 1..=workers {
        let worker = Worker::spawn(&me, number)?; // 出错时，已启动的工作进程随 pool 一起被清理
        println!("{}已启动", worker.name());
        pool.push(worker);
    }

    // 队列就在父进程里：一串作业编号。先给每个工作进程一个作业，大家同时开工。
    let mut queue = 1..=jobs;
    for worker in &mut pool {
        match queue.next() {
            Some(job) => worker.give(job)?,
            None => worker.close(),
        }
    }
    // 按固定的顺序轮流：收下一个工作进程的回答，马上给它下一个作业，
    // 作业发完了就关上它的输入。这时别的工作进程都还在算各自的作业。
    let mut results = Vec::new();
    while pool.iter().any(|worker| worker.job.is_some()) {
        for worker in &mut pool {
            let Some((job, square)) = worker.answer()? else {
                continue;
            };
            println!("工作进程 {}：作业 {job} → {square}", worker.number);
            results.push((job, square));
            match queue.next() {
                Some(next) => worker.give(next)?,
                None => worker.close(),
            }
        }
    }
    for worker in pool {
        let status = worker.finish()?;
        if !status.success() {
            return Err(io::Error::other(format!("工作进程失败：{status}")));
        }
    }

    // 核对：每个作业恰好一个结果，而且结果正确。先排序，核对就不依赖收回的先后。
    results.sort_unstable();
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
