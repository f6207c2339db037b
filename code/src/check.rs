//! 测试共用的函数：练习的检查（`code/exercises/*_check.rs`）和各个测试都用它们
//! 找到编译好的示例、看着一段代码直到它结束。参考答案和起始代码都依赖本库，所以把练习
//! 复制到 `code/examples/my_….rs` 之后，检查照样能用。

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// 多久没有任何进展就算卡住了。
pub const STALL: Duration = Duration::from_secs(5);
/// 被看着的代码最多能用多少 CPU 时间（所有线程加起来）。它只随代码真正做的事增长，
/// 机器再忙也不会被拉长；一直在忙却不结束（活锁、死循环）时，到这里为止。
pub const CPU_BUDGET: Duration = Duration::from_secs(60);
/// 没有 `/proc` 的系统看不到进展，只好退回到墙上时间的上限。
pub const WALL_FALLBACK: Duration = Duration::from_secs(120);
/// 每隔多久看一次进展。
const POLL: Duration = Duration::from_millis(200);

/// 在另一个线程里运行 `f`，等它结束，返回它的结果。
///
/// 判断卡住看的是进展，不是时限：本进程（除了负责看的线程）和它的子进程用掉的 CPU 时间
/// 在 [`STALL`] 里一点也没有增长，说明所有线程都在等——死锁、父子进程互相等待——测试就
/// 带着 `hint` 失败。机器很忙时，正确的代码只是慢，CPU 时间照样在涨，不会被误判；一直在
/// 空转的代码用完 [`CPU_BUDGET`] 时失败。`f` 自己 panic 时（例如起始代码的 `todo!()`），
/// 原样把那个 panic 传出来：失败的原因是它，而不是“卡住了”。
///
/// 卡住时那个线程还在，测试进程结束时随之结束。
pub fn watch<T: Send + 'static>(hint: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    watch_with(STALL, hint, f)
}

/// [`watch`]，但多久没有进展算卡住由 `stall` 决定（本模块的测试用得短一些）。
fn watch_with<T: Send + 'static>(
    stall: Duration,
    hint: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || tx.send(f()));
    let mut progress = Progress::new(stall);
    loop {
        match rx.recv_timeout(POLL) {
            Ok(value) => return value,
            // 发送端没发就没了：`f` panic 了。取回它的 panic，原样传下去。
            Err(RecvTimeoutError::Disconnected) => match worker.join() {
                Err(payload) => panic::resume_unwind(payload),
                Ok(_) => unreachable!("发送成功之后才会断开"),
            },
            Err(RecvTimeoutError::Timeout) => {
                if let Some(verdict) = progress.stuck() {
                    panic!("{verdict}：{hint}");
                }
            }
        }
    }
}

/// 记录最近一次看到进展的时刻，和到目前为止用掉的 CPU 时间。
struct Progress {
    /// 负责看的线程（登记在 [`procfs::WATCHERS`] 里）；看不到 `/proc` 时为 `None`。
    watcher: Option<procfs::Watcher>,
    stall: Duration,
    start: Instant,
    /// 上一次看到的各线程、各子进程的 CPU 时间。
    last: Option<procfs::Snapshot>,
    /// 被看着的代码到目前为止用掉的 CPU 时间（各次增量之和）。
    used: Duration,
    last_change: Instant,
}

impl Progress {
    fn new(stall: Duration) -> Self {
        let watcher = procfs::Watcher::register();
        let last = watcher.as_ref().and_then(|_| procfs::Snapshot::take());
        let start = Instant::now();
        Self {
            watcher,
            stall,
            start,
            last,
            used: Duration::ZERO,
            last_change: start,
        }
    }

    /// 卡住了就说明怎么个卡法；还在进展就是 `None`。
    fn stuck(&mut self) -> Option<String> {
        let now = Instant::now();
        let (Some(_), Some(last)) = (&self.watcher, &self.last) else {
            // 看不到 CPU 时间（没有 /proc 的系统）：只能按墙上时间。
            return (now - self.start > WALL_FALLBACK)
                .then(|| format!("{} 秒还没结束", WALL_FALLBACK.as_secs()));
        };
        let current = procfs::Snapshot::take()?;
        let ran = current.ran_since(last);
        if !ran.is_zero() {
            self.used += ran;
            self.last_change = now;
        }
        self.last = Some(current);
        if self.used > CPU_BUDGET {
            return Some(format!(
                "用掉了 {} 秒 CPU 时间还没结束",
                CPU_BUDGET.as_secs()
            ));
        }
        (now - self.last_change > self.stall)
            .then(|| format!("{} 秒里没有任何进展，所有线程都在等", self.stall.as_secs()))
    }
}

