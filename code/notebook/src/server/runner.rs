//! 书页上的 ▶：把读者（可能改过的）代码编译成程序，在本机运行，边运行边把输出送回页面。
//!
//! - 代码写进 `target/notebook-cells/…` 下一个草稿包的 `src/main.rs`，用 `cargo build`
//!   编译：从不经过 shell，代码也从不出现在命令行上。
//! - 草稿包就是读者自己 `cargo new` 出来的那种项目（见 [`crate::scratch`]）：只有代码单元的
//!   依赖，版本取自仓库的 `Cargo.lock`；`CARGO_TARGET_DIR` 也是仓库的 `target/`，
//!   所以 tokio、rand 不必重新编译。`cargo build --offline`：▶ 从不联网，依赖在
//!   服务器启动时由 [`Runner::warm_up`] 下载、编译好。
//! - 代码按书中记录输出时的方式运行：第一行写着 `cargo run --release` 的用 release 构建，
//!   环境里去掉 [`crate::process::CLEARED_ENV`]（例如 `RUST_BACKTRACE`）。
//! - 每次运行占一个“槽位”（一个草稿包），最多同时 [`RunnerConfig::max_runs`] 个，
//!   其余排队；程序放在自己的进程组里，停止、超时、输出过多、页面关闭时整组杀掉。
//! - 「检查」（[`Runner::start_check`]）也走这里：同样的槽位、队列和限制，见 [`super::check`]。
//! - 书里的 Python 程序（[`Runner::start_python`]）也一样：代码写进槽位草稿包目录下的
//!   `.py` 文件，用 [`RunnerConfig::python`] 运行，不编译；环境变量与生成书中输出时相同
//!   （[`crate::outputs::python_env`]）。

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::process::Command;
use tokio::sync::{OnceCell, mpsc, oneshot};

pub use super::events::{Event, Outcome, Stream};
use super::events::{describe_exit, describe_limit, finished, human_duration};
use super::run::Run;
use super::slots::SlotPool;
use crate::process::{Ending, Limits, supervise};
use crate::write_if_changed;

/// 运行器的设置。[`RunnerConfig::new`] 给出 `cargo run` 使用的默认值。
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// 仓库根目录：从这里读 `Cargo.toml`、`Cargo.lock`，配套代码在 `code/`。
    pub repo: PathBuf,
    /// 与仓库共用的 `CARGO_TARGET_DIR`，已经编译好的依赖直接复用。
    pub target_dir: PathBuf,
    /// 草稿工作区所在的目录。
    pub scratch: PathBuf,
    /// 草稿包名的前缀：第 N 个槽位的包（也是程序文件）叫 `{prefix}-{N}`。
    pub prefix: String,
    /// 程序最长运行多久（不含编译），超时即整组杀掉。
    pub time_limit: Duration,
    /// 编译最长多久。第一次编译可能要编译全部依赖，所以给得宽一些。
    pub build_time_limit: Duration,
    /// 一次运行最多送回多少字节的输出（stdout 与 stderr 合计），超出即整组杀掉。
    pub output_limit: usize,
    /// 最多同时运行几个代码单元，其余排队。
    pub max_runs: usize,
    /// 运行时对程序的进程组采样（进程、线程、CPU、内存，见 [`crate::process::usage`]）。
    pub sample_usage: bool,
    /// 程序整个进程组的常驻内存上限，字节；超过即整组杀掉（Linux，见 [`crate::process`]）。
    pub memory_limit: u64,
    /// 程序整个进程组里进程和线程合计的上限；超过即整组杀掉（Linux）。
    pub task_limit: u32,
    /// 运行 Python 程序的解释器：名字（在 `PATH` 里找）或路径。默认 `python3`。
    pub python: PathBuf,
}

impl RunnerConfig {
    /// 默认设置：时间限制 60 秒，输出上限 1 MiB，内存上限 1 GiB，进程和线程合计
    /// 最多 1000 个，同时运行 2 个。
    pub fn new(repo: &Path, target_dir: &Path) -> Self {
        Self {
            repo: repo.to_path_buf(),
            target_dir: target_dir.to_path_buf(),
            scratch: target_dir.join("notebook-cells"),
            prefix: "cell".into(),
            time_limit: Duration::from_secs(60),
            build_time_limit: Duration::from_secs(600),
            output_limit: 1 << 20,
            max_runs: 2,
            sample_usage: true,
            memory_limit: 1 << 30,
            task_limit: 1000,
            python: "python3".into(),
        }
    }

    /// 读者的程序（▶ 运行的代码单元、「检查」运行的测试）受的限制。
    pub(super) fn limits(&self, sample_usage: bool) -> Limits {
        Limits {
            stream: Stream::Program,
            time: self.time_limit,
            output: self.output_limit,
            sample_usage,
            split_stderr: true,
            memory: Some(self.memory_limit),
            tasks: Some(self.task_limit),
        }
    }

