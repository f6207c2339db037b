//! ▶ 运行时观察代码单元对机器做了什么：它的整个进程组有几个进程、几个线程，
//! 用了多少 CPU、多少内存，每个线程此刻在做什么。只读 Linux 的 `/proc`，不碰代码单元本身。
//!
//! - **找到组里的进程。** 代码单元在自己的进程组里运行，它启动的子进程默认也在这个组里。
//!   第一次采样扫一遍 `/proc/*/stat`，挑出进程组号等于主进程号的进程；之后不再每次都扫
//!   （机器上有几百个进程时，扫一遍要一两毫秒）：内核按顺序分配进程号和线程号，
//!   `/proc/loadavg` 的最后一栏是最近分配的那个号，两次采样之间新分配的号只需逐个看一眼，
//!   就知道有没有新的组员。每秒仍完整地扫一遍，兜住漏网的（例如后来才加入这个组的进程）。
//! - **CPU 用量。** 一个进程用掉的 CPU 时间用 `clock_getcpuclockid(3)` 读，精确到纳秒，
//!   已经结束的线程用过的也算在里面；两次采样之间的增量除以墙上时间就是这段时间的用量：
//!   100% 相当于一个核一直在忙，两个核都忙就是 200%。
//! - **每个线程一条泳道**（[`Sampler::new`] 的 `lanes`）：读 `/proc/PID/task/TID/stat`
//!   （线程名、状态字母 R、S、D……）和 `/proc/PID/task/TID/schedstat`（在 CPU 上运行了多少
//!   纳秒、在运行队列里等了多少纳秒）。这些文件打开一次、每次从头重读，比每次都打开快几倍。
//!   一次运行最多画 [`MAX_LANES`] 个线程，其余的只计数（[`Sample::lanes_hidden`]）。
//! - **一闪而过的线程。** 两次采样之间出生又结束的线程，`/proc` 里不留痕迹，画不出来，也
//!   没法确切地数：内核不记“这个进程一共启动过多少个线程”。能数的是上限——这段时间里
//!   整台机器新分配的进程号、线程号中，采样时已经不在的有几个（[`Sample::unseen_at_most`]）。
//!   机器闲着时这就是代码单元自己的；别的程序同时在启动进程、线程时，数会偏大。
//! - **采样的疏密**（[`Sampler::next_interval`]）：前 0.5 秒每 10 毫秒一次，到 2 秒每 20 毫秒，
//!   之后每 100 毫秒；一次采样花掉的 CPU 时间若超过间隔的 1/20（线程很多时），间隔随之拉长，
//!   采样器最多占一个核的 5%。只为核对上限而采样（不送给页面）时一直是 100 毫秒。
//!   实测（2 核机器，闲着时）：一次采样花 30 微秒 CPU（1 个线程）、80 微秒（3 个线程）、
//!   0.7 毫秒（64 个线程）；同一个约 1.2 秒的单线程计算（release 构建），画泳道和只核对上限
//!   交替运行各 16 次，平均 1200 毫秒对 1203 毫秒，看不出差别。
//!
//! 其他系统上没有 `/proc`：不采样，页面上只显示用时。

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs::File;
use std::time::{Duration, Instant};

use serde::Serialize;

mod members;

use members::{Member, Thread};

#[cfg(target_os = "linux")]
use super::procfs::process_clock;
use super::procfs::{
    ThreadClock, Totals, comm, last_pid, parse_schedstat, parse_stat_bytes, read, scan_group,
    tgid_of,
};

/// 只为核对内存、进程数的上限而采样时（不画泳道），两次采样之间隔多久。
pub const SLOW_INTERVAL: Duration = Duration::from_millis(100);

/// 一次运行最多给多少个线程画泳道（先出现的先画）。每条泳道占两个打开的文件。
pub const MAX_LANES: usize = 64;

/// 每隔多久完整地扫一遍 `/proc`（其余时候只看新分配的号）。
const FULL_SCAN_EVERY: Duration = Duration::from_secs(1);

/// 两次采样之间新分配的号超过这么多时，不再逐个看，改为完整地扫一遍。
const MAX_WALK: u32 = 4096;

