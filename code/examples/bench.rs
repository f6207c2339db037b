//! 运行：cargo run --release --example bench
//!
//! 第 4 章的基准测试：同一台机器上，把多进程、多线程、tokio 任务（以及 Python 的
//! threading / multiprocessing / asyncio）放在一起量。
//!
//! ```text
//! cargo run --release --example bench                      完整运行（2 核机器上约一分钟）
//! cargo run --release --example bench -- --quick           快速运行（约 10 秒）
//! cargo run --release --example bench -- --json            结果以 JSON 打印到标准输出
//! cargo run --release --example bench -- --write book/ch04 重新生成书中的结果、表格和图
//! ```
//!
//! 每个阶段都在自己的子进程里运行（第 1 章的做法：带一个角色参数把自己再启动一次），
//! 这样子进程报告的内存峰值只属于这一个阶段。
use std::collections::HashMap;
use std::env;
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use plotters::prelude::{RGBColor, Rectangle, SegmentValue};

const USAGE: &str = "\
用法：cargo run --release --example bench [-- 选项]
  --quick           快速运行：规模不变，只重复一次，CPU 阶段的上限缩小
  --json            把结果以 JSON 打印到标准输出（进度仍打印到标准错误）
  --write <目录>    把 bench.json、表格和 bench.svg 写进这个目录
  --sleep-ms <毫秒> I/O 阶段每个“下载”等待的时间，10 到 5000 之间，默认 500
  --no-python       不运行 Python 对照
  --help            显示这段说明";

// ---------------------------------------------------------------------------
// 配置与结果
// ---------------------------------------------------------------------------

/// 一种并发模型，以及它在 JSON 里的名字。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Process,
    Thread,
    Tokio,
    SpawnBlocking,
    AsyncCurrentThread,
    PythonThread,
    PythonProcess,
    PythonAsyncio,
}

impl Model {
    pub fn name(self) -> &'static str {
        match self {
            Model::Process => "process",
            Model::Thread => "thread",
            Model::Tokio => "tokio",
            Model::SpawnBlocking => "spawn_blocking",
            Model::AsyncCurrentThread => "tokio-current-thread",
            Model::PythonThread => "python-thread",
            Model::PythonProcess => "python-process",
            Model::PythonAsyncio => "python-asyncio",
        }
    }

    /// 表格和图里的中文名字。
    pub fn label(self) -> &'static str {
        match self {
            Model::Process => "Rust 进程",
            Model::Thread => "Rust 线程",
            Model::Tokio => "tokio 任务",
            Model::SpawnBlocking => "tokio spawn_blocking",
            Model::AsyncCurrentThread => "tokio 单线程运行时上的任务",
            Model::PythonThread => "Python threading",
            Model::PythonProcess => "Python multiprocessing",
            Model::PythonAsyncio => "Python asyncio",
        }
    }

    pub fn is_python(self) -> bool {
        matches!(
            self,
            Model::PythonThread | Model::PythonProcess | Model::PythonAsyncio
        )
    }

    /// 传给子进程（或 Python 脚本）的阶段名。
    fn stage(self, io: bool) -> String {
        let kind = match self {
            Model::Process | Model::PythonProcess => "process",
            Model::Thread | Model::PythonThread => "thread",
            Model::Tokio => "tokio",
            Model::SpawnBlocking => "blocking",
            Model::AsyncCurrentThread | Model::PythonAsyncio => "async",
        };
        format!("{}-{kind}", if io { "io" } else { "cpu" })
    }
}

/// 一次基准测试要做什么。`main` 用 [`Config::full`] 或 [`Config::quick`]，测试用更小的规模。
#[derive(Debug, Clone)]
pub struct Config {
    /// 扮演各个阶段的程序：就是 bench 自己。
    pub exe: PathBuf,
    /// Python 解释器；`None` 表示不跑 Python 对照。
    pub python: Option<PathBuf>,
    /// I/O 阶段每个“下载”等多久。
    pub sleep: Duration,
    /// I/O 阶段：哪个模型，同时开多少个。
    pub io: Vec<(Model, usize)>,
    /// CPU 阶段数 [0, bound) 里的质数；Python 慢得多，用自己的上限。
    pub cpu_bound: u64,
    pub python_cpu_bound: u64,
    /// CPU 阶段分几份（线程数、进程数、任务数），一般等于核数。
    pub workers: usize,
    /// 每个阶段重复几次，取耗时的中位数那一次。
    pub repeats: usize,
}

