//! 书页上的 ▶：把读者（可能改过的）代码编译成程序，在本机运行，边运行边把输出送回页面。
//!
//! - 代码写进 `target/notebook-cells/…` 下一个草稿包的 `src/main.rs`，用 `cargo build`
//!   编译：从不经过 shell，代码也从不出现在命令行上。
//! - 草稿包就是读者自己 `cargo new` 出来的那种项目（见 [`crate::scratch`]）：只有代码单元的
//!   依赖，版本取自仓库的 `Cargo.lock`；`CARGO_TARGET_DIR` 也是仓库的 `target/`，
//!   所以 tokio、rand 不必重新编译。`cargo build --offline`：▶ 从不联网，依赖在
//!   服务器启动时由 [`Runner::warm_up`] 下载、编译好。
//! - 代码按书中记录输出时的方式运行：第一行写着 `cargo run --release` 的用 release 构建，
//!   环境里去掉 [`crate::CLEARED_ENV`]（例如 `RUST_BACKTRACE`）。
//! - 每次运行占一个“槽位”（一个草稿包），最多同时 [`RunnerConfig::max_runs`] 个，
//!   其余排队；程序放在自己的进程组里，停止、超时、输出过多、页面关闭时整组杀掉。

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;

use crate::scratch::write_if_changed;
use tokio::process::{Child, Command};
use tokio::sync::{OnceCell, Semaphore, mpsc, oneshot};

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
    /// 运行时对程序的进程组采样（进程、线程、CPU、内存，见 [`super::usage`]）。
    pub sample_usage: bool,
}

impl RunnerConfig {
    /// 默认设置：时间限制 60 秒，输出上限 1 MiB，同时运行 2 个。
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
        }
    }

    /// 第 `slot` 个槽位编译出的程序。
    fn binary(&self, slot: usize, release: bool) -> PathBuf {
        let profile = if release { "release" } else { "debug" };
        self.target_dir.join(profile).join(format!(
            "{}-{slot}{}",
            self.prefix,
            std::env::consts::EXE_SUFFIX
        ))
    }
}

/// 一次运行送回页面的事件，序列化成一行 JSON。
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// 收到请求；停止它时用这个编号。
    Accepted { id: u64 },
    /// 同时运行的数目已满，正在排队。
    Queued,
    /// 开始编译。
    Building,
    /// 编译完成，程序开始运行。
    Running { build_ms: u64 },
    /// 一段输出。
    Output { stream: Stream, text: String },
    /// 程序仍在运行（每秒一次，页面用它显示已运行的时间）。
    Tick { elapsed_ms: u64 },
    /// 程序的进程组此刻的进程数、线程数、CPU 和内存（只在 Linux 上有，见 [`super::usage`]）。
    Sample(super::usage::Sample),
    /// 结束。之后不再有事件。
    Finished {
        outcome: Outcome,
        /// 程序的退出码（被信号杀死或没有运行时为空）。
        code: Option<i32>,
        /// 程序运行了多久（不含编译）。
        elapsed_ms: u64,
        /// 给读者看的一句话。
        message: String,
    },
}

/// 输出来自哪里。stdout 和 stderr 写进同一根管道，先后与终端里看到的一致，
/// 也与书中展示的输出一致（`code/outputs/` 也是这样生成的）。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// `cargo build` 的输出（编译错误、警告）。
    Build,
    /// 程序的输出（stdout 与 stderr）。
    Program,
}

/// 一次运行怎样结束。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 程序自己结束了（退出码见 `code`）。
    Exited,
    /// 编译失败，程序没有运行。
    BuildFailed,
    /// 读者按了停止（或服务器正在退出）。
    Stopped,
    /// 超过时间限制，已杀掉。
    TimedOut,
    /// 输出超过上限，已杀掉。
    OutputLimit,
    /// 服务器这一侧出错（例如找不到 cargo）。
    Error,
}

