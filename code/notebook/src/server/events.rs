//! ▶ 的一次运行送回页面的事件：一行一个 JSON 对象（见 [`Event`]）。
//!
//! # 请求
//!
//! `POST /api/run`，请求体是 JSON（要带口令，见 [`super`]）：
//!
//! - `{"code": "fn main() {…}"}`：编译、运行一个 Rust 代码单元（`"language": "rust"` 可省略）。
//! - `{"code": "…", "check": "ch01_e1_run_all"}`：「检查」，只用于 Rust 练习。
//! - `{"code": "import threading\n…", "language": "python", "name": "ch02_02_gil_primes"}`：
//!   运行一个 Python 程序（页面上可能改过）。`name` 可省略，只给草稿文件起名；不编译。
//!   和 `check` 一起出现时回 400。
//!
//! 响应体（`application/x-ndjson`）一行一个事件，`"event"` 说明是哪一种：
//!
//! ```text
//! {"event":"accepted","id":7}
//! {"event":"queued"}                       （只在同时运行的数目已满时）
//! {"event":"building"}                     （只有 Rust：编译开始）
//! {"event":"running","build_ms":812}       （Python 没有编译，build_ms 是 0）
//! {"event":"output","stream":"program","text":"…"}   stream：program（stdout）、stderr、build（编译器）
//! {"event":"tick","elapsed_ms":3000}       （每秒一次）
//! {"event":"sample", …}                    （见下，只在 Linux 上有）
//! {"event":"test","name":"…","passed":true,"hint":null}   （只有「检查」）
//! {"event":"finished","outcome":"exited","code":0,"elapsed_ms":153,"message":"退出码 0，用时 153 毫秒"}
//! ```
//!
//! 找不到 Python 解释器时，`running` 之前就以 `{"event":"finished","outcome":"error",…}`
//! 结束，`message` 用中文说明找不到 `python3`。
//!
//! # 采样：资源条和每个线程的泳道
//!
//! 程序运行时（Rust 或 Python），服务器读 Linux 的 `/proc` 采样它的整个进程组
//! （[`crate::process::usage`]）：前 0.5 秒每 10 毫秒一次，到 2 秒每 20 毫秒，之后每 100 毫秒
//! （线程很多、采一次很费时时更疏）。0.2 秒的程序约有 20 个采样，1 秒的约有 75 个。
//!
//! ```text
//! {"event":"sample","elapsed_ms":130,"processes":1,"threads":3,"cpu_percent":196,
//!  "rss_bytes":2490368,"lanes_hidden":0,"unseen_at_most":0,
//!  "lanes":[
//!   {"pid":4242,"tid":4242,"name":"cell-0","state":"S","cpu_percent":0,"ready_percent":0,"cpu_ms":1},
//!   {"pid":4242,"tid":4243,"name":"cell-0","state":"R","cpu_percent":100,"ready_percent":0,"cpu_ms":118},
//!   {"pid":4242,"tid":4244,"name":"cell-0","state":"R","cpu_percent":97,"ready_percent":3,"cpu_ms":117}]}
//! ```
//!
//! - 前五个字段是资源条用的整个进程组的总数，与从前相同。`cpu_percent` 是最近约 0.1 秒的
//!   CPU 用量（一个核忙满是 100）；第一个采样只定起点，是 0。
//! - `lanes`：此刻活着、有泳道的线程，按 `pid`、`tid` 排序。`tid == pid` 的是那个进程的主线程；
//!   一个进程的线程画在一组里。`name` 是线程名（最多 15 个字节；没起名的线程沿用进程名，
//!   Rust 代码单元的主进程叫 `cell-N`；Python 的线程在这里多半都叫 `python3`，CPython 3.13
//!   及以前不把 Python 里的线程名告诉系统）。
//!   - `state`：此刻的状态。`R` 正在运行或能运行、在等 CPU；`S` 在睡眠或等待（锁、join、
//!     sleep、I/O）；`D` 在等不可打断的事（多半是磁盘）；`T`、`t` 被暂停；`Z` 已结束。
//!   - `cpu_percent`：自上一个采样以来，这个线程在 CPU 上运行的时间占墙上时间的百分比（0–100）；
//!     `ready_percent`：同一段时间里能运行、却在运行队列里等 CPU 的百分比（机器忙时才有）。
//!     其余 `100 − cpu_percent − ready_percent` 是在等待（睡眠、阻塞）。页面把这一段画成
//!     运行、可运行、等待三种颜色。两个数来自内核的调度统计，内核在时钟中断或切换线程时
//!     才记账，超出一整段的部分挪到下一段显示，所以单看一段可能偏晚几毫秒；`state` 是
//!     采样那一刻的样子。
//!   - `cpu_ms`：这个线程到现在一共用了多少毫秒 CPU。
//!   - 一个线程第一次出现的采样里，百分比算的是它出生以来的那一段；它不再出现，就是结束了
//!     （或者所属的进程结束了）。第一个采样的百分比都是 0（只定起点）。
//! - `lanes_hidden`：此刻活着、却没有泳道的线程数。一次运行最多给 64 个线程画泳道
//!   （[`crate::process::usage::MAX_LANES`]，先出现的先画）。
//! - `unseen_at_most`：累计数，从开始到现在，在两次采样之间出生又结束、一次也没被看到的线程和
//!   进程**最多**有几个。内核不记“一个进程一共启动过多少线程”，确切的数无从得知；这里数的是
//!   这段时间里整台机器新分配、采样时已经不在的进程号和线程号，别的程序同时在启动进程、
//!   线程时会偏大。页面可以写“另有至多 N 个线程一闪而过，没有画出”。
//! - `/api/notebook` 和 `/api/status` 的回答里 `"lanes": true/false` 说明这台机器能不能画泳道；
//!   不能时（没有 `/proc` 的系统）不会有 `sample` 事件。