/// 从 Linux 的 `/proc` 读 CPU 时间。别的系统上读不到，都是 `None`。
mod procfs {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::time::Duration;

    /// 正在看着别的代码的线程：它们自己读 `/proc` 也要用一点 CPU，不能算作进展
    /// （几个测试同时卡住时，它们会互相把对方的读取当成进展）。
    static WATCHERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

    /// 登记一个负责看的线程；丢弃时注销。
    pub struct Watcher(u32);

    impl Watcher {
        pub fn register() -> Option<Self> {
            let link = std::fs::read_link("/proc/thread-self").ok()?;
            let tid = link.file_name()?.to_str()?.parse().ok()?;
            lock().push(tid);
            Some(Self(tid))
        }
    }

    impl Drop for Watcher {
        fn drop(&mut self) {
            lock().retain(|&tid| tid != self.0);
        }
    }

    fn lock() -> std::sync::MutexGuard<'static, Vec<u32>> {
        // 持有它时不会 panic，中毒了也照用。
        WATCHERS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// 某一刻本进程每个线程（负责看的除外）、每个活着的子进程各自用掉的 CPU 时间，
    /// 和已经回收的子进程一共用掉的。
    ///
    /// 比的是各自的增量，不是总和：线程、子进程随时结束，它们的那一份就从总和里消失了，
    /// 总和会变小；一个个比，只要有谁在这段时间里运行过，就是进展。
    pub struct Snapshot {
        /// 线程号 → 它在 CPU 上运行过的纳秒数（`schedstat` 的第一个数）。
        threads: HashMap<u32, u64>,
        /// 子进程号 → 它的 utime + stime（时钟滴答）。
        children: HashMap<u32, u64>,
        /// 已经回收的子进程的 cutime + cstime（时钟滴答）。
        reaped: u64,
    }

    impl Snapshot {
        pub fn take() -> Option<Self> {
            let watchers = lock().clone();
            let mut threads = HashMap::new();
            let mut children = HashMap::new();
            for entry in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
                let Some(tid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                    continue;
                };
                if !watchers.contains(&tid) {
                    let ran = std::fs::read_to_string(entry.path().join("schedstat"));
                    let ran = ran.ok().and_then(|s| s.split(' ').next()?.parse().ok());
                    threads.insert(tid, ran.unwrap_or(0));
                }
                // 这个线程启动的、还活着的子进程。
                let listed = std::fs::read_to_string(entry.path().join("children"));
                for child in listed.unwrap_or_default().split_whitespace() {
                    let Ok(pid) = child.parse() else { continue };
                    let stat = std::fs::read_to_string(format!("/proc/{child}/stat"));
                    if let Some(ticks) = stat.ok().and_then(|s| stat_ticks(&s, 14)) {
                        children.insert(pid, ticks);
                    }
                }
            }
            let own = std::fs::read_to_string("/proc/self/stat").ok()?;
            Some(Self {
                threads,
                children,
                reaped: stat_ticks(&own, 16)?,
            })
        }

        /// 从 `earlier` 到现在，被看着的代码用掉的 CPU 时间：每个线程、每个子进程的增量
        /// 之和，新出现的算它的全部。没有谁运行过就是零。
        pub fn ran_since(&self, earlier: &Snapshot) -> Duration {
            let grown = |now: &HashMap<u32, u64>, then: &HashMap<u32, u64>| -> u64 {
                now.iter()
                    .map(|(id, &value)| value.saturating_sub(then.get(id).copied().unwrap_or(0)))
                    .sum()
            };
            let nanos = grown(&self.threads, &earlier.threads);
            let ticks = grown(&self.children, &earlier.children)
                + self.reaped.saturating_sub(earlier.reaped);
            // 时钟滴答几乎总是 1/100 秒（USER_HZ）；这里只看有没有、大概多少。
            Duration::from_nanos(nanos) + Duration::from_millis(ticks * 10)
        }
    }

    /// `/proc/PID/stat` 里第 `n`、`n + 1` 个字段之和：14 是 utime + stime，
    /// 16 是 cutime + cstime（已回收的子进程的）。程序名在括号里，可能含空格，
    /// 所以从最后一个 `)` 之后数（见 proc(5)）。
    fn stat_ticks(stat: &str, n: usize) -> Option<u64> {
        let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
        let number = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
        Some(number(n)? + number(n + 1)?)
    }
}