/// 运行器：整个服务器共用一个。
pub struct Runner {
    config: RunnerConfig,
    permits: Arc<Semaphore>,
    free_slots: Mutex<Vec<usize>>,
    stops: Mutex<HashMap<u64, oneshot::Sender<()>>>,
    next_id: AtomicU64,
    builds: AtomicUsize,
    prepared: OnceCell<()>,
    warmed: OnceCell<()>,
}

impl Runner {
    pub fn new(config: RunnerConfig) -> Arc<Self> {
        let max_runs = config.max_runs.max(1);
        Arc::new(Self {
            permits: Arc::new(Semaphore::new(max_runs)),
            free_slots: Mutex::new((0..max_runs).rev().collect()),
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

    /// 写出草稿工作区（每个槽位一个包），只在第一次调用时写。
    async fn prepare(&self) -> anyhow::Result<()> {
        let config = &self.config;
        self.prepared
            .get_or_try_init(|| async {
                let mut members: Vec<String> = (0..config.max_runs.max(1))
                    .map(|slot| format!("{}-{slot}", config.prefix))
                    .collect();
                members.push(self.warm_up_package());
                crate::scratch::write_workspace(&config.repo, &config.scratch, &members)
            })
            .await
            .map(|_| ())
    }

    /// 编译草稿包 `package` 的 `cargo build` 命令（不经过 shell）。
    fn cargo_build(&self, package: &str, release: bool) -> Command {
        let config = &self.config;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args(["build", "--color", "never", "-p", package])
            .arg("--manifest-path")
            .arg(config.scratch.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &config.target_dir)
            .current_dir(&config.scratch)
            .stdin(Stdio::null())
            .kill_on_drop(true);
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
            .cargo_build(&self.warm_up_package(), false)
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
        let (tx, rx) = mpsc::channel(64);
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (stop_tx, stop_rx) = oneshot::channel();
        self.stops.lock().unwrap().insert(id, stop_tx);
        let runner = Arc::clone(self);
        tokio::spawn(async move {
            let mut run = Run {
                tx,
                stop: stop_rx,
                output_bytes: 0,
            };
            run.send(Event::Accepted { id }).await;
            let finished = runner.execute(&mut run, code).await;
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
    async fn execute(&self, run: &mut Run, code: String) -> Option<Event> {
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                run.send(Event::Queued).await;
                tokio::select! {
                    permit = Arc::clone(&self.permits).acquire_owned() => {
                        permit.expect("信号量从不关闭")
                    }
                    _ = &mut run.stop => return Some(finished(Outcome::Stopped, None, Duration::ZERO, "已停止（还在排队，没有运行）".into())),
                    _ = run.tx.closed() => return None,
                }
            }
        };
        let slot = self
            .free_slots
            .lock()
            .unwrap()
            .pop()
            .expect("拿到许可就有空槽位");
        let result = self.build_and_run(run, slot, &code).await;
        self.free_slots.lock().unwrap().push(slot);
        drop(permit);
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
        let package = format!("{}-{slot}", config.prefix);
        // 代码没变时不改写文件：cargo 看到文件没动，就不必重新编译。
        write_if_changed(&config.scratch.join(&package).join("src/main.rs"), code)?;
        let release = crate::outputs::runs_with_release(code);

        run.send(Event::Building).await;
        self.builds.fetch_add(1, Ordering::SeqCst);
        let mut build = self.cargo_build(&package, release);
        build.arg("--offline");
        let start = Instant::now();
        let ending = supervise(
            build,
            run,
            Stream::Build,
            config.build_time_limit,
            usize::MAX,
            false, // 只观察读者的程序，不观察 cargo build
        )
        .await
        .context("无法启动 cargo")?;
        let build_time = start.elapsed();
        match ending {
            Ending::Exited(status) if status.success() => {}
            Ending::Exited(_) => {
                return Ok(Some(finished(
                    Outcome::BuildFailed,
                    None,
                    Duration::ZERO,
                    "编译失败，程序没有运行（错误信息见上）".into(),
                )));
            }
            Ending::Stopped => {
                return Ok(Some(finished(
                    Outcome::Stopped,
                    None,
                    Duration::ZERO,
                    "已停止（编译中断）".into(),
                )));
            }
            Ending::TimedOut => {
                return Ok(Some(finished(
                    Outcome::TimedOut,
                    None,
                    Duration::ZERO,
                    format!("编译超过 {} 秒，已终止", config.build_time_limit.as_secs()),
                )));
            }
            Ending::OutputLimit => unreachable!("编译输出不设上限"),
            Ending::Disconnected => return Ok(None),
        }

        run.send(Event::Running {
            build_ms: millis(build_time),
        })
        .await;
        let mut program = Command::new(config.binary(slot, release));
        // 与 `cargo run --example` 一样，在仓库根目录运行。
        program.current_dir(&config.repo);
        for name in crate::CLEARED_ENV {
            program.env_remove(name);
        }
        let start = Instant::now();
        let ending = supervise(
            program,
            run,
            Stream::Program,
            config.time_limit,
            config.output_limit,
            config.sample_usage,
        )
        .await
        .context("无法启动编译好的程序")?;
        let elapsed = start.elapsed();
        let seconds = human_duration(elapsed);
        Ok(match ending {
            Ending::Exited(status) => {
                let message = match status.code() {
                    Some(code) => format!("退出码 {code}，用时 {seconds}"),
                    None => format!("{status}，用时 {seconds}"),
                };
                Some(finished(Outcome::Exited, status.code(), elapsed, message))
            }
            Ending::Stopped => Some(finished(
                Outcome::Stopped,
                None,
                elapsed,
                format!("已停止，运行了 {seconds}"),
            )),
            Ending::TimedOut => Some(finished(
                Outcome::TimedOut,
                None,
                elapsed,
                format!(
                    "超过时间限制 {} 秒，已终止",
                    config.time_limit.as_secs_f64()
                ),
            )),
            Ending::OutputLimit => Some(finished(
                Outcome::OutputLimit,
                None,
                elapsed,
                format!("输出超过 {} 字节的上限，已终止", config.output_limit),
            )),
            Ending::Disconnected => None,
        })
    }
}

/// 一次运行的通道：事件送往页面，停止信号从 [`Runner::stop`] 来。
struct Run {
    tx: mpsc::Sender<Event>,
    stop: oneshot::Receiver<()>,
    output_bytes: usize,
}

impl Run {
    /// 送出一个事件。页面已经断开时丢掉它：运行中的循环会从 `tx.closed()` 得知并收尾。
    async fn send(&self, event: Event) {
        let _ = self.tx.send(event).await;
    }
}

fn finished(outcome: Outcome, code: Option<i32>, elapsed: Duration, message: String) -> Event {
    Event::Finished {
        outcome,
        code,
        elapsed_ms: millis(elapsed),
        message,
    }
}

/// 给读者看的时长：不到 1 秒写毫秒（“用时 0.0 秒”什么也没说），否则写到百分之一秒。
fn human_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} 毫秒", duration.as_millis())
    } else {
        format!("{:.2} 秒", duration.as_secs_f64())
    }
}

fn millis(duration: Duration) -> u64 {
    duration.as_millis().try_into().unwrap_or(u64::MAX)
}

/// [`supervise`] 的结果。
enum Ending {
    Exited(ExitStatus),
    Stopped,
    TimedOut,
    OutputLimit,
    Disconnected,
}

/// 启动 `command`，把它的输出转成事件，直到它结束、被停止、超时、输出过多或页面断开。
/// 无论哪种情况，返回之前它的整个进程组都已杀掉、子进程已回收。
async fn supervise(
    mut command: Command,
    run: &mut Run,
    stream: Stream,
    time_limit: Duration,
    output_limit: usize,
    sample_usage: bool,
) -> std::io::Result<Ending> {
    let (reader, writer) = std::io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer)
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0); // 自成一组：杀的时候连它启动的子进程一起杀
    let child = command.spawn()?;
    let start = Instant::now();
    // 关掉本进程手里的写端：子进程（和它的子进程）都结束后，读端才能读到结尾。
    drop(command);
    let mut group = Group::new(child);
    let mut pipe = Some(Pipe::spawn(reader));
    let mut sampler = group
        .pid
        .filter(|_| sample_usage)
        .and_then(|pid| super::usage::Sampler::new(pid, start));
    let mut sampling = tokio::time::interval(super::usage::INTERVAL);
    sampling.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // 刚启动就采一次：几毫秒就结束的程序，也至少有这一个采样。
    sampling.tick().await;
    if let Some(sample) = sampler.as_mut().and_then(super::usage::Sampler::sample) {
        run.send(Event::Sample(sample)).await;
    }

    let deadline = tokio::time::sleep(time_limit);
    tokio::pin!(deadline);
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + Duration::from_secs(1),
        Duration::from_secs(1),
    );
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut status = None;

    let ending = loop {
        // 程序已经结束、管道也读完了：正常收尾。
        if let Some(status) = status
            && pipe.is_none()
        {
            break Ending::Exited(status);
        }
        let text = tokio::select! {
            text = read_some(&mut pipe) => text,
            exited = group.child.wait(), if status.is_none() => {
                status = Some(exited?);
                // 主进程结束了，它留下的子进程也不该活着（也不该占着管道）。
                group.kill();
                continue;
            }
            _ = &mut deadline => break Ending::TimedOut,
            _ = &mut run.stop => break Ending::Stopped,
            _ = run.tx.closed() => break Ending::Disconnected,
            _ = tick.tick(), if stream != Stream::Build => {
                run.send(Event::Tick { elapsed_ms: millis(start.elapsed()) }).await;
                continue;
            }
            _ = sampling.tick(), if sampler.is_some() && status.is_none() => {
                if let Some(sample) = sampler.as_mut().and_then(super::usage::Sampler::sample) {
                    run.send(Event::Sample(sample)).await;
                }
                continue;
            }
        };
        let Some(mut text) = text? else { continue };
        let room = output_limit.saturating_sub(run.output_bytes);
        let over = text.len() > room;
        if over {
            let mut cut = room;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        run.output_bytes += text.len();
        if !text.is_empty() {
            run.send(Event::Output { stream, text }).await;
        }
        if over {
            break Ending::OutputLimit;
        }
    };
    group.kill();
    if status.is_none() {
        group.child.wait().await?;
    }
    group.reaped = true;
    Ok(ending)
}

