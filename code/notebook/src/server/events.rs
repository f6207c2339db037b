//! ▶ 的一次运行送回页面的事件：一行一个 JSON 对象（见 [`Event`]）。

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