/// cargo 编译好的示例程序 `target/<profile>/examples/NAME`。调用它的测试程序在
/// 旁边的 `target/<profile>/deps/` 里；起始代码 `…_starter` 的源文件在 `exercises/`，
/// 其余示例的在 `examples/`（`NAME.rs`，或多文件的 `NAME/` 目录）。程序不存在或比源文件旧时
/// panic，免得拿旧程序做测试。
pub fn built_example(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // 多文件的示例（examples/NAME/main.rs 加几个模块）：比的是其中最新的那个文件。
    let sources: Vec<PathBuf> = match name.strip_suffix("_starter") {
        Some(stem) => vec![root.join(format!("exercises/{stem}.rs"))],
        None if root.join("examples").join(name).is_dir() => {
            std::fs::read_dir(root.join("examples").join(name))
                .map(|dir| dir.flatten().map(|entry| entry.path()).collect())
                .unwrap_or_default()
        }
        None => vec![root.join(format!("examples/{name}.rs"))],
    };
    let exe = std::env::current_exe().expect("找得到正在运行的测试程序");
    let profile_dir = exe
        .ancestors()
        .nth(2)
        .expect("测试程序在 target/<profile>/deps/ 里");
    let program = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let newest_source = sources.iter().filter_map(|path| modified(path)).max();
    assert!(
        modified(&program).is_some() && modified(&program) >= newest_source,
        "示例 {name} 没有编译或比源文件旧：先运行 cargo build --example {name}\
         （在仓库根目录运行不带 -p、--test 的 cargo test，会先编译全部示例）"
    );
    program
}

/// 第 1 章的练习要启动的程序：cargo 编译出的普通版本（它的 `main` 认得 `worker`
/// 这样的参数），而不是正在运行检查的测试程序。
///
/// `crate_name` 传 `env!("CARGO_CRATE_NAME")`：检查作为 `code/tests/ch01_exercises.rs`
/// 的一部分运行时，它是 `ch01_exercises`，这时测的是参考答案 `solution`；否则测的就是
/// 检查所在的例子（起始代码 `…_starter`，或者你复制出来的 `examples/my_….rs`）。
/// 书页上的「检查」在草稿包里编译、运行检查，那里没有 `examples/`：它用环境变量
/// `BINGFA_EXERCISE_PROGRAM` 告诉这里草稿包的普通程序在哪里。
pub fn exercise_program(crate_name: &str, solution: &str) -> PathBuf {
    if let Some(program) = std::env::var_os("BINGFA_EXERCISE_PROGRAM") {
        return program.into();
    }
    match crate_name {
        "ch01_exercises" => built_example(solution),
        name => built_example(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_comes_back() {
        assert_eq!(watch("不会卡住", || 6 * 7), 42);
    }

    #[test]
    #[should_panic(expected = "not yet implemented: 还没写")]
    fn a_panic_inside_is_passed_on_as_it_is() {
        watch("不该说卡住了", || -> u32 { todo!("还没写") });
    }

    #[cfg(target_os = "linux")]
    #[test]
    #[should_panic(expected = "1 秒里没有任何进展，所有线程都在等：永远等不到")]
    fn a_thread_that_waits_forever_is_reported_after_the_stall() {
        let never = watch_with(Duration::from_secs(1), "永远等不到", || {
            let (_keep, never) = mpsc::channel::<()>();
            never.recv()
        });
        unreachable!("{never:?}");
    }

    /// 线程一批批地启动又结束（前一批的 CPU 时间随它们的线程一起从 /proc 里消失）：
    /// 后一批只要在运行，就是进展，不必先追上前一批用掉的时间。
    #[cfg(target_os = "linux")]
    #[test]
    fn threads_that_end_and_new_ones_that_start_are_progress() {
        let stall = Duration::from_secs(1);
        let batches = watch_with(stall, "一批批的线程", move || {
            for _ in 0..3 {
                // 每批用的 CPU 时间差不多：后一批的总和追不上前一批的最大值。
                let start = Instant::now();
                let busy = move || {
                    let mut spins = 0u64;
                    while start.elapsed() < stall / 2 {
                        spins = std::hint::black_box(spins + 1);
                    }
                };
                thread::scope(|s| {
                    s.spawn(busy);
                    s.spawn(busy);
                });
                // 歇一会儿（比卡住的界限短）：这期间没有谁在运行。
                thread::sleep(stall / 2);
            }
            3
        });
        assert_eq!(batches, 3);
    }

    /// 一直在算、只是慢的代码不算卡住：CPU 时间在涨。
    #[cfg(target_os = "linux")]
    #[test]
    fn busy_work_longer_than_the_stall_is_progress() {
        let start = Instant::now();
        let stall = Duration::from_secs(1);
        let spins = watch_with(stall, "一直在算", move || {
            let mut spins = 0u64;
            while start.elapsed() < 2 * stall {
                spins = std::hint::black_box(spins + 1);
            }
            spins
        });
        assert!(spins > 0);
    }
}
