//! 看管一个程序：启动它、把输出交给 [`Sink`]、到时或被叫停就连同它启动的进程一起结束。
//!
//! ▶ 的运行器（编译用的 `cargo build` 和读者的程序）和生成、核对书中输出的
//! [`crate::outputs::run`] 都经过这里，所以“杀干净、收干净”只有这一份实现。这一层
//! 不知道 HTTP 和 libtest：看到的输出、采样交给 [`Sink`]，由服务器变成送往页面的事件，
//! 「检查」再从中认出测试结果（`server::check`）。
//!
//! - 程序在自己的进程组里（Unix），或者在一个作业对象里（Windows）：结束它时，它启动的
//!   子进程、孙进程一起结束。这部分交给 `process-wrap`（watchexec 维护，`command-group`
//!   的后继），它按平台选对系统调用，Windows 上也能连孙进程一起杀。
//! - 生成书中输出时，stdout 和 stderr 接到同一根管道上：先后与终端里看到的一致；▶ 把两者
//!   分开（[`Limits::split_stderr`]），页面用另一种颜色显示 stderr，先后按到达的顺序。
//! - 程序自己结束时，它留下的子进程也一并杀掉，不让它们占着管道、在后台接着跑。
//! - 失控的程序（不停地分配内存、不停地启动进程或线程）不能拖垮读者的机器：Linux 上
//!   每次采样（见 [`usage`]）都核对整个进程组的常驻内存和进程、线程总数，超过
//!   [`Limits::memory`]、[`Limits::tasks`] 就整组杀掉。不用 cgroup：普通用户没有 systemd
//!   的委派就建不了；内核的 `RLIMIT_NPROC` 只作后备（上限的两倍，数的是这个用户的全部
//!   任务，管不住 root）。内存没有后备：`RLIMIT_AS` 连只是预留、没有用到的地址空间
//!   （线程栈、malloc 的分配区）也算，会误伤开一千个线程的代码单元。

use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use process_wrap::tokio::{ChildWrapper, CommandWrap, KillOnDrop};
use tokio::process::Command;

pub mod pipe;
mod procfs;
pub mod usage;

use pipe::Pipe;
pub use pipe::Stream;
use usage::{Sample, Sampler};

/// 运行程序之前从环境里去掉的变量：书中的输出是读者在默认设置下看到的。
/// 有的开发者平时设着 `RUST_BACKTRACE=1`，panic 和 anyhow 的错误就会多出一长串调用栈。
/// ▶、「检查」和生成书中输出都经过 [`supervise`]，只在那里去掉。
pub const CLEARED_ENV: &[&str] = &["RUST_BACKTRACE", "RUST_LIB_BACKTRACE"];

/// 看管者看到的东西交给谁：▶ 的运行器把它们变成送往页面的事件，生成书中输出时只收集文字。
///
/// 方法返回的 future 都要求 `Send`：看管在 tokio 的多线程运行时里进行。
pub trait Sink: Send {
    /// 程序写出的一段文字。
    fn output(&mut self, stream: Stream, text: String) -> impl Future<Output = ()> + Send;
    /// 一次采样（只在 [`Limits::sample_usage`] 时送来，带着每个线程的泳道）。
    fn sample(&mut self, sample: Sample) -> impl Future<Output = ()> + Send;
    /// 程序还在运行：每秒一次（只在 `stream` 是 [`Stream::Program`] 时）。
    fn tick(&mut self, elapsed: Duration) -> impl Future<Output = ()> + Send;
    /// 读者要它停下，或者对面已经不要了：这个 future 完成时，看管者整组杀掉程序。
    /// 它只会被等到完成一次。
    fn cancelled(&mut self) -> impl Future<Output = Cancel> + Send;
}

/// [`Sink::cancelled`] 为什么完成。
pub enum Cancel {
    /// 读者按了停止（或服务器正在退出）。
    Stopped,
    /// 对面断开了（页面关了）。
    Disconnected,
}

/// 怎样看管：时间上限、输出上限、要不要采样进程组的资源用量。
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub stream: Stream,
    pub time: Duration,
    pub output: usize,
    pub sample_usage: bool,
    /// stderr 单独一根管道，输出标成 [`Stream::Stderr`]；否则与 stdout 合在一起，
    /// 都标成 `stream`。
    pub split_stderr: bool,
    /// 整个进程组常驻内存（RSS）之和的上限，字节。只在能采样的系统（Linux）上生效。
    pub memory: Option<u64>,
    /// 整个进程组里进程和线程合计的上限（每个线程在内核里都是一个任务，占一个进程号）。
    pub tasks: Option<u32>,
}