    /// 第 `slot` 个槽位编译出的程序。
    pub(super) fn binary(&self, slot: usize, release: bool) -> PathBuf {
        let profile = if release { "release" } else { "debug" };
        self.target_dir.join(profile).join(format!(
            "{}-{slot}{}",
            self.prefix,
            std::env::consts::EXE_SUFFIX
        ))
    }
}

/// 运行器：整个服务器共用一个。
pub struct Runner {
    config: RunnerConfig,
    slots: SlotPool,
    stops: Mutex<HashMap<u64, oneshot::Sender<()>>>,
    next_id: AtomicU64,
    /// 启动过几次 `cargo build`（`build.rs` 每编译一次加一）。
    pub(super) builds: AtomicUsize,
    prepared: OnceCell<()>,
    warmed: OnceCell<()>,
}

impl Runner {
    pub fn new(config: RunnerConfig) -> Arc<Self> {
        let max_runs = config.max_runs.max(1);
        Arc::new(Self {
            slots: SlotPool::new(max_runs),
            stops: Mutex::default(),
            next_id: AtomicU64::new(1),
            builds: AtomicUsize::new(0),
            prepared: OnceCell::new(),
            warmed: OnceCell::new(),
            config,
        })
    }

    pub fn config(&self) -> &RunnerConfig {
        &self.config
    }

    /// 到目前为止启动过几次 `cargo build`（测试用它证明被拒绝的请求什么也没编译）。
    pub fn builds_started(&self) -> usize {
        self.builds.load(Ordering::SeqCst)
    }

    /// 第 `slot` 个槽位的草稿包（也是它编译出的程序）的名字。
    pub(super) fn package(&self, slot: usize) -> String {
        format!("{}-{slot}", self.config.prefix)
    }

    /// 写出草稿工作区（每个槽位一个包），只在第一次调用时写。每个包把配套代码 `bingfa`
    /// 列为开发依赖：只有「检查」的测试用它，代码单元自己的编译用不到它。
    pub(super) async fn prepare(&self) -> anyhow::Result<()> {
        let config = &self.config;
        self.prepared
            .get_or_try_init(|| async {
                let mut members: Vec<String> = (0..config.max_runs.max(1))
                    .map(|slot| self.package(slot))
                    .collect();
                members.push(self.warm_up_package());
                let dev = crate::scratch::check_dependencies(&config.repo);
                crate::scratch::write_workspace_with(&config.repo, &config.scratch, &members, &dev)
            })
            .await
            .map(|_| ())
    }

    /// 对草稿包 `package` 的 `cargo build`（或 `test` 等）命令（不经过 shell）。
    pub(super) fn cargo(&self, subcommand: &str, package: &str, release: bool) -> Command {
        let config = &self.config;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args([subcommand, "--color", "never", "-p", package])
            .arg("--manifest-path")
            .arg(config.scratch.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &config.target_dir)
            .current_dir(&config.scratch)
            .stdin(Stdio::null())
            .kill_on_drop(true); // warm_up 的编译：服务器退出时不留下它
        if release {
            build.arg("--release");
        }
        build
    }

    /// 为草稿包下载（这是唯一可能联网的一步）并编译依赖：服务器启动时在后台调用，
    /// 之后 ▶ 用 `cargo build --offline`，第一次运行也不必等 tokio 编译。只做一次；
    /// 还没做完时，▶ 的编译先等它。失败（例如没有网络）时在终端里打印警告：
    /// 依赖若已在本机，▶ 照样能编译，否则 ▶ 的编译输出会说缺了什么。
    pub async fn warm_up(&self) {
        self.warmed
            .get_or_init(|| async {
                match self.build_dependencies().await {
                    Ok(()) => println!("▶ 所需的依赖已编译好。"),
                    Err(error) => eprintln!("警告：{error:#}"),
                }
            })
            .await;
    }

    /// 只为编译依赖而设的包：`main` 是空的，从不改写，编译过一次之后 cargo 什么也不用做。
    fn warm_up_package(&self) -> String {
        format!("{}-warm-up", self.config.prefix)
    }

