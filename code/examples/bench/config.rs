//! 要比较的并发模型，和一次基准测试的配置。
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Serialize;

/// 一种并发模型。序列化成 JSON 里的名字（`rename`）。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Model {
    #[serde(rename = "process")]
    Process,
    #[serde(rename = "thread")]
    Thread,
    #[serde(rename = "tokio")]
    Tokio,
    #[serde(rename = "spawn_blocking")]
    SpawnBlocking,
    #[serde(rename = "tokio-current-thread")]
    AsyncCurrentThread,
    #[serde(rename = "python-thread")]
    PythonThread,
    #[serde(rename = "python-process")]
    PythonProcess,
    #[serde(rename = "python-asyncio")]
    PythonAsyncio,
}

impl Model {
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
    pub fn stage(self, io: bool) -> String {
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
    /// CPU 阶段数 [0, bound) 里的素数；Python 慢得多，用自己的上限。
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