impl Limits {
    /// 这次采样超过了哪个上限。
    fn exceeded(&self, sample: &Sample) -> Option<Ending> {
        if let Some(limit) = self.memory
            && sample.rss_bytes > limit
        {
            return Some(Ending::MemoryLimit(sample.rss_bytes));
        }
        let tasks = sample.threads; // 每个进程至少一个线程：线程数就是任务总数
        match self.tasks {
            Some(limit) if tasks > limit => Some(Ending::TaskLimit(tasks)),
            _ => None,
        }
    }
}

/// [`supervise`] 的结果。
pub enum Ending {
    Exited(ExitStatus),
    Stopped,
    TimedOut,
    OutputLimit,
    /// 进程组的常驻内存超过了上限（杀掉时采到的字节数）。
    MemoryLimit(u64),
    /// 进程组的进程和线程超过了上限（杀掉时采到的个数）。
    TaskLimit(u32),
    Disconnected,
}

/// 启动 `command`，把它的输出转成事件，直到它结束、被停止、超时、输出过多或对面断开。
/// 无论哪种情况，返回之前它的整个进程组（作业对象）都已杀掉、主进程已回收。
pub async fn supervise(
    mut command: Command,
    sink: &mut impl Sink,
    limits: Limits,
) -> std::io::Result<Ending> {
    let (reader, writer) = std::io::pipe()?;
    let mut readers = vec![(limits.stream, reader)];
    command.stdin(Stdio::null());
    if limits.split_stderr {
        let (errors, error_writer) = std::io::pipe()?;
        readers.push((Stream::Stderr, errors));
        command.stdout(writer).stderr(error_writer);
    } else {
        command.stdout(writer.try_clone()?).stderr(writer);
    }
    // 像在终端里一样，Ctrl-C（SIGINT）和 SIGQUIT 按默认处理：从后台（`命令 &`）或脚本里
    // 启动的进程，这两个信号是被忽略的，不重置的话子进程会一路继承下去，书里讲 Ctrl-C 的
    // 例子就和读者在终端里看到的不一样了。
    // 书中的输出是读者在默认设置下看到的：去掉终端里可能设着的 RUST_BACKTRACE 等变量
    // （对 cargo build 也无妨）。▶、「检查」和生成书中输出都经过这里，只在这一处去掉。
    for name in CLEARED_ENV {
        command.env_remove(name);
    }
    // 进程数的后备上限（见模块文档）：在 fork 之前算好，子进程里只调用 setrlimit(2)。
    #[cfg(target_os = "linux")]
    let nproc = limits.tasks.and_then(procfs::nproc_backstop);
    #[cfg(unix)]
    // SAFETY: 在 fork 之后、exec 之前只调用 signal(2) 和 setrlimit(2)，都是异步信号安全的。
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
            #[cfg(target_os = "linux")]
            if let Some(limit) = nproc {
                let limit = libc::rlimit {
                    rlim_cur: limit,
                    rlim_max: limit,
                };
                libc::setrlimit(libc::RLIMIT_NPROC, &limit);
            }
            Ok(())
        });
    }
    let mut wrapped = CommandWrap::from(command);
    #[cfg(unix)]
    wrapped.wrap(process_wrap::tokio::ProcessGroup::leader());
    #[cfg(windows)]
    wrapped.wrap(process_wrap::tokio::JobObject);
    wrapped.wrap(KillOnDrop);
    let mut group = Group(Some(wrapped.spawn()?));
    let start = Instant::now();
    // 关掉本进程手里的写端：程序（和它的子进程）都结束后，读端才能读到结尾。
    drop(wrapped);
    let mut pipe = Some(Pipe::spawn(readers));

    // 要把采样送给页面，或者要核对内存、进程数的上限，就采样。
    let watching = limits.sample_usage || limits.memory.is_some() || limits.tasks.is_some();
    // 送给页面时每个线程一条泳道，采样也更密（开始时每 10 毫秒一次，见 `usage`）。
    let mut sampler = group
        .child()
        .id()
        .filter(|_| watching)
        .and_then(|pid| Sampler::new(pid, start, limits.sample_usage));
    // 刚启动就采一次：几毫秒就结束的程序，也至少有这一个采样。
    let mut over = None;
    let mut next_sample = tokio::time::Instant::now();
    if let Some(sampler) = sampler.as_mut() {
        if let Some(sample) = sampler.sample() {
            over = observe(sink, &limits, sample).await;
        }
        next_sample += sampler.next_interval();
    }
    let deadline = tokio::time::sleep(limits.time);
    tokio::pin!(deadline);
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + Duration::from_secs(1),
        Duration::from_secs(1),
    );
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut status = None;
    let mut output_bytes = 0;

    let ending = loop {
        if let Some(ending) = over.take() {
            break ending;
        }
        // 程序已经结束、管道也读完了：正常收尾。
        if let Some(status) = status
            && pipe.is_none()
        {
            break Ending::Exited(status);
        }
        let text = tokio::select! {
            text = read_some(&mut pipe) => text,
            exited = group.child().wait(), if status.is_none() => {
                status = Some(exited?);
                // 主进程结束了，它留下的子进程也不该活着（也不该占着管道）。
                group.kill();
                continue;
            }
            _ = &mut deadline => break Ending::TimedOut,
            cancel = sink.cancelled() => break match cancel {
                Cancel::Stopped => Ending::Stopped,
                Cancel::Disconnected => Ending::Disconnected,
            },
            _ = tick.tick(), if limits.stream == Stream::Program => {
                sink.tick(start.elapsed()).await;
                continue;
            }
            _ = tokio::time::sleep_until(next_sample), if sampler.is_some() && status.is_none() => {
                if let Some(sampler) = sampler.as_mut() {
                    if let Some(sample) = sampler.sample() {
                        over = observe(sink, &limits, sample).await;
                    }
                    // 按固定的节拍采样：醒得晚了几毫秒，下一次不跟着推迟。但机器很忙、
                    // 已经落后一整拍时，从现在重新算起，不一口气补采好几次。
                    let interval = sampler.next_interval();
                    let now = tokio::time::Instant::now();
                    next_sample = (next_sample + interval).max(now + interval / 2);
                }
                continue;
            }
        };
        let Some((stream, mut text)) = text? else {
            continue;
        };
        let room = limits.output.saturating_sub(output_bytes);
        let over = text.len() > room;
        if over {
            let mut cut = room;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        output_bytes += text.len();
        if !text.is_empty() {
            sink.output(stream, text).await;
        }
        if over {
            break Ending::OutputLimit;
        }
    };
    group.kill();
    if status.is_none() {
        group.child().wait().await?;
    }
    group.0 = None; // 已经回收：不必在丢弃时再杀一遍
    Ok(ending)
}