use std::time::Duration;

use serde::Serialize;

pub use crate::process::Stream;
use crate::process::{Ending, Limits};

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
    /// 「检查」里的一项测试结束了：通过或没通过。没通过的测试在全部结束后再送一次，
    /// 带上它 panic 时打印的提示（检查里写给读者的话）。
    Test {
        name: String,
        passed: bool,
        hint: Option<String>,
    },
    /// 程序的进程组此刻的进程数、线程数、CPU 和内存（只在 Linux 上有，见 [`crate::process::usage`]）。
    Sample(crate::process::usage::Sample),
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
    /// 进程组的常驻内存超过上限，已杀掉。
    MemoryLimit,
    /// 进程组的进程和线程超过上限，已杀掉。
    TaskLimit,
    /// 服务器这一侧出错（例如找不到 cargo）。
    Error,
}

/// 最后一个事件：一次运行怎样结束。
pub(crate) fn finished(
    outcome: Outcome,
    code: Option<i32>,
    elapsed: Duration,
    message: String,
) -> Event {
    Event::Finished {
        outcome,
        code,
        elapsed_ms: millis(elapsed),
        message,
    }
}

/// 给读者看的时长：不到 1 秒写毫秒（“用时 0.0 秒”什么也没说），否则写到百分之一秒。
pub(crate) fn human_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} 毫秒", duration.as_millis())
    } else {
        format!("{:.2} 秒", duration.as_secs_f64())
    }
}

/// 程序结束的样子，写给读者：“退出码 3”，或者“被信号 6（SIGABRT）终止”。
pub(crate) fn describe_exit(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("退出码 {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let name = signal_name(signal)
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        return format!("被信号 {signal}{name}终止");
    }
    format!("{status}")
}

/// 常见信号的名字（程序崩溃、被杀时最常见的那几个）。
#[cfg(unix)]
fn signal_name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        _ => return None,
    })
}

/// 给读者看的字节数：1048576 写成“1 MiB”。
pub(crate) fn human_bytes(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} 字节"),
    }
}

pub(crate) fn millis(duration: Duration) -> u64 {
    duration.as_millis().try_into().unwrap_or(u64::MAX)
}

/// 程序因为碰到 `limits` 里的某个上限而被杀掉时，告诉读者是哪一个（`subject` 是
/// “程序”或“检查”）。其他结局返回 `None`。
pub(crate) fn describe_limit(
    ending: &Ending,
    limits: &Limits,
    subject: &str,
) -> Option<(Outcome, String)> {
    let bytes = |n: u64| human_bytes(usize::try_from(n).unwrap_or(usize::MAX));
    Some(match *ending {
        Ending::TimedOut => (
            Outcome::TimedOut,
            format!(
                "{subject}超过时间限制 {} 秒，已终止",
                limits.time.as_secs_f64()
            ),
        ),
        Ending::OutputLimit => (
            Outcome::OutputLimit,
            format!(
                "输出超过 {} 的上限，后面的输出被截掉了，{subject}已终止",
                human_bytes(limits.output)
            ),
        ),
        Ending::MemoryLimit(used) => (
            Outcome::MemoryLimit,
            format!(
                "内存超过 {} 的上限（整个进程组的常驻内存到了 {}），{subject}已终止",
                bytes(limits.memory.unwrap_or(u64::MAX)),
                bytes(used)
            ),
        ),
        Ending::TaskLimit(tasks) => (
            Outcome::TaskLimit,
            format!(
                "进程和线程超过 {} 个的上限（整个进程组到了 {tasks} 个），{subject}已终止",
                limits.tasks.unwrap_or(u32::MAX)
            ),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[cfg(unix)]
    #[test]
    fn a_crash_by_signal_is_named() {
        use std::os::unix::process::ExitStatusExt;
        let aborted = std::process::ExitStatus::from_raw(libc::SIGABRT);
        assert_eq!(describe_exit(aborted), "被信号 6（SIGABRT）终止");
        let exited = std::process::ExitStatus::from_raw(3 << 8);
        assert_eq!(describe_exit(exited), "退出码 3");
    }
}