/// 读一段输出；管道读完时把它设为 `None`。管道已经是 `None` 时永远等下去
/// （`select!` 里的这一支就不会再被选中）。
async fn read_some(pipe: &mut Option<Pipe>) -> std::io::Result<Option<String>> {
    let Some(reader) = pipe else {
        return std::future::pending().await;
    };
    let text = reader.read().await?;
    if text.is_none() {
        *pipe = None;
    }
    Ok(text)
}

/// 输出管道的读端，按 UTF-8 拼接：一个汉字被拆在两次读取之间也不会变成乱码。
///
/// 标准库的管道只能阻塞地读，所以由一个专门的线程读，读到的字节经通道送来。
/// 管道的所有写端（子进程和它的子进程）都关闭后，线程读到结尾就退出。
struct Pipe {
    chunks: mpsc::Receiver<std::io::Result<Vec<u8>>>,
    pending: Vec<u8>,
}

impl Pipe {
    fn spawn(mut reader: std::io::PipeReader) -> Self {
        let (tx, chunks) = mpsc::channel(16);
        std::thread::spawn(move || {
            let mut buffer = [0; 8192];
            loop {
                let chunk = match reader.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => Ok(buffer[..n].to_vec()),
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => Err(error),
                };
                let failed = chunk.is_err();
                // 对面不要了（运行已经结束）也就不必再读。
                if tx.blocking_send(chunk).is_err() || failed {
                    break;
                }
            }
        });
        Self {
            chunks,
            pending: Vec::new(),
        }
    }

    /// 读到一些完整的字符就返回；读到结尾时返回 `None`。
    async fn read(&mut self) -> std::io::Result<Option<String>> {
        loop {
            let Some(chunk) = self.chunks.recv().await else {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                let rest = std::mem::take(&mut self.pending);
                return Ok(Some(String::from_utf8_lossy(&rest).into_owned()));
            };
            self.pending.extend_from_slice(&chunk?);
            if let Some(text) = take_complete_utf8(&mut self.pending) {
                return Ok(Some(text));
            }
        }
    }
}

