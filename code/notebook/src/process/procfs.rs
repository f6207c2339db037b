//! 读 Linux 的 `/proc`：解析 `stat`、`schedstat`，找一个进程组里的进程，读进程和线程的
//! CPU 时钟。采样器（[`super::usage`]）用它们；别的系统上没有 `/proc`，这些函数读不到东西。

use std::fs::File;
use std::time::{Duration, Instant};

/// 从头重读一个打开着的 `/proc` 文件（内容每次重新生成）。进程或线程已经结束时返回 `None`。
pub(super) fn read<'a>(file: &File, buffer: &'a mut [u8]) -> Option<&'a [u8]> {
    #[cfg(unix)]
    let n = std::os::unix::fs::FileExt::read_at(file, buffer, 0).ok()?;
    #[cfg(not(unix))]
    let n = {
        use std::io::{Read, Seek};
        let mut file = file;
        file.seek(std::io::SeekFrom::Start(0)).ok()?;
        file.read(buffer).ok()?
    };
    (n > 0).then(|| &buffer[..n])
}

/// 进程组 `group` 里的所有进程（完整地扫一遍 `/proc`）。
pub(super) fn scan_group(group: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut pids = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        // 进程随时可能退出：读不到就跳过。
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        if parse_stat(&stat).is_some_and(|s| s.group == group && s.state != 'Z') {
            pids.push(pid);
        }
    }
    pids
}

/// 最近分配的进程号（线程号也从同一处分配）：`/proc/loadavg` 的最后一栏。
pub(super) fn last_pid() -> Option<u32> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().last()?.parse().ok()
}

/// 号 `id`（进程或线程）所属的进程：`/proc/ID/status` 里的 `Tgid`。
pub(super) fn tgid_of(id: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{id}/status")).ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("Tgid:"))?;
    line.trim().parse().ok()
}

/// 进程 `pid` 的 CPU 时钟：`clock_gettime` 读它，得到整个进程用掉的 CPU 时间。
#[cfg(target_os = "linux")]
pub(super) fn process_clock(pid: u32) -> Option<libc::clockid_t> {
    let mut clock = 0;
    let pid = libc::pid_t::try_from(pid).ok()?;
    // SAFETY: 只往 `clock` 里写。
    (unsafe { libc::clock_getcpuclockid(pid, &mut clock) } == 0).then_some(clock)
}

/// 采样器自己用掉的 CPU 时间（本线程的 CPU 时钟；别的系统上退回墙上时间）。
pub(super) struct ThreadClock(Duration, Instant);

impl ThreadClock {
    pub(super) fn now() -> Self {
        Self(thread_cpu(), Instant::now())
    }

    pub(super) fn elapsed(&self) -> Duration {
        let cpu = thread_cpu();
        if cpu > Duration::ZERO {
            cpu.saturating_sub(self.0)
        } else {
            self.1.elapsed()
        }
    }
}

pub(super) fn thread_cpu() -> Duration {
    #[cfg(target_os = "linux")]
    {
        let mut time = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime 只往 `time` 里写。
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) } == 0 {
            return Duration::new(time.tv_sec as u64, time.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// 进程数的后备上限（`RLIMIT_NPROC`）：这个用户眼下的任务数加上 `limit` 的两倍。内核按
/// 真实用户 ID 数这个用户的全部任务（进程和线程），所以要把已有的算进去；root 不受它
/// 约束，这时返回 `None`。读不到 `/proc` 时也是 `None`。
#[cfg(target_os = "linux")]
pub(super) fn nproc_backstop(limit: u32) -> Option<u64> {
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
pub(super) struct Totals {
    pub(super) processes: u32,
    pub(super) threads: u32,
    pub(super) rss_pages: u64,
}

/// `/proc/PID/stat` 里用到的几个字段。
#[derive(Debug, PartialEq)]
pub(super) struct ProcessStat {
    pub(super) state: char,
    pub(super) group: u32,
    /// utime + stime：用户态和内核态的 CPU 时间，单位是时钟滴答。
    pub(super) ticks: u64,
    pub(super) threads: u32,
    pub(super) rss_pages: u64,
}

/// 解析 `/proc/PID/stat`（见 proc(5)）。第 2 个字段是括号里的程序名，可能含空格和括号，
/// 所以从最后一个 `)` 之后数：之后依次是 state(3) ppid(4) pgrp(5) … utime(14) stime(15)
/// … num_threads(20) … rss(24)。
pub(super) fn parse_stat(stat: &str) -> Option<ProcessStat> {
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

/// 同 [`parse_stat`]，读的是字节：线程名最多 15 个字节，可能截断在一个汉字中间，
/// 整行就不是合法的 UTF-8 了，而名字之后的数字总是完好的。
pub(super) fn parse_stat_bytes(stat: &[u8]) -> Option<ProcessStat> {
    let close = stat.iter().rposition(|&b| b == b')')?;
    parse_stat(std::str::from_utf8(&stat[close..]).ok()?)
}

/// `/proc/…/stat` 第 2 个字段：括号里的线程名（截断的半个汉字换成 �）。
pub(super) fn comm(stat: &[u8]) -> Option<String> {
    let open = stat.iter().position(|&b| b == b'(')?;
    let close = stat.iter().rposition(|&b| b == b')')?;
    Some(String::from_utf8_lossy(stat.get(open + 1..close)?).into_owned())
}

/// `/proc/…/schedstat`：在 CPU 上运行的纳秒数、在运行队列里等待的纳秒数、被调度的次数。
pub(super) fn parse_schedstat(text: &str) -> Option<(u64, u64)> {
    let mut fields = text.split_whitespace();
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
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
        assert_eq!(comm(stat.as_bytes()).as_deref(), Some("a (b) c"));
    }

    #[test]
    fn a_thread_name_cut_inside_a_chinese_character_still_parses() {
        // 线程名最多 15 个字节：“a忙碌的线程”是 16 个字节，“程”被截掉了一个字节。
        let mut stat = b"4243 (a".to_vec();
        stat.extend_from_slice(&"忙碌的线程".as_bytes()[..14]);
        stat.extend_from_slice(b") R 1 4240 4240 0 -1 0 0 0 0 0 7 1 0 0 20 0 2 0 1 1 9 0");
        assert_eq!(comm(&stat).as_deref(), Some("a忙碌的线\u{fffd}"));
        let parsed = parse_stat_bytes(&stat).unwrap();
        assert_eq!((parsed.state, parsed.ticks, parsed.threads), ('R', 8, 2));
        assert_eq!(
            parse_schedstat("1500000 250000 12\n"),
            Some((1_500_000, 250_000))
        );
    }
}