impl Config {
    pub fn full(exe: PathBuf, python: Option<PathBuf>) -> Config {
        Config {
            exe,
            python,
            sleep: Duration::from_millis(500),
            io: vec![
                (Model::Process, 100),
                (Model::Thread, 10_000),
                (Model::Tokio, 100_000),
                (Model::Tokio, 1_000_000),
                (Model::PythonProcess, 100),
                (Model::PythonThread, 10_000),
                (Model::PythonAsyncio, 100_000),
            ],
            cpu_bound: 10_000_000,
            python_cpu_bound: 1_000_000,
            workers: cores(),
            repeats: 3,
        }
    }

    /// 规模不变，只跑一次，CPU 阶段的上限缩小到五分之一。
    pub fn quick(exe: PathBuf, python: Option<PathBuf>) -> Config {
        let full = Config::full(exe, python);
        Config {
            cpu_bound: full.cpu_bound / 5,
            python_cpu_bound: full.python_cpu_bound / 5,
            repeats: 1,
            ..full
        }
    }
}

/// 机器的情况，写在结果的开头：别的机器上的数字会不一样。
#[derive(Debug, Clone)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub os: String,
    pub rustc: String,
    pub python: Option<String>,
    pub date: String,
    /// 开始时的 1 分钟平均负载（Linux 的 /proc/loadavg）：别的程序也在用 CPU 时，数字会偏慢。
    pub load: Option<f64>,
}

/// I/O 阶段的一行结果。
#[derive(Debug, Clone)]
pub struct IoResult {
    pub model: Model,
    pub n: usize,
    pub sleep_s: f64,
    /// 从开始创建到全部结束的墙钟时间。
    pub wall_s: f64,
    /// 只算“创建”这一步，平均每个单位花的时间。
    pub spawn_us: f64,
    /// 内存峰值（RSS 的最高水位）；读不到时为 `None`。
    pub peak_rss_mb: Option<f64>,
}

/// CPU 阶段的一行结果。
#[derive(Debug, Clone)]
pub struct CpuResult {
    pub model: Model,
    pub workers: usize,
    pub bound: u64,
    pub primes: u64,
    pub wall_s: f64,
    /// 相对同一语言单线程的加速比。
    pub speedup: f64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub machine: Machine,
    pub io: Vec<IoResult>,
    pub cpu: Vec<CpuResult>,
}

// ---------------------------------------------------------------------------
// 命令行
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Options {
    quick: bool,
    json: bool,
    write: Option<PathBuf>,
    sleep_ms: Option<u64>,
    no_python: bool,
}

/// 参数不对：打印中文说明，以退出码 2 结束。
fn usage_error(message: &str) -> ! {
    eprintln!("错误：{message}\n\n{USAGE}");
    process::exit(2);
}

fn parse_options(args: &[String]) -> Options {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--json" => options.json = true,
            "--no-python" => options.no_python = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                process::exit(0);
            }
            "--write" => match args.next() {
                Some(dir) if !dir.starts_with("--") => options.write = Some(dir.into()),
                _ => usage_error("--write 后面要跟一个目录，例如 --write book/ch04"),
            },
            "--sleep-ms" => {
                let value = args.next().map(String::as_str).unwrap_or("");
                match value.parse::<u64>() {
                    Ok(ms) if (10..=5000).contains(&ms) => options.sleep_ms = Some(ms),
                    _ => usage_error(&format!(
                        "--sleep-ms 必须是 10 到 5000 之间的整数（毫秒），收到 `{value}`"
                    )),
                }
            }
            other => usage_error(&format!("不认识的参数 `{other}`")),
        }
    }
    options
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("stage") {
        // 被父进程启动，扮演某一个阶段。各阶段自己决定要不要建 tokio 运行时。
        process::exit(match stage::run(&args[1..]) {
            Ok(()) => 0,
            Err(error) => {
                eprintln!("阶段 {:?} 失败：{error}", &args[1..]);
                1
            }
        });
    }
    let options = parse_options(&args);
    // 父进程只是依次启动子进程、等它们结束，同时留意 Ctrl-C：单线程运行时就够了。
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("无法创建 tokio 运行时：{e}")));
    runtime.block_on(parent(options));
}