/// 取出 `bytes` 开头所有完整的字符，末尾不完整的（最多 3 个字节）留到下次。
/// 不合法的字节换成 U+FFFD。什么也取不出时返回 `None`。
fn take_complete_utf8(bytes: &mut Vec<u8>) -> Option<String> {
    let keep = match std::str::from_utf8(bytes) {
        Ok(_) => 0,
        // 只有结尾处“还没读完”的字符才留着；中间的坏字节交给 from_utf8_lossy。
        Err(error) if error.error_len().is_none() => bytes.len() - error.valid_up_to(),
        Err(_) => 0,
    };
    let split = bytes.len() - keep;
    if split == 0 {
        return None;
    }
    let rest = bytes.split_off(split);
    let text = String::from_utf8_lossy(bytes).into_owned();
    *bytes = rest;
    Some(text)
}

/// 一个在自己进程组里的子进程。被丢弃时（例如服务器退出）整组杀掉。
struct Group {
    child: Child,
    #[cfg_attr(not(unix), allow(dead_code))]
    pid: Option<u32>,
    reaped: bool,
}

impl Group {
    fn new(child: Child) -> Self {
        Self {
            pid: child.id(),
            child,
            reaped: false,
        }
    }

    /// 杀掉整个进程组：主进程和它启动的所有子进程。
    #[cfg(unix)]
    fn kill(&mut self) {
        if let Some(pid) = self.pid {
            crate::kill_process_group(pid);
        }
    }

