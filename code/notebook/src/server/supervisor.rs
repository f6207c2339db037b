//! 看管一个程序：启动它、把输出转成事件、到时或被叫停就连同它启动的进程一起结束。
//!
//! ▶ 的运行器（编译用的 `cargo build` 和读者的程序）和生成、核对书中输出的
//! [`crate::outputs::run`] 都经过这里，所以“杀干净、收干净”只有这一份实现。
//!
//! - 程序在自己的进程组里（Unix），或者在一个作业对象里（Windows）：结束它时，它启动的
//!   子进程、孙进程一起结束。这部分交给 `process-wrap`（watchexec 维护，`command-group`
//!   的后继），它按平台选对系统调用，Windows 上也能连孙进程一起杀。
//! - stdout 和 stderr 接到同一根管道上：先后与终端里看到的一致，也与书中展示的输出一致。
//! - 程序自己结束时，它留下的子进程也一并杀掉，不让它们占着管道、在后台接着跑。

use std::io::Read;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use process_wrap::tokio::{ChildWrapper, CommandWrap, KillOnDrop};
use tokio::process::Command;
use tokio::sync::{mpsc, oneshot};

use super::events::{Event, Stream, millis};
use super::usage::{INTERVAL, Sampler};

/// 一次看管的通道：事件送往页面（或收集输出的一方），停止信号从另一头来。
pub(crate) struct Run {
    pub(crate) tx: mpsc::Sender<Event>,
    pub(crate) stop: oneshot::Receiver<()>,
    pub(crate) output_bytes: usize,
}

impl Run {
    pub(crate) fn new(tx: mpsc::Sender<Event>, stop: oneshot::Receiver<()>) -> Self {
        Self {
            tx,
            stop,
            output_bytes: 0,
        }
    }

    /// 送出一个事件。对面已经不要了就丢掉它：看管的循环会从 `tx.closed()` 得知并收尾。
    pub(crate) async fn send(&self, event: Event) {
        let _ = self.tx.send(event).await;
    }
}

/// 怎样看管：时间上限、输出上限、要不要采样进程组的资源用量。
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) stream: Stream,
    pub(crate) time: Duration,
    pub(crate) output: usize,
    pub(crate) sample_usage: bool,
}

/// [`supervise`] 的结果。
pub(crate) enum Ending {
    Exited(ExitStatus),
    Stopped,
    TimedOut,
    OutputLimit,
    Disconnected,
}

/// 启动 `command`，把它的输出转成事件，直到它结束、被停止、超时、输出过多或对面断开。
/// 无论哪种情况，返回之前它的整个进程组（作业对象）都已杀掉、主进程已回收。
pub(crate) async fn supervise(
    mut command: Command,
    run: &mut Run,
    limits: Limits,
) -> std::io::Result<Ending> {
    let (reader, writer) = std::io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    // 像在终端里一样，Ctrl-C（SIGINT）和 SIGQUIT 按默认处理：从后台（`命令 &`）或脚本里
    // 启动的进程，这两个信号是被忽略的，不重置的话子进程会一路继承下去，书里讲 Ctrl-C 的
    // 例子就和读者在终端里看到的不一样了。
    #[cfg(unix)]
    // SAFETY: 在 fork 之后、exec 之前只调用 signal(2)，它是异步信号安全的。
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
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
    let mut pipe = Some(Pipe::spawn(reader));

    let mut sampler = group
        .child()
        .id()
        .filter(|_| limits.sample_usage)
        .and_then(|pid| Sampler::new(pid, start));
    let mut sampling = tokio::time::interval(INTERVAL);
    sampling.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // 刚启动就采一次：几毫秒就结束的程序，也至少有这一个采样。
    sampling.tick().await;
    if let Some(sample) = sampler.as_mut().and_then(Sampler::sample) {
        run.send(Event::Sample(sample)).await;
    }
    let deadline = tokio::time::sleep(limits.time);
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
            exited = group.child().wait(), if status.is_none() => {
                status = Some(exited?);
                // 主进程结束了，它留下的子进程也不该活着（也不该占着管道）。
                group.kill();
                continue;
            }
            _ = &mut deadline => break Ending::TimedOut,
            _ = &mut run.stop => break Ending::Stopped,
            _ = run.tx.closed() => break Ending::Disconnected,
            _ = tick.tick(), if limits.stream == Stream::Program => {
                run.send(Event::Tick { elapsed_ms: millis(start.elapsed()) }).await;
                continue;
            }
            _ = sampling.tick(), if sampler.is_some() && status.is_none() => {
                if let Some(sample) = sampler.as_mut().and_then(Sampler::sample) {
                    run.send(Event::Sample(sample)).await;
                }
                continue;
            }
        };
        let Some(mut text) = text? else { continue };
        let room = limits.output.saturating_sub(run.output_bytes);
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
            run.send(Event::Output {
                stream: limits.stream,
                text,
            })
            .await;
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

/// 看管一个程序直到它结束，返回它的全部输出（stdout 与 stderr 按先后合在一起）。
/// 给不在运行时里的调用者用（[`crate::outputs::run`]）：自己建一个单线程运行时。
pub(crate) fn run_to_end(
    command: Command,
    time_limit: Duration,
) -> std::io::Result<(Ending, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (tx, mut rx) = mpsc::channel(64);
        let (_keep_running, stop) = oneshot::channel();
        let supervised = tokio::spawn(async move {
            let mut run = Run::new(tx, stop);
            let limits = Limits {
                stream: Stream::Program,
                time: time_limit,
                output: usize::MAX,
                sample_usage: false,
            };
            supervise(command, &mut run, limits).await
        });
        let mut text = String::new();
        while let Some(event) = rx.recv().await {
            if let Event::Output { text: chunk, .. } = event {
                text.push_str(&chunk);
            }
        }
        let ending = supervised.await.map_err(std::io::Error::other)??;
        Ok((ending, text))
    })
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
}