async fn parent(options: Options) {
    let exe = env::current_exe().unwrap_or_else(|e| fail(&format!("找不到自己的程序文件：{e}")));
    let python = if options.no_python {
        None
    } else {
        find_python()
    };
    let mut config = if options.quick {
        Config::quick(exe, python)
    } else {
        Config::full(exe, python)
    };
    if let Some(ms) = options.sleep_ms {
        config.sleep = Duration::from_millis(ms);
    }
    if options.no_python {
        eprintln!("按 --no-python 的要求，跳过 Python 对照");
    } else if config.python.is_none() {
        eprintln!("没有找到 python3（PATH 里没有），跳过 Python 对照，只比较 Rust 的几种做法");
    }

    // Ctrl-C：后台任务把它记在一个 watch 通道里；正在运行的阶段看到后杀掉子进程并等它结束。
    let (interrupt_tx, interrupted) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = interrupt_tx.send(true);
        }
    });
    // 让上面的任务先跑一步、登记好信号处理（单线程运行时里，它要等这里让出才会运行）：
    // 否则第一个阶段开始后、登记之前按下的 Ctrl-C 会直接结束父进程。
    tokio::task::yield_now().await;
    let report = run(&config, &mut |line| eprintln!("{line}"), interrupted).await;
    if let Err(error) = &report
        && error.kind() == io::ErrorKind::Interrupted
    {
        eprintln!("\n已中断：正在运行的阶段已被结束并回收，没有留下子进程");
        process::exit(130); // shell 的惯例：128 + SIGINT(2)
    }
    let report = report.unwrap_or_else(|e| fail(&format!("基准测试失败：{e}")));

    if options.json {
        print!("{}", to_json(&report));
    } else {
        println!("\n{}", machine_table(&report.machine));
        println!("{}", io_table(&report));
        println!("{}", cpu_table(&report));
    }
    if let Some(dir) = &options.write {
        write_results(&report, dir).unwrap_or_else(|e| fail(&format!("写入 {dir:?} 失败：{e}")));
        eprintln!("结果已写入 {}", dir.display());
    }
}

fn fail(message: &str) -> ! {
    eprintln!("错误：{message}");
    process::exit(1);
}

/// 本机的 CPU 核数（准确地说，是本进程可用的并行度）。
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// PATH 里的 python3（直接启动，不经过 shell）；启动不了就是没有。
pub fn find_python() -> Option<PathBuf> {
    let ok = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| PathBuf::from("python3"))
}

/// 随书提供的 Python 脚本。
pub fn python_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python/bench.py")
}

// ---------------------------------------------------------------------------
// 父进程：依次启动各个阶段，收集结果
// ---------------------------------------------------------------------------