    /// Windows 没有进程组信号：只能杀掉主进程（它启动的子进程可能留下）。
    #[cfg(not(unix))]
    fn kill(&mut self) {
        if let Err(error) = self.child.start_kill() {
            // 进程已经结束时 start_kill 也会报错，这没有关系。
            if self.child.try_wait().ok().flatten().is_none() {
                eprintln!("警告：无法结束子进程：{error}");
            }
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !self.reaped {
            self.kill();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_between_reads_is_kept_for_the_next_read() {
        let text = "你好".as_bytes();
        let mut bytes = text[..4].to_vec(); // “你”的 3 个字节 + “好”的第 1 个字节
        assert_eq!(take_complete_utf8(&mut bytes).as_deref(), Some("你"));
        assert_eq!(bytes, &text[3..4]);
        assert_eq!(take_complete_utf8(&mut bytes), None);
        bytes.extend_from_slice(&text[4..]);
        assert_eq!(take_complete_utf8(&mut bytes).as_deref(), Some("好"));
        assert!(bytes.is_empty());
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut bytes = b"a\xffb".to_vec();
        assert_eq!(
            take_complete_utf8(&mut bytes).as_deref(),
            Some("a\u{fffd}b")
        );
    }

    #[test]
    fn events_are_one_json_object_each() {
        let event = Event::Output {
            stream: Stream::Program,
            text: "出错\n".into(),
        };
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            r#"{"event":"output","stream":"program","text":"出错\n"}"#
        );
    }
}