/// 采样器最多占一个核的多少：间隔至少是一次采样所花 CPU 时间的这么多倍。
const COST_FACTOR: u32 = 20;

/// 整个进程组的 CPU 用量（[`Sample::cpu_percent`]）按最近多长时间来算。内核在时钟中断时
/// 才把正在运行的线程用掉的时间记上（每 1–10 毫秒一次），10 毫秒的间隔里一个核可能
/// 被记成 60% 或 140%；按 0.1 秒算，这种误差就小到看不出了。每个线程的泳道仍按两次
/// 采样之间算。
const CPU_WINDOW: Duration = Duration::from_millis(100);

/// 画泳道时，程序已经运行了 `elapsed`，下一次采样隔多久：开始时密，越往后越疏。
/// 0.2 秒的程序约有 20 次采样，1 秒的约有 75 次。
pub fn lane_interval(elapsed: Duration) -> Duration {
    match elapsed.as_millis() {
        0..500 => Duration::from_millis(10),
        500..2000 => Duration::from_millis(20),
        _ => Duration::from_millis(100),
    }
}

/// 一次采样：送给页面画成小图和泳道。
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// 从程序启动算起的毫秒数。
    pub elapsed_ms: u64,
    /// 进程组里的进程数。
    pub processes: u32,
    /// 这些进程的线程数之和。
    pub threads: u32,
    /// 最近约 0.1 秒的 CPU 用量，一个核忙满是 100。
    pub cpu_percent: u32,
    /// 常驻内存（RSS）之和，字节。
    pub rss_bytes: u64,
    /// 此刻活着、有泳道的线程，按进程号、线程号排序。不画泳道时为空。
    pub lanes: Vec<Lane>,
    /// 此刻活着、却因为超过 [`MAX_LANES`] 而没有泳道的线程数。
    pub lanes_hidden: u32,
    /// 从开始到现在，两次采样之间出生又结束、一次也没被看到的线程和进程，最多有几个（累计）。
    pub unseen_at_most: u32,
}

/// 一个线程在一次采样里的样子。
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lane {
    /// 所属进程的进程号（线程号等于它的是这个进程的主线程）。
    pub pid: u32,
    /// 线程号。
    pub tid: u32,
    /// 线程名（`/proc/…/comm`，最多 15 个字节）。没有起名的线程沿用进程的名字。
    pub name: String,
    /// 此刻的状态字母：`R` 在运行或等着 CPU，`S` 在睡眠或等待（锁、I/O、join……），
    /// `D` 在等磁盘等不可打断的事，`T`/`t` 被暂停，`Z` 已结束。
    pub state: char,
    /// 自上一次采样以来，它在 CPU 上运行的时间占墙上时间的百分比（0–100）。
    pub cpu_percent: u32,
    /// 同一段时间里，它能运行、却在运行队列里等 CPU 的时间占的百分比（机器忙时才明显）。
    pub ready_percent: u32,
    /// 它到现在一共用了多少毫秒 CPU。
    pub cpu_ms: u64,
}

/// 一个进程组的采样器。
pub struct Sampler {
    group: u32,
    start: Instant,
    lanes: bool,
    ticks_per_second: u64,
    page_size: u64,
    /// 已知的组员，按进程号。
    members: BTreeMap<u32, Member>,
    /// 有泳道、还活着的线程，按线程号。
    threads: BTreeMap<u32, Thread>,
    /// 到目前为止给了多少个线程泳道（包括已经结束的）。
    lanes_given: usize,
    /// 上一次采样时最近分配的号，和号的上限（到了就从头再来）。
    last_pid: Option<u32>,
    pid_max: u32,
    full_scan_at: Option<Instant>,
    unseen: u32,
    previous: Option<Instant>,
    /// 整个进程组累计用掉的 CPU 纳秒数（已经结束的进程用过的也在内）。
    cpu_total: u64,
    /// 最近的（时刻，`cpu_total`），够算 [`CPU_WINDOW`] 就行。
    history: VecDeque<(Instant, u64)>,
    /// 上一次采样花掉的 CPU 时间（不算每秒一次的完整扫描：它不拖慢每一次采样）。
    cost: Duration,
    /// 这一次采样里完整扫描花掉的 CPU 时间。
    scan_cost: Duration,
}