/// 运行全部阶段。每开始一个阶段，用 `progress` 报告一行。
///
/// `interrupted` 变成 `true`（用户按了 Ctrl-C）时，杀掉正在运行的子进程、等它结束，
/// 返回 [`io::ErrorKind::Interrupted`] 错误。
pub async fn run(
    config: &Config,
    progress: &mut dyn FnMut(String),
    interrupted: Interrupt,
) -> io::Result<Report> {
    let machine = machine(config);
    if let Some(load) = machine.load.filter(|&l| l > 0.5 * machine.cores as f64) {
        progress(format!(
            "注意：开始时的平均负载是 {load:.2}，别的程序正在占用 CPU，结果（尤其是加速比）会偏低"
        ));
    }
    let mut io_results = Vec::new();
    for &(model, n) in &config.io {
        if model.is_python() && config.python.is_none() {
            continue;
        }
        progress(format!(
            "I/O：{} × {n}，每个等 {:?}",
            model.label(),
            config.sleep
        ));
        let args = [n.to_string(), config.sleep.as_millis().to_string()];
        let fields = run_repeated(config, model, true, &args, &interrupted).await?;
        let result = IoResult {
            model,
            n,
            sleep_s: config.sleep.as_secs_f64(),
            wall_s: number(&fields, "wall_s")?,
            spawn_us: number(&fields, "spawn_s")? / n as f64 * 1e6,
            peak_rss_mb: fields
                .get("rss_kb")
                .and_then(|kb| kb.parse::<f64>().ok())
                .map(|kb| kb / 1024.0),
        };
        progress(format!(
            "    墙钟 {:.3} 秒（理想 {:.3} 秒），创建每个 {:.1}µs，内存峰值 {}",
            result.wall_s,
            result.sleep_s,
            result.spawn_us,
            mb_text(result.peak_rss_mb)
        ));
        io_results.push(result);
    }

    let mut cpu = Vec::new();
    let w = config.workers;
    let mut plan = vec![
        (Model::Thread, 1),
        (Model::Thread, w),
        (Model::Process, w),
        (Model::SpawnBlocking, w),
        (Model::AsyncCurrentThread, w),
    ];
    if config.python.is_some() {
        plan.extend([
            (Model::PythonThread, 1),
            (Model::PythonThread, w),
            (Model::PythonProcess, w),
            (Model::PythonAsyncio, w),
        ]);
    }
    for (model, workers) in plan {
        let bound = if model.is_python() {
            config.python_cpu_bound
        } else {
            config.cpu_bound
        };
        progress(format!(
            "CPU：{} × {workers}，数 {bound} 以内的质数",
            model.label()
        ));
        let args = [workers.to_string(), bound.to_string()];
        let fields = run_repeated(config, model, false, &args, &interrupted).await?;
        let wall_s = number(&fields, "wall_s")?;
        let primes = number(&fields, "primes")? as u64;
        // 同一语言、同一上限、单线程的那一行是基准（它总是排在前面）。
        let base = cpu
            .iter()
            .find(|r: &&CpuResult| {
                r.workers == 1 && r.model.is_python() == model.is_python() && r.bound == bound
            })
            .map_or(wall_s, |r| r.wall_s);
        if let Some(first) = cpu.iter().find(|r: &&CpuResult| r.bound == bound)
            && first.primes != primes
        {
            return Err(io::Error::other(format!(
                "{} 数出 {primes} 个质数，与 {} 的 {} 个不一致",
                model.label(),
                first.model.label(),
                first.primes
            )));
        }
        let result = CpuResult {
            model,
            workers,
            bound,
            primes,
            wall_s,
            speedup: base / wall_s,
        };
        progress(format!(
            "    {primes} 个质数，{:.3} 秒，加速比 {:.2}",
            result.wall_s, result.speedup
        ));
        cpu.push(result);
    }
    Ok(Report {
        machine,
        io: io_results,
        cpu,
    })
}

/// 把一个阶段运行 `config.repeats` 次，返回墙钟时间居中的那一次。
async fn run_repeated(
    config: &Config,
    model: Model,
    io: bool,
    args: &[String],
    interrupted: &Interrupt,
) -> io::Result<HashMap<String, String>> {
    let mut runs = Vec::new();
    for _ in 0..config.repeats.max(1) {
        let mut command = if model.is_python() {
            let python = config.python.as_ref().expect("只在有 Python 时运行");
            let mut command = tokio::process::Command::new(python);
            command.arg(python_script());
            command
        } else {
            let mut command = tokio::process::Command::new(&config.exe);
            command.arg("stage");
            command
        };
        command.arg(model.stage(io)).args(args);
        let fields = run_stage_process(command, interrupted.clone()).await?;
        runs.push((number(&fields, "wall_s")?, fields));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let middle = runs.len() / 2;
    Ok(runs.swap_remove(middle).1)
}

/// Ctrl-C 的信号：`true` 表示用户要求停下。
pub type Interrupt = tokio::sync::watch::Receiver<bool>;

/// 启动一个阶段的子进程，读它最后一行 `key=value …` 格式的报告。
///
/// 子进程的标准输入接在一根管道上，父进程一直拿着写端：父进程一旦退出（哪怕是被强行杀死），
/// 子进程就会读到结尾，自行退出（见 [`stage::exit_when_parent_exits`]）。
async fn run_stage_process(
    mut command: tokio::process::Command,
    mut interrupted: Interrupt,
) -> io::Result<HashMap<String, String>> {
    use tokio::io::AsyncReadExt;
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true); // 万一这个 future 被丢弃，也不留下子进程
    let mut child = command.spawn()?;
    let stdin = child.stdin.take(); // 拿着不写；子进程结束前不关闭
    let mut stdout = child.stdout.take().expect("上面设置了 piped");
    let mut text = String::new();
    let finished = {
        let work = async { tokio::join!(stdout.read_to_string(&mut text), child.wait()) };
        let stop = async {
            // 发送端不在了就永远不会中断。
            if interrupted.wait_for(|&stop| stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            (read, status) = work => Some((read, status)),
            () = stop => None,
        }
    };
    let Some((read, status)) = finished else {
        child.kill().await?; // 发出 SIGKILL 并等它结束
        drop(stdin);
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "用户按了 Ctrl-C",
        ));
    };
    drop(stdin);
    read?;
    let status = status?;
    // 终端把 Ctrl-C 的 SIGINT 发给整个进程组：阶段的子进程可能在本进程的信号处理
    // 看到它之前就已被它结束。子进程死于 SIGINT（2 号信号），就是用户按了 Ctrl-C。
    #[cfg(unix)]
    if std::os::unix::process::ExitStatusExt::signal(&status) == Some(2) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "用户按了 Ctrl-C",
        ));
    }
    if !status.success() {
        return Err(io::Error::other(format!("{command:?} 失败：{status}")));
    }
    parse_fields(&text)
}

