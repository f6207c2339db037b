//! 子进程：各个阶段。父进程用 `bench stage 阶段名 参数…` 启动它们，
//! 每个阶段最后一行打印 `key=value …` 报告（Python 脚本的阶段也这样报告）。
use std::env;
use std::io::{self, BufRead, BufReader};
use std::process::{self, Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::primes::count_share;
use super::protocol::{number, parse_fields};

/// 子进程的入口：`bench stage 阶段名 参数…`。最后一行打印 `key=value …` 报告。
pub fn run(args: &[String]) -> io::Result<()> {
    exit_when_parent_exits();
    let arg = |i: usize| -> io::Result<u64> {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| io::Error::other(format!("第 {i} 个参数应是整数：{args:?}")))
    };
    let name = args.first().map(String::as_str).unwrap_or("");
    let report = match name {
        "io-process" => io_process(arg(1)? as usize, ms(arg(2)?))?,
        "io-thread" => io_thread(arg(1)? as usize, ms(arg(2)?))?,
        "io-tokio" => io_tokio(arg(1)? as usize, ms(arg(2)?))?,
        "sleeper" => {
            std::thread::sleep(ms(arg(1)?));
            format!("rss_kb={}", peak_rss_kb().unwrap_or(0))
        }
        "cpu-thread" => timed(|| cpu_threads(arg(1)?, arg(2)?))?,
        "cpu-process" => timed(|| cpu_processes(arg(1)?, arg(2)?))?,
        "cpu-blocking" => timed(|| cpu_spawn_blocking(arg(1)?, arg(2)?))?,
        "cpu-async" => timed(|| cpu_current_thread(arg(1)?, arg(2)?))?,
        "primes" => format!("primes={}", count_share(arg(3)?, arg(1)?, arg(2)?)),
        _ => return Err(io::Error::other(format!("不认识的阶段 {args:?}"))),
    };
    println!("{report}");
    Ok(())
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// 在后台线程里读标准输入；读到结尾说明父进程已经不在（或不要我们了），立即退出。
/// 这样父进程被 Ctrl-C 或强行杀死时，不会留下还在运行的子进程。
pub fn exit_when_parent_exits() {
    std::thread::spawn(|| {
        // 读到的内容丢掉，只等结尾；读出错也当作父进程不在了。
        let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
        process::exit(130);
    });
}

/// 本进程的内存峰值（KB）。Linux 上读 /proc/self/status 的 VmHWM（“高水位”）；
/// 其他系统上没有这个文件，返回 `None`，表格里显示“—”。
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn rss_field(extra_kb: u64) -> String {
    match peak_rss_kb() {
        Some(kb) => format!("rss_kb={}", kb + extra_kb),
        None => String::new(),
    }
}

/// I/O：N 个子进程，每个睡 d。内存是本进程的峰值加上每个子进程的峰值之和
/// （子进程同时在睡，和是同时占用的近似；共享的程序代码页被重复计算，所以偏高）。
pub fn io_process(n: usize, sleep: Duration) -> io::Result<String> {
    let exe = env::current_exe()?;
    let start = Instant::now();
    let mut children: Vec<Child> = Vec::with_capacity(n);
    let mut stdins = Vec::with_capacity(n); // 拿着每个子进程的标准输入，最后才关闭
    for _ in 0..n {
        let spawned = Command::new(&exe)
            .args(["stage", "sleeper", &sleep.as_millis().to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Ok(mut child) => {
                stdins.push(child.stdin.take());
                children.push(child);
            }
            Err(error) => {
                kill_all(children);
                return Err(error);
            }
        }
    }
    let spawn_s = start.elapsed().as_secs_f64();
    let mut children_kb = 0;
    let mut failure = None;
    for mut child in children {
        let mut line = String::new();
        let stdout = child.stdout.take().expect("上面设置了 piped");
        BufReader::new(stdout).read_line(&mut line)?;
        let status: ExitStatus = child.wait()?;
        if !status.success() {
            failure = Some(status);
        }
        children_kb += parse_fields(&line)
            .ok()
            .and_then(|f| f.get("rss_kb")?.parse::<u64>().ok())
            .unwrap_or(0);
    }
    let wall_s = start.elapsed().as_secs_f64();
    drop(stdins);
    if let Some(status) = failure {
        return Err(io::Error::other(format!("睡眠子进程失败：{status}")));
    }
    Ok(format!(
        "wall_s={wall_s:.6} spawn_s={spawn_s:.6} {}",
        rss_field(children_kb)
    ))
}

fn kill_all(children: Vec<Child>) {
    for mut child in children {
        let _ = child.kill(); // 正在报告别的错误；已退出的子进程 kill 也返回 Ok
        let _ = child.wait();
    }
}

/// I/O：N 个操作系统线程，每个睡 d。
pub fn io_thread(n: usize, sleep: Duration) -> io::Result<String> {
    let start = Instant::now();
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        match std::thread::Builder::new().spawn(move || std::thread::sleep(sleep)) {
            Ok(handle) => handles.push(handle),
            Err(error) => {
                let started = handles.len();
                for handle in handles {
                    let _ = handle.join();
                }
                return Err(io::Error::other(format!(
                    "只启动了 {started} 个线程就失败了：{error}"
                )));
            }
        }
    }
    let spawn_s = start.elapsed().as_secs_f64();
    for handle in handles {
        handle
            .join()
            .map_err(|_| io::Error::other("线程 panic 了"))?;
    }
    let wall_s = start.elapsed().as_secs_f64();
    Ok(format!(
        "wall_s={wall_s:.6} spawn_s={spawn_s:.6} {}",
        rss_field(0)
    ))
}

/// I/O：N 个 tokio 任务，每个睡 d（多线程运行时，工作线程数等于核数）。
pub fn io_tokio(n: usize, sleep: Duration) -> io::Result<String> {
    let runtime = tokio::runtime::Runtime::new()?;
    let (wall_s, spawn_s) = runtime.block_on(async {
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..n {
            tasks.spawn(tokio::time::sleep(sleep));
        }
        let spawn_s = start.elapsed().as_secs_f64();
        while let Some(done) = tasks.join_next().await {
            done.map_err(io::Error::other)?;
        }
        Ok::<_, io::Error>((start.elapsed().as_secs_f64(), spawn_s))
    })?;
    Ok(format!(
        "wall_s={wall_s:.6} spawn_s={spawn_s:.6} {}",
        rss_field(0)
    ))
}

/// 运行一个数素数的阶段，报告用时和结果。
fn timed(work: impl FnOnce() -> io::Result<u64>) -> io::Result<String> {
    let start = Instant::now();
    let primes = work()?;
    let wall_s = start.elapsed().as_secs_f64();
    Ok(format!("wall_s={wall_s:.6} primes={primes}"))
}

/// CPU：`workers` 个线程，各数自己那一份。
pub fn cpu_threads(workers: u64, bound: u64) -> io::Result<u64> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|k| scope.spawn(move || count_share(bound, workers, k)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| io::Error::other("线程 panic 了")))
            .sum()
    })
}