impl Sampler {
    /// 观察进程组 `group`（代码单元主进程的进程号），`start` 是它启动的时刻；`lanes` 时
    /// 还读每个线程（画泳道），采样也更密。不支持的系统上返回 `None`。
    pub fn new(group: u32, start: Instant, lanes: bool) -> Option<Self> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: sysconf 只是查询系统参数。
            let (ticks, page) = unsafe {
                (
                    libc::sysconf(libc::_SC_CLK_TCK),
                    libc::sysconf(libc::_SC_PAGESIZE),
                )
            };
            let pid_max = std::fs::read_to_string("/proc/sys/kernel/pid_max")
                .ok()
                .and_then(|text| text.trim().parse().ok())
                .unwrap_or(1 << 22);
            (ticks > 0 && page > 0).then(|| Self {
                group,
                start,
                lanes,
                ticks_per_second: ticks as u64,
                page_size: page as u64,
                members: BTreeMap::new(),
                threads: BTreeMap::new(),
                lanes_given: 0,
                // 主进程已经启动：它和它马上启动的子进程，第一次采样的完整扫描会找到。
                last_pid: last_pid(),
                pid_max,
                full_scan_at: None,
                unseen: 0,
                previous: None,
                cpu_total: 0,
                history: VecDeque::new(),
                cost: Duration::ZERO,
                scan_cost: Duration::ZERO,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (group, start, lanes);
            None
        }
    }

    /// 下一次采样隔多久（见模块文档）。
    pub fn next_interval(&self) -> Duration {
        if !self.lanes {
            return SLOW_INTERVAL;
        }
        lane_interval(self.start.elapsed()).max(self.cost * COST_FACTOR)
    }

    /// 采样一次。进程组里已经没有进程时返回 `None`。
    pub fn sample(&mut self) -> Option<Sample> {
        let cost = ThreadClock::now();
        let now = Instant::now();
        let ours = self.discover(now);
        // 第一次采样只定下起点（CPU 用量记为 0）：程序刚启动时 exec 等用掉的 CPU
        // 除以几乎为 0 的墙上时间，会是一个没有意义的大数。
        let first = self.previous.is_none();
        let since = self.previous.unwrap_or(self.start);
        let wall_ns = (now - since).as_nanos().max(1) as f64;

        let mut total = Totals::default();
        let mut cpu_ns = 0;
        let mut gone = Vec::new();
        let mut buffer = [0; 1024];
        for (&pid, member) in &mut self.members {
            let stat = read(&member.stat, &mut buffer).and_then(parse_stat_bytes);
            let Some(stat) = stat.filter(|s| s.group == self.group && s.state != 'Z') else {
                gone.push(pid);
                continue;
            };
            total.processes += 1;
            total.threads += stat.threads;
            total.rss_pages += stat.rss_pages;
            let used = member
                .cpu_now()
                .unwrap_or(stat.ticks * 1_000_000_000 / self.ticks_per_second);
            // 新发现的进程是在上一次采样之后才启动的，用过的全算在这一段里；但一段时间里
            // 每个线程最多用满一个核（迟发现的进程不会冒出一个尖峰）。
            let most = wall_ns as u64 * u64::from(stat.threads.max(1));
            cpu_ns += used.saturating_sub(member.cpu_ns.unwrap_or(0)).min(most);
            member.cpu_ns = Some(used);
        }
        for pid in gone {
            self.members.remove(&pid);
        }
        if total.processes == 0 {
            return None;
        }

        let (lanes, hidden) = if self.lanes {
            // 第一次采样：每个线程也只定下起点。
            self.read_threads(if first { f64::INFINITY } else { wall_ns }, &ours)
        } else {
            (Vec::new(), 0)
        };
        self.previous = Some(now);
        self.cpu_total += cpu_ns;
        let cpu_percent = self.cpu_percent(now, first);
        self.cost = cost
            .elapsed()
            .saturating_sub(std::mem::take(&mut self.scan_cost));
        Some(Sample {
            elapsed_ms: (now - self.start)
                .as_millis()
                .try_into()
                .unwrap_or(u64::MAX),
            processes: total.processes,
            threads: total.threads,
            cpu_percent,
            rss_bytes: total.rss_pages * self.page_size,
            lanes,
            lanes_hidden: hidden,
            unseen_at_most: self.unseen,
        })
    }

