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
    first: Option<Duration>,
    last: Duration,
    last_change: Instant,
}

impl Progress {
    fn new(stall: Duration) -> Self {
        let watcher = procfs::Watcher::register();
        let first = watcher.as_ref().and_then(|_| procfs::cpu_time());
        let start = Instant::now();
        Self {
            watcher,
            stall,
            start,
            first,
            last: first.unwrap_or_default(),
            last_change: start,
        }
    }

    /// 卡住了就说明怎么个卡法；还在进展就是 `None`。
    fn stuck(&mut self) -> Option<String> {
        let now = Instant::now();
        let (Some(_), Some(first)) = (&self.watcher, self.first) else {
            // 看不到 CPU 时间（没有 /proc 的系统）：只能按墙上时间。
            return (now - self.start > WALL_FALLBACK)
                .then(|| format!("{} 秒还没结束", WALL_FALLBACK.as_secs()));
        };
        let used = procfs::cpu_time()?;
        if used > self.last {
            self.last = used;
            self.last_change = now;
        }
        if used.saturating_sub(first) > CPU_BUDGET {
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

    /// 本进程除负责看的线程以外的所有线程，加上它的子进程（活着的和已经回收的），
    /// 一共用掉的 CPU 时间。子进程被回收时，它的那一份转进本进程的 cutime、cstime；
    /// 读的瞬间恰好有子进程退出时可能少算一点，下一次就补上了。
    pub fn cpu_time() -> Option<Duration> {
        let watchers = lock().clone();
        let mut nanos: u128 = 0;
        let mut ticks: u64 = 0;
        for entry in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
            let tid: Option<u32> = entry.file_name().to_str().and_then(|n| n.parse().ok());
            if tid.is_some_and(|tid| watchers.contains(&tid)) {
                continue;
            }
            // schedstat 的第一个数：这个线程在 CPU 上运行过的纳秒数。
            let ran = std::fs::read_to_string(entry.path().join("schedstat"));
            nanos += ran
                .ok()
                .and_then(|s| s.split(' ').next()?.parse().ok())
                .unwrap_or(0);
            // 这个线程启动的、还活着的子进程。
            let children = std::fs::read_to_string(entry.path().join("children"));
            for child in children.unwrap_or_default().split_whitespace() {
                let stat = std::fs::read_to_string(format!("/proc/{child}/stat"));
                ticks += stat.ok().and_then(|s| stat_ticks(&s, 14)).unwrap_or(0);
            }
        }
        let own = std::fs::read_to_string("/proc/self/stat").ok()?;
        ticks += stat_ticks(&own, 16)?;
        // 时钟滴答几乎总是 1/100 秒（USER_HZ）；这里只比较大小，差一点也无妨。
        let total = nanos + u128::from(ticks) * 10_000_000;
        Some(Duration::from_nanos(total.try_into().unwrap_or(u64::MAX)))
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