/// CPU：`workers` 个子进程，各数自己那一份，把结果打印给父进程。
pub fn cpu_processes(workers: u64, bound: u64) -> io::Result<u64> {
    let exe = env::current_exe()?;
    let mut children = Vec::new();
    for k in 0..workers {
        let args = ["stage", "primes", &workers.to_string(), &k.to_string()];
        let spawned = Command::new(&exe)
            .args(args)
            .arg(bound.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => children.push(child),
            Err(error) => {
                kill_all(children);
                return Err(error);
            }
        }
    }
    // wait_with_output 会先关闭子进程的标准输入；先把它们取出来拿着，
    // 否则子进程会以为父进程不在了（见 exit_when_parent_exits）。
    let stdins: Vec<_> = children.iter_mut().map(|c| c.stdin.take()).collect();
    let mut total = 0;
    for child in children {
        let output = child.wait_with_output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!("子进程失败：{}", output.status)));
        }
        let fields = parse_fields(&String::from_utf8_lossy(&output.stdout))?;
        total += number(&fields, "primes")? as u64;
    }
    drop(stdins);
    Ok(total)
}

/// CPU：多线程运行时上的 `spawn_blocking`，计算交给运行时的阻塞线程池。
pub fn cpu_spawn_blocking(workers: u64, bound: u64) -> io::Result<u64> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let tasks: Vec<_> = (0..workers)
            .map(|k| tokio::task::spawn_blocking(move || count_share(bound, workers, k)))
            .collect();
        let mut total = 0;
        for task in tasks {
            total += task.await.map_err(io::Error::other)?;
        }
        Ok(total)
    })
}

/// CPU：单线程运行时上的 `workers` 个异步任务。任务里没有 `.await` 可以让出，
/// 它们只能一个接一个地在同一个线程上跑完：异步帮不了计算。
pub fn cpu_current_thread(workers: u64, bound: u64) -> io::Result<u64> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let tasks: Vec<_> = (0..workers)
            .map(|k| tokio::spawn(async move { count_share(bound, workers, k) }))
            .collect();
        let mut total = 0;
        for task in tasks {
            total += task.await.map_err(io::Error::other)?;
        }
        Ok(total)
    })
}