    /// 最近约 [`CPU_WINDOW`] 的 CPU 用量。比较的起点是窗口开头之前最近的一次采样；
    /// 刚开始时是程序启动的那一刻（那时它还没用过 CPU）。第一次采样只定下起点，记为 0。
    fn cpu_percent(&mut self, now: Instant, first: bool) -> u32 {
        self.history.push_back((now, self.cpu_total));
        while self.history.len() > 2 && now - self.history[1].0 >= CPU_WINDOW {
            self.history.pop_front();
        }
        if first {
            return 0;
        }
        let (then, before) = match self.history.front() {
            Some(&(then, before)) if now - then >= CPU_WINDOW => (then, before),
            _ => (self.start, 0),
        };
        let busy = self.cpu_total.saturating_sub(before) as f64;
        (busy / (now - then).as_nanos().max(1) as f64 * 100.0).round() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 按 [`lane_interval`] 的疏密，一段时间里能采到几次（不算采样本身花的时间）。
    fn samples_within(run: Duration) -> u32 {
        let (mut at, mut count) = (Duration::ZERO, 1); // 刚启动就采一次
        loop {
            at += lane_interval(at);
            if at > run {
                return count;
            }
            count += 1;
        }
    }

    #[test]
    fn short_runs_are_sampled_densely() {
        assert!(samples_within(Duration::from_millis(200)) >= 20);
        assert!(samples_within(Duration::from_secs(1)) >= 70);
        // 长的运行越往后越疏：一分钟约 700 次，而不是 6000 次。
        assert!(samples_within(Duration::from_secs(60)) < 800);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_seen_with_its_threads() {
        use std::sync::atomic::{AtomicBool, Ordering};
        // 测试进程自己的进程组：至少有本进程；一个起了名字的线程在睡，另一个在空转。
        static DONE: AtomicBool = AtomicBool::new(false);
        let sleeper = std::thread::Builder::new()
            .name("采样测试睡".into())
            .spawn(|| {
                while !DONE.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
            .unwrap();
        let spinner = std::thread::Builder::new()
            .name("采样测试转".into())
            .spawn(|| {
                while !DONE.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            })
            .unwrap();
        // SAFETY: getpgrp 只是查询。
        let group = unsafe { libc::getpgrp() } as u32;
        let mut sampler = Sampler::new(group, Instant::now(), true).unwrap();
        let mut samples = Vec::new();
        for _ in 0..5 {
            std::thread::sleep(Duration::from_millis(20));
            samples.push(sampler.sample().unwrap());
        }
        DONE.store(true, Ordering::Relaxed);
        sleeper.join().unwrap();
        spinner.join().unwrap();
        let last = samples.last().unwrap();
        assert!(last.processes >= 1 && last.threads >= 3, "{last:?}");
        assert!(last.rss_bytes > 0, "{last:?}");
        let me = std::process::id();
        let lane = |name: &str| {
            samples
                .iter()
                .flat_map(|s| &s.lanes)
                .filter(|lane| lane.name == name && lane.pid == me)
                .cloned()
                .collect::<Vec<_>>()
        };
        let sleeping = lane("采样测试睡");
        assert!(!sleeping.is_empty(), "{samples:?}");
        // 睡着的线程几乎不用 CPU；空转的线程至少有一次被看到在运行（R）。
        assert!(sleeping.iter().all(|l| l.cpu_percent < 50), "{sleeping:?}");
        let spinning = lane("采样测试转");
        assert!(spinning.iter().any(|l| l.state == 'R'), "{spinning:?}");
    }
}