/// 解析子进程报告的最后一行：`wall_s=0.51 spawn_s=0.02 rss_kb=12345`。
pub fn parse_fields(text: &str) -> io::Result<HashMap<String, String>> {
    let last = text.lines().last().unwrap_or_default();
    let fields: HashMap<String, String> = last
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if fields.is_empty() {
        return Err(io::Error::other(format!("看不懂阶段的报告：{text:?}")));
    }
    Ok(fields)
}

fn number(fields: &HashMap<String, String>, key: &str) -> io::Result<f64> {
    fields
        .get(key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| io::Error::other(format!("阶段的报告里缺少 {key}：{fields:?}")))
}

fn machine(config: &Config) -> Machine {
    let first_line = |program: &Path, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                // Python 3.11 把版本打印到标准输出；更早的版本打印到标准错误。
                let text = [o.stdout, o.stderr].concat();
                String::from_utf8_lossy(&text)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
    };
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(" {}", k.trim()))
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "未知".into());
    Machine {
        cores: cores(),
        cpu,
        os: format!("{} {}{kernel}", env::consts::OS, env::consts::ARCH),
        rustc: first_line(Path::new("rustc"), "--version").unwrap_or_else(|| "未知".into()),
        python: config
            .python
            .as_ref()
            .and_then(|p| first_line(p, "--version")),
        date: today_utc(),
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next()?.parse().ok()),
    }
}

/// 今天的日期（UTC），不为此引入日期库：从 1970-01-01 起的天数换算成年月日。
pub fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant 的 civil_from_days 算法。
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

// ---------------------------------------------------------------------------
// 子进程：各个阶段
// ---------------------------------------------------------------------------

pub mod stage {
    use super::*;

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

    /// 运行一个数质数的阶段，报告用时和结果。
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
}

// ---------------------------------------------------------------------------
// 计算：数质数（Python 脚本里是同一个算法）
// ---------------------------------------------------------------------------

/// 每一块有多少个数。
pub const CHUNK: u64 = 10_000;

/// 试除法判断质数：故意用慢办法，好让 CPU 有活干。
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// 把 [0, bound) 切成每块 [`CHUNK`] 个数，第 i 块交给第 i % workers 个工人；
/// 返回第 `k` 个工人那几块里的质数个数。
///
/// 数越大，试除越费时，所以不把范围一刀切成几段（后面的段更累），而是轮流发小块，
/// 每个工人分到的工作量几乎一样。
pub fn count_share(bound: u64, workers: u64, k: u64) -> u64 {
    let chunks = bound.div_ceil(CHUNK);
    (k..chunks)
        .step_by(workers.max(1) as usize)
        .map(|c| {
            let end = ((c + 1) * CHUNK).min(bound);
            (c * CHUNK..end).filter(|&n| is_prime(n)).count() as u64
        })
        .sum()
}