    /// 编译 [`Self::warm_up_package`]，依赖随之下载、编译；失败时返回 cargo 的输出。
    async fn build_dependencies(&self) -> anyhow::Result<()> {
        self.prepare().await?;
        let output = self
            .cargo("build", &self.warm_up_package(), false)
            .args(["--bins", "--tests"]) // 「检查」的测试程序要的 bingfa 也先编译好
            .output()
            .await
            .context("无法启动 cargo")?;
        if !output.status.success() {
            anyhow::bail!(
                "为 ▶ 预先编译依赖失败：\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    /// 开始运行一段代码，返回它的事件流。接收端被丢弃（页面关闭、连接断开）时，
    /// 运行随之停止，进程整组杀掉。
    pub fn start(self: &Arc<Self>, code: String) -> mpsc::Receiver<Event> {
        self.start_job(code, Job::Rust)
    }

    /// 开始「检查」：用练习 `exercise`（例如 `ch01_e1_run_all`）的检查测试这段代码。
    pub fn start_check(self: &Arc<Self>, code: String, exercise: String) -> mpsc::Receiver<Event> {
        self.start_job(code, Job::Check(exercise))
    }

    /// 开始运行一段 Python 代码（书里的 Python 程序，可能改过）。`name` 是程序名
    /// （例如 `ch02_02_gil_primes`），只用来给草稿文件起名，回溯里看得出是哪个程序；
    /// 不合规矩时用 `main`。
    pub fn start_python(
        self: &Arc<Self>,
        code: String,
        name: Option<String>,
    ) -> mpsc::Receiver<Event> {
        self.start_job(code, Job::Python(name))
    }

    fn start_job(self: &Arc<Self>, code: String, job: Job) -> mpsc::Receiver<Event> {
        let (tx, rx) = mpsc::channel(64);
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (stop_tx, stop_rx) = oneshot::channel();
        self.stops.lock().unwrap().insert(id, stop_tx);
        let runner = Arc::clone(self);
        tokio::spawn(async move {
            let mut run = Run::new(tx, stop_rx);
            run.send(Event::Accepted { id }).await;
            let finished = runner.execute(&mut run, code, job).await;
            runner.stops.lock().unwrap().remove(&id);
            if let Some(event) = finished {
                run.send(event).await;
            }
        });
        rx
    }

    /// 停止编号为 `id` 的运行；没有这个运行（或它已经结束）时返回 `false`。
    pub fn stop(&self, id: u64) -> bool {
        match self.stops.lock().unwrap().remove(&id) {
            Some(stop) => stop.send(()).is_ok(),
            None => false,
        }
    }

    /// 停止全部运行（服务器退出时调用）。
    pub fn stop_all(&self) {
        for (_, stop) in self.stops.lock().unwrap().drain() {
            // 运行恰好在此刻结束时对方已经不在，没有什么要停的。
            let _ = stop.send(());
        }
    }

    /// 排队、编译、运行。返回最后一个事件；页面已经断开时返回 `None`。
    async fn execute(&self, run: &mut Run, code: String, job: Job) -> Option<Event> {
        let slot = match self.slots.try_take() {
            Some(slot) => slot,
            None => {
                run.send(Event::Queued).await;
                tokio::select! {
                    slot = self.slots.take() => slot,
                    _ = &mut run.stop => return Some(finished(Outcome::Stopped, None, Duration::ZERO, "已停止（还在排队，没有运行）".into())),
                    _ = run.tx.closed() => return None,
                }
            }
        };
        let result = match job {
            Job::Check(exercise) => self.check(run, slot.index, &code, &exercise).await,
            Job::Rust => self.build_and_run(run, slot.index, &code).await,
            Job::Python(name) => {
                self.run_python(run, slot.index, &code, name.as_deref())
                    .await
            }
        };
        drop(slot); // 还回槽位：排队的下一个运行可以开始了
        match result {
            Ok(event) => event,
            Err(error) => Some(finished(
                Outcome::Error,
                None,
                Duration::ZERO,
                format!("服务器出错：{error:#}"),
            )),
        }
    }

    async fn build_and_run(
        &self,
        run: &mut Run,
        slot: usize,
        code: &str,
    ) -> anyhow::Result<Option<Event>> {
        let config = &self.config;
        self.warm_up().await;
        self.prepare().await?;
        let package = self.package(slot);
        // 代码没变时不改写文件：cargo 看到文件没动，就不必重新编译。
        write_if_changed(&config.scratch.join(&package).join("src/main.rs"), code)?;
        let release = crate::cells::runs_with_release(code);
        if let Err(ending) = self.build(run, &package, release, false).await? {
            return Ok(ending);
        }
        let mut program = Command::new(config.binary(slot, release));
        // 与 `cargo run --example` 一样，在仓库根目录运行。
        program.current_dir(&config.repo);
        let start = Instant::now();
        let limits = config.limits(config.sample_usage);
        let ending = supervise(program, run, limits)
            .await
            .context("无法启动编译好的程序")?;
        Ok(program_finished(ending, &limits, start.elapsed()))
    }
}

/// 一次运行要做的事。
enum Job {
    /// 编译、运行一个 Rust 代码单元。
    Rust,
    /// 用这道练习的检查测试代码。
    Check(String),
    /// 运行一个 Python 程序（程序名可以没有）。
    Python(Option<String>),
}

/// ▶ 运行的程序（Rust 或 Python）结束了：写给读者的最后一个事件。页面已经断开时为 `None`。
pub(super) fn program_finished(
    ending: Ending,
    limits: &Limits,
    elapsed: Duration,
) -> Option<Event> {
    let seconds = human_duration(elapsed);
    match ending {
        Ending::Exited(status) => {
            let message = format!("{}，用时 {seconds}", describe_exit(status));
            Some(finished(Outcome::Exited, status.code(), elapsed, message))
        }
        Ending::Stopped => Some(finished(
            Outcome::Stopped,
            None,
            elapsed,
            format!("已停止，运行了 {seconds}"),
        )),
        ending => describe_limit(&ending, limits, "程序")
            .map(|(outcome, message)| finished(outcome, None, elapsed, message)),
    }
}
