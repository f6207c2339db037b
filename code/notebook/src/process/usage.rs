//! ▶ 运行时观察代码单元对机器做了什么：它的整个进程组有几个进程、几个线程，
//! 用了多少 CPU、多少内存。只读 Linux 的 `/proc`，不碰代码单元本身。
//!
//! 每 [`INTERVAL`] 扫一遍 `/proc/*/stat`，挑出进程组号等于代码单元主进程号的进程
//! （代码单元在自己的进程组里运行，它启动的子进程默认也在这个组里），把它们的线程数、
//! CPU 时间和常驻内存加起来。CPU 用量是两次采样之间 CPU 时间的增量除以墙上时间：
//! 100% 相当于一个核一直在忙，两个核都忙就是 200%。内核以时钟滴答（通常 10 毫秒）
//! 为单位报告 CPU 时间，所以这里按最近两个间隔（约 0.2 秒）来算，免得一个滴答的
//! 取整误差把一个线程算成 120%。
//!
//! 其他系统上没有 `/proc`：不采样，页面上只显示用时。

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde::Serialize;

/// 两次采样之间隔多久。
pub const INTERVAL: Duration = Duration::from_millis(100);

/// 一次采样：送给页面画成小图。
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sample {
    /// 从程序启动算起的毫秒数。
    pub elapsed_ms: u64,
    /// 进程组里的进程数。
    pub processes: u32,
    /// 这些进程的线程数之和。
    pub threads: u32,
    /// CPU 用量，一个核忙满是 100。
    pub cpu_percent: u32,
    /// 常驻内存（RSS）之和，字节。
    pub rss_bytes: u64,
}

/// 一个进程组的采样器。
pub struct Sampler {
    group: u32,
    start: Instant,
    /// 最近几次的（时刻，累计 CPU 滴答数）。
    history: VecDeque<(Instant, u64)>,
    ticks_per_second: f64,
    page_size: u64,
}

impl Sampler {
    /// 观察进程组 `group`（代码单元主进程的进程号）。不支持的系统上返回 `None`。
    pub fn new(group: u32, start: Instant) -> Option<Self> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: sysconf 只是查询系统参数。
            let (ticks, page) = unsafe {
                (
                    libc::sysconf(libc::_SC_CLK_TCK),
                    libc::sysconf(libc::_SC_PAGESIZE),
                )
            };
            (ticks > 0 && page > 0).then(|| Self {
                group,
                start,
                history: VecDeque::new(),
                ticks_per_second: ticks as f64,
                page_size: page as u64,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (group, start);
            None
        }
    }

    /// 采样一次。进程组里已经没有进程时返回 `None`。
    pub fn sample(&mut self) -> Option<Sample> {
        let now = Instant::now();
        let mut total = Totals::default();
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            // 进程随时可能退出：读不到就跳过。
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            if let Some(process) = parse_stat(&stat)
                && process.group == self.group
                && process.state != 'Z'
            {
                total.processes += 1;
                total.threads += process.threads;
                total.ticks += process.ticks;
                total.rss_pages += process.rss_pages;
            }
        }
        if total.processes == 0 {
            return None;
        }
        // 与约 0.2 秒前的那次比（刚开始时与第一次比）；CPU 时间只增不减，
        // 但有进程退出时它的那一份就不在总数里了，所以不让增量小于 0。
        let cpu_percent = match self.history.front() {
            Some(&(then, ticks)) if now > then => {
                let busy = total.ticks.saturating_sub(ticks) as f64 / self.ticks_per_second;
                (busy / (now - then).as_secs_f64() * 100.0).round() as u32
            }
            _ => 0,
        };
        self.history.push_back((now, total.ticks));
        if self.history.len() > 2 {
            self.history.pop_front();
        }
        Some(Sample {
            elapsed_ms: (now - self.start)
                .as_millis()
                .try_into()
                .unwrap_or(u64::MAX),
            processes: total.processes,
            threads: total.threads,
            cpu_percent,
            rss_bytes: total.rss_pages * self.page_size,
        })
    }
}

/// 进程数的后备上限（`RLIMIT_NPROC`）：这个用户眼下的任务数加上 `limit` 的两倍。内核按
/// 真实用户 ID 数这个用户的全部任务（进程和线程），所以要把已有的算进去；root 不受它
/// 约束，这时返回 `None`。读不到 `/proc` 时也是 `None`。
#[cfg(target_os = "linux")]
pub fn nproc_backstop(limit: u32) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid 只是查询。
    let uid = unsafe { libc::getuid() };
    if uid == 0 {
        return None;
    }
    let mut tasks: u64 = 0;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let owned = entry.metadata().is_ok_and(|m| m.uid() == uid);
        let stat = std::fs::read_to_string(entry.path().join("stat"));
        if let (true, Ok(stat)) = (owned, stat)
            && let Some(process) = parse_stat(&stat)
        {
            tasks += u64::from(process.threads);
        }
    }
    Some(tasks + 2 * u64::from(limit))
}

#[derive(Default)]
struct Totals {
    processes: u32,
    threads: u32,
    ticks: u64,
    rss_pages: u64,
}

/// `/proc/PID/stat` 里用到的几个字段。
#[derive(Debug, PartialEq)]
struct ProcessStat {
    state: char,
    group: u32,
    /// utime + stime：用户态和内核态的 CPU 时间，单位是时钟滴答。
    ticks: u64,
    threads: u32,
    rss_pages: u64,
}

/// 解析 `/proc/PID/stat`（见 proc(5)）。第 2 个字段是括号里的程序名，可能含空格和括号，
/// 所以从最后一个 `)` 之后数：之后依次是 state(3) ppid(4) pgrp(5) … utime(14) stime(15)
/// … num_threads(20) … rss(24)。
fn parse_stat(stat: &str) -> Option<ProcessStat> {
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    // fields[0] 是第 3 个字段。
    let field = |n: usize| fields.get(n - 3).copied();
    Some(ProcessStat {
        state: field(3)?.chars().next()?,
        group: field(5)?.parse().ok()?,
        ticks: field(14)?.parse::<u64>().ok()? + field(15)?.parse::<u64>().ok()?,
        threads: field(20)?.parse().ok()?,
        rss_pages: field(24)?.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_with_spaces_and_parentheses_in_the_name_is_parsed() {
        let stat = "4242 (a (b) c) S 1 4240 4240 0 -1 4194304 100 0 0 0 \
                    12 3 0 0 20 0 7 0 12345 1000000 250 18446744073709551615";
        assert_eq!(
            parse_stat(stat),
            Some(ProcessStat {
                state: 'S',
                group: 4240,
                ticks: 15,
                threads: 7,
                rss_pages: 250,
            })
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_seen_with_its_threads() {
        // 测试进程自己的进程组：至少有本进程，线程至少一个（测试线程）。
        // SAFETY: getpgrp 只是查询。
        let group = unsafe { libc::getpgrp() } as u32;
        let mut sampler = Sampler::new(group, Instant::now()).unwrap();
        let sample = sampler.sample().unwrap();
        assert!(sample.processes >= 1 && sample.threads >= 1, "{sample:?}");
        assert!(sample.rss_bytes > 0, "{sample:?}");
    }
}