// ---------------------------------------------------------------------------
// 输出：表格、JSON、SVG 图
// ---------------------------------------------------------------------------

fn mb_text(mb: Option<f64>) -> String {
    mb.map_or("—".into(), |mb| format!("{mb:.1} MB"))
}

/// 整数加千位分隔符：1000000 → 1,000,000。
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn machine_table(m: &Machine) -> String {
    let python = m.python.as_deref().unwrap_or("（没有运行）");
    let load = m.load.map_or("—".into(), |l| format!("{l:.2}"));
    format!(
        "| 项目 | 值 |\n|---|---|\n| 日期（UTC） | {} |\n| CPU | {}，{} 核 |\n| 操作系统 | {} |\n| Rust | {} |\n| Python | {} |\n| 开始时的平均负载（1 分钟） | {} |\n",
        m.date, m.cpu, m.cores, m.os, m.rustc, python, load
    )
}

pub fn io_table(report: &Report) -> String {
    let mut out = String::from(
        "| 模型 | 并发数 | 墙钟（秒） | 是理想的几倍 | 创建每个（µs） | 内存峰值（MB） | 每个约占（KB） |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in &report.io {
        let (peak, per_unit) = match r.peak_rss_mb {
            Some(mb) => (
                format!("{mb:.1}"),
                format!("{:.1}", mb * 1024.0 / r.n as f64),
            ),
            None => ("—".into(), "—".into()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {:.2} | {:.1} | {peak} | {per_unit} |",
            r.model.label(),
            thousands(r.n as u64),
            r.wall_s,
            r.wall_s / r.sleep_s,
            r.spawn_us,
        );
    }
    out
}

pub fn cpu_table(report: &Report) -> String {
    let mut out = String::from(
        "| 模型 | 工人数 | 上限 | 质数个数 | 用时（秒） | 加速比 |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for r in &report.cpu {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {:.2} |",
            r.model.label(),
            r.workers,
            thousands(r.bound),
            thousands(r.primes),
            r.wall_s,
            r.speedup
        );
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.6}")
    } else {
        "null".into()
    }
}

/// 结果的 JSON：`machine`、`io`、`cpu` 三部分。手写而不引入序列化库：结构很小。
pub fn to_json(report: &Report) -> String {
    let m = &report.machine;
    let python = m.python.as_deref().map_or("null".into(), json_string);
    let mut out = String::from("{\n");
    let _ = writeln!(
        out,
        "  \"machine\": {{\"cores\": {}, \"cpu\": {}, \"os\": {}, \"rustc\": {}, \"python\": {}, \"date\": {}, \"load\": {}}},",
        m.cores,
        json_string(&m.cpu),
        json_string(&m.os),
        json_string(&m.rustc),
        python,
        json_string(&m.date),
        m.load.map_or("null".into(), json_number)
    );
    let io: Vec<String> = report
        .io
        .iter()
        .map(|r| {
            format!(
                "    {{\"model\": \"{}\", \"n\": {}, \"sleep_s\": {}, \"wall_s\": {}, \"spawn_us\": {}, \"peak_rss_mb\": {}}}",
                r.model.name(),
                r.n,
                json_number(r.sleep_s),
                json_number(r.wall_s),
                json_number(r.spawn_us),
                r.peak_rss_mb.map_or("null".into(), json_number)
            )
        })
        .collect();
    let cpu: Vec<String> = report
        .cpu
        .iter()
        .map(|r| {
            format!(
                "    {{\"model\": \"{}\", \"workers\": {}, \"bound\": {}, \"primes\": {}, \"wall_s\": {}, \"speedup\": {}}}",
                r.model.name(),
                r.workers,
                r.bound,
                r.primes,
                json_number(r.wall_s),
                json_number(r.speedup)
            )
        })
        .collect();
    let _ = write!(
        out,
        "  \"io\": [\n{}\n  ],\n  \"cpu\": [\n{}\n  ]\n}}\n",
        io.join(",\n"),
        cpu.join(",\n")
    );
    out
}