/// 一次采样：要送给页面就送；超过了哪个上限就返回相应的结局（整组随后被杀掉）。
async fn observe(sink: &mut impl Sink, limits: &Limits, sample: Sample) -> Option<Ending> {
    let over = limits.exceeded(&sample);
    if limits.sample_usage {
        sink.sample(sample).await;
    }
    over
}

/// 一个在自己进程组（作业对象）里的程序。被丢弃时（例如服务器退出、看管的 future
/// 被丢弃）整组杀掉：`KillOnDrop` 只管主进程，组里的其他进程靠这里。
struct Group(Option<Box<dyn ChildWrapper>>);

impl Group {
    fn child(&mut self) -> &mut Box<dyn ChildWrapper> {
        self.0.as_mut().expect("回收之前一直都在")
    }

    /// 杀掉整个进程组（作业对象）：主进程和它启动的所有进程。组里已经没有进程时
    /// 什么也不做；其他失败打印一句警告（正在收拾残局，不再往上报错）。
    fn kill(&mut self) {
        let Some(child) = self.0.as_mut() else { return };
        if let Err(error) = child.start_kill() {
            #[cfg(unix)]
            if error.raw_os_error() == Some(libc::ESRCH) {
                return; // 组里已经没有进程了，正是我们想要的
            }
            if child.try_wait().ok().flatten().is_none() {
                eprintln!("警告：无法结束子进程：{error}");
            }
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

/// 读一段输出；管道读完时把它设为 `None`。管道已经是 `None` 时永远等下去
/// （`select!` 里的这一支就不会再被选中）。
async fn read_some(pipe: &mut Option<Pipe>) -> std::io::Result<Option<(Stream, String)>> {
    let Some(reader) = pipe else {
        return std::future::pending().await;
    };
    let text = reader.read().await?;
    if text.is_none() {
        *pipe = None;
    }
    Ok(text)
}

/// 看管一个程序直到它结束，返回它的全部输出（stdout 与 stderr 按先后合在一起）。
/// 给不在运行时里的调用者用（[`crate::outputs::run`]）：自己建一个单线程运行时。
pub fn run_to_end(command: Command, time_limit: Duration) -> std::io::Result<(Ending, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let limits = Limits {
        stream: Stream::Program,
        time: time_limit,
        output: usize::MAX,
        sample_usage: false,
        split_stderr: false, // 书中的输出：stdout 与 stderr 按先后合在一起
        // 书里的代码单元和 Python 程序都不会失控；有时间上限就够了。
        memory: None,
        tasks: None,
    };
    let mut text = Collect(String::new());
    let ending = runtime.block_on(supervise(command, &mut text, limits))?;
    Ok((ending, text.0))
}

/// 只把输出收集起来；没有人会叫停它。
struct Collect(String);

impl Sink for Collect {
    async fn output(&mut self, _: Stream, text: String) {
        self.0.push_str(&text);
    }

    async fn sample(&mut self, _: Sample) {}

    async fn tick(&mut self, _: Duration) {}

    async fn cancelled(&mut self) -> Cancel {
        std::future::pending().await
    }
}