/// `--write DIR`：书里引用的结果文件。表格不用 .md 扩展名：book/ 下的 .md 都会被当作章节。
pub fn write_results(report: &Report, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("bench.json"), to_json(report))?;
    std::fs::write(dir.join("machine.table"), machine_table(&report.machine))?;
    std::fs::write(dir.join("io.table"), io_table(report))?;
    std::fs::write(dir.join("cpu.table"), cpu_table(report))?;
    std::fs::write(dir.join("bench.svg"), chart_svg(report)?)?;
    Ok(())
}

/// 条形图纵轴上最后一格的序号（至少为 1，免得坐标范围是空的）。
fn last_index<T>(rows: &[T]) -> usize {
    rows.len().saturating_sub(1).max(1)
}

const RUST_COLOR: RGBColor = RGBColor(0xb7, 0x41, 0x0e);
const PYTHON_COLOR: RGBColor = RGBColor(0x30, 0x69, 0x98);

/// 条形图的一行行横条：`rows` 是（标签，数值，是否 Python），横条从 `start` 画到数值，
/// 第一行画在最上面，Python 的用另一种颜色。
fn bars(
    rows: &[(String, f64, bool)],
    start: f64,
) -> impl Iterator<Item = Rectangle<(f64, SegmentValue<usize>)>> + '_ {
    use plotters::style::Color as _;
    rows.iter().enumerate().map(move |(i, (_, value, python))| {
        let i = last_index(rows) - i;
        let color = if *python { PYTHON_COLOR } else { RUST_COLOR };
        let mut bar = Rectangle::new(
            [
                (start, SegmentValue::Exact(i)),
                (*value, SegmentValue::Exact(i + 1)),
            ],
            color.filled(),
        );
        bar.set_margin(4, 4, 0, 0);
        bar
    })
}

/// 用 plotters 画两幅横向条形图：左边是 I/O 阶段每个并发单位占的内存（对数坐标），
/// 右边是 CPU 阶段的加速比。返回 SVG 文本。
pub fn chart_svg(report: &Report) -> io::Result<String> {
    use plotters::prelude::*;

    let font = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        let draw_error = |e: DrawingAreaErrorKind<_>| io::Error::other(format!("画图失败：{e}"));
        root.fill(&WHITE).map_err(draw_error)?;
        let (left, right) = root.split_horizontally(480);

        // 左：每个单位约占多少 KB 内存。
        let io: Vec<(String, f64, bool)> = report
            .io
            .iter()
            .filter_map(|r| {
                let kb = r.peak_rss_mb? * 1024.0 / r.n as f64;
                let label = format!("{} ×{}", r.model.label(), thousands(r.n as u64));
                Some((label, kb, r.model.is_python()))
            })
            .collect();
        let max_kb = io.iter().map(|r| r.1).fold(1.0, f64::max) * 3.0;
        let mut chart = ChartBuilder::on(&left)
            .caption("I/O：每个并发单位约占内存（KB，对数坐标）", (font, 16))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(190)
            .build_cartesian_2d(
                (0.1f64..max_kb).log_scale(),
                (0..last_index(&io)).into_segmented(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(io.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => io
                    .get(last_index(&io) - i)
                    .map_or(String::new(), |r| r.0.clone()),
                _ => String::new(),
            })
            .x_label_formatter(&|x| format!("{x}"))
            .label_style((font, 13))
            .draw()
            .map_err(draw_error)?;
        chart.draw_series(bars(&io, 0.1)).map_err(draw_error)?;

        // 右：相对单线程的加速比。
        let cpu: Vec<(String, f64, bool)> = report
            .cpu
            .iter()
            .map(|r| {
                let label = format!("{} ×{}", r.model.label(), r.workers);
                (label, r.speedup, r.model.is_python())
            })
            .collect();
        let max_speedup = cpu.iter().map(|r| r.1).fold(1.0, f64::max).ceil() + 0.5;
        let mut chart = ChartBuilder::on(&right)
            .caption("CPU：相对单线程的加速比", (font, 16))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(210)
            .build_cartesian_2d(0f64..max_speedup, (0..last_index(&cpu)).into_segmented())
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(cpu.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => cpu
                    .get(last_index(&cpu) - i)
                    .map_or(String::new(), |r| r.0.clone()),
                _ => String::new(),
            })
            .label_style((font, 13))
            .draw()
            .map_err(draw_error)?;
        chart.draw_series(bars(&cpu, 0.0)).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}
