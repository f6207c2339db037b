//! ▶ 运行时采样代码单元的进程组（`notebook::process::usage`）：线程数、进程数、CPU 用量，
//! 以及每个线程一条泳道（状态、CPU）、采样的疏密、没画出来的线程怎么数。
//!
//! 断言的都是采样器必须做对的事：线程数、进程数，CPU 用量不超过核数，而且对时间积分后
//! 与程序自己量到的 CPU 时间一致。不断言 CPU 用量有多高：那量的是机器有多闲。

#![cfg(target_os = "linux")]

use std::path::Path;

use notebook::process::usage::{Lane, MAX_LANES, Sample};
use notebook::server::runner::{Event, Outcome};
use notebook::server::{Runner, RunnerConfig};

/// 编译并运行 `code`，返回它的全部采样和输出。
async fn samples(runner: &std::sync::Arc<Runner>, code: &str) -> (Vec<Sample>, String) {
    let mut events = runner.start(code.to_string());
    let (mut samples, mut log) = (Vec::new(), String::new());
    while let Some(event) = events.recv().await {
        match event {
            Event::Sample(sample) => samples.push(sample),
            Event::Output { text, .. } => log.push_str(&text),
            Event::Finished { outcome, code, .. } => {
                assert_eq!((outcome, code), (Outcome::Exited, Some(0)), "{log}");
            }
            _ => {}
        }
    }
    assert!(!samples.is_empty(), "一个采样也没有：{log}");
    (samples, log)
}

fn peak(samples: &[Sample], of: impl Fn(&Sample) -> u32) -> u32 {
    samples.iter().map(of).max().unwrap()
}

/// 采样里的 CPU 用量对时间积分：这段时间里一共用了多少 CPU 秒。每个采样的百分比
/// 是“CPU 时间的增量 ÷ 墙上时间”，乘回它所代表的那段墙上时间，就还原成 CPU 时间。
fn sampled_cpu_seconds(samples: &[Sample]) -> f64 {
    samples
        .windows(2)
        .map(|pair| {
            let wall = (pair[1].elapsed_ms - pair[0].elapsed_ms) as f64 / 1000.0;
            f64::from(pair[1].cpu_percent) / 100.0 * wall
        })
        .sum()
}

/// 程序最后一行打印的 `cpu_ms=N`：它自己从 `/proc/self/stat` 读到的 CPU 时间。
fn reported_cpu_seconds(log: &str) -> f64 {
    let line = log.lines().rev().find_map(|l| l.strip_prefix("cpu_ms="));
    let millis: f64 = line.and_then(|n| n.trim().parse().ok()).unwrap_or_else(|| {
        panic!("程序没有报告自己的 CPU 时间：{log}");
    });
    millis / 1000.0
}

/// 采样算出的 CPU 时间与程序自己报告的相符。机器忙时程序分到的 CPU 少，
/// 两边一起变少，不影响这条；误差来自时钟滴答（10 毫秒）和采样窗口的边缘。
fn assert_consistent(samples: &[Sample], log: &str) {
    let (sampled, reported) = (sampled_cpu_seconds(samples), reported_cpu_seconds(log));
    assert!(
        (sampled - reported).abs() <= 0.25 * reported + 0.06,
        "采样算出 {sampled:.3} 秒 CPU，程序自己说 {reported:.3} 秒：{samples:?}"
    );
}

/// 放在代码单元末尾：干完活再等 0.4 秒（让采样覆盖到最后的 CPU 用量），
/// 然后打印自己用掉的 CPU 时间。
const REPORT_CPU: &str = r#"
fn report_cpu() {
    std::thread::sleep(std::time::Duration::from_millis(400));
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    println!("cpu_ms={}", ticks * 10);
}
"#;

async fn run_reporting(runner: &std::sync::Arc<Runner>, code: &str) -> (Vec<Sample>, String) {
    samples(runner, &format!("{code}{REPORT_CPU}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn threads_processes_and_cpu_of_a_run_are_observed() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("runner-usage");
    config.prefix = "usage".into();
    config.max_runs = 1;
    let runner = Runner::new(config);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;

    // 8 个线程各空转 0.5 秒：加上主线程，至少 9 个线程。分到多少 CPU 取决于机器有多忙，
    // 所以不要求 CPU 用量有多高，只要求它与程序自己量到的一致，而且不超过核数。
    let spin = r#"
use std::time::{Duration, Instant};
fn main() {
    let workers: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(|| {
            let start = Instant::now();
            while start.elapsed() < Duration::from_millis(500) {
                std::hint::spin_loop();
            }
        }))
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    report_cpu();
}
"#;
    let (seen, log) = run_reporting(&runner, spin).await;
    assert!(peak(&seen, |s| s.threads) >= 9, "{seen:?}");
    assert!(
        peak(&seen, |s| s.cpu_percent) <= cores * 100 + 15,
        "{seen:?}"
    );
    assert_consistent(&seen, &log);

    // 启动 3 个子进程（各睡 0.5 秒）：连同自己至少 4 个进程。
    let children = r#"
use std::process::Command;
fn main() {
    let children: Vec<_> = (0..3)
        .map(|_| Command::new("sleep").arg("0.5").spawn().unwrap())
        .collect();
    for mut child in children {
        child.wait().unwrap();
    }
}
"#;
    let (seen, _) = samples(&runner, children).await;
    assert!(peak(&seen, |s| s.processes) >= 4, "{seen:?}");

    // 单线程运行时：不管任务怎么忙，最多用满一个核；用了多少与程序自己量到的一致。
    let current_thread = r#"
use std::time::{Duration, Instant};
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let busy = tokio::spawn(async {
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(600) {
            std::hint::spin_loop();
        }
    });
    busy.await.unwrap();
    report_cpu();
}
"#;
    let (seen, log) = run_reporting(&runner, current_thread).await;
    assert!(peak(&seen, |s| s.cpu_percent) <= 110, "{seen:?}");
    assert_consistent(&seen, &log);
}

// ---------------------------------------------------------------- 每个线程一条泳道
//
// 这些断言在很忙的机器上（例如同时开着 `stress-ng --cpu 4`）也成立：只从忙不会破坏的那一侧
// 断言。空转的线程不管分到多少 CPU，状态总是 R（在运行或在等 CPU）；卡死的线程一直是 S；
// 有 GIL 的两个线程合起来最多用一个核，机器忙只会让它们用得更少。

/// 每个测试自己的运行器（自己的草稿包，并行的测试互不干扰）。
fn runner(name: &str) -> std::sync::Arc<Runner> {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("runner-lanes").join(name);
    config.prefix = format!("lanes-{name}");
    config.max_runs = 1;
    Runner::new(config)
}

/// 一次运行看到的一切。
#[derive(Default)]
struct Seen {
    samples: Vec<Sample>,
    stdout: String,
    elapsed_ms: u64,
    outcome: Option<Outcome>,
}

impl Seen {
    /// 线程 `tid` 在各次采样里的样子（按时间先后）。
    fn lane(&self, tid: u32) -> Vec<&Lane> {
        let lanes = self.samples.iter().flat_map(|s| &s.lanes);
        lanes.filter(|lane| lane.tid == tid).collect()
    }

    /// 最后一次看到时名字是 `name` 的线程。
    fn named(&self, name: &str) -> Vec<u32> {
        let mut tids: Vec<u32> = self
            .samples
            .iter()
            .flat_map(|s| &s.lanes)
            .map(|lane| lane.tid)
            .collect();
        tids.sort();
        tids.dedup();
        tids.retain(|&tid| self.lane(tid).last().is_some_and(|l| l.name == name));
        tids
    }
}

/// 读完一次运行的事件。每来一个采样就问一次 `on_sample`，它返回 `true` 时按 ■ 停下。
async fn watch(
    runner: &std::sync::Arc<Runner>,
    mut events: tokio::sync::mpsc::Receiver<Event>,
    mut stop_when: impl FnMut(&Seen) -> bool,
) -> Seen {
    let mut seen = Seen::default();
    let mut id = None;
    let wait = async {
        while let Some(event) = events.recv().await {
            match event {
                Event::Accepted { id: accepted } => id = Some(accepted),
                Event::Output { text, .. } => seen.stdout.push_str(&text),
                Event::Sample(sample) => {
                    seen.samples.push(sample);
                    if stop_when(&seen) {
                        runner.stop(id.unwrap());
                    }
                }
                Event::Finished {
                    outcome,
                    elapsed_ms,
                    ..
                } => {
                    seen.outcome = Some(outcome);
                    seen.elapsed_ms = elapsed_ms;
                }
                _ => {}
            }
        }
    };
    // 第一次要编译草稿包的依赖；卡死的程序等测试按 ■，超时就是测试没等到它想看的。
    tokio::time::timeout(std::time::Duration::from_secs(600), wait)
        .await
        .expect("运行没有结束");
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_runs_get_many_samples() {
    let runner = runner("short");
    for (millis, at_least) in [(200, 10), (1000, 40)] {
        let code = format!(
            "fn main() {{ std::thread::sleep(std::time::Duration::from_millis({millis})); }}\n"
        );
        let seen = watch(&runner, runner.start(code), |_| false).await;
        assert_eq!(seen.outcome, Some(Outcome::Exited));
        let count = seen.samples.len();
        eprintln!("{millis} 毫秒的运行：{count} 个采样");
        // 头 2 秒里，采样的间隔按计划不超过 20 毫秒（计划本身由 usage.rs 的单元测试核对）。
        // 机器忙到连采样器自己都排不上 CPU 时（有间隔超过 50 毫秒），个数量的是机器有多闲，
        // 不是采样器对不对：这时不核对个数。
        let times: Vec<u64> = seen.samples.iter().map(|s| s.elapsed_ms).collect();
        let widest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        if widest > 50 {
            eprintln!("采样器自己被挤得排不上 CPU（最宽的间隔 {widest} 毫秒），不核对个数");
            continue;
        }
        assert!(
            count >= at_least,
            "{millis} 毫秒的运行只有 {count} 个采样：{:?}",
            seen.samples
                .iter()
                .map(|s| s.elapsed_ms)
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_spinning_threads_give_two_running_lanes() {
    let runner = runner("spin");
    // 两个起了名字的线程各空转 0.3 秒（墙上时间：机器再忙也转满 0.3 秒）。
    let code = r#"
use std::time::{Duration, Instant};
fn main() {
    let spin = || {
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(300) {
            std::hint::spin_loop();
        }
    };
    let a = std::thread::Builder::new().name("甲".into()).spawn(spin).unwrap();
    let b = std::thread::Builder::new().name("乙".into()).spawn(spin).unwrap();
    a.join().unwrap();
    b.join().unwrap();
}
"#;
    let seen = watch(&runner, runner.start(code.into()), |_| false).await;
    assert_eq!(seen.outcome, Some(Outcome::Exited));
    for name in ["甲", "乙"] {
        let tids = seen.named(name);
        assert_eq!(
            tids.len(),
            1,
            "名为 {name} 的线程应有一条泳道：{:?}",
            seen.samples
        );
        let lane = seen.lane(tids[0]);
        assert!(
            lane.iter().any(|l| l.state == 'R'),
            "{name} 一直在空转，应当有采样看到它在运行：{lane:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadlocked_pair_gives_two_waiting_lanes_until_stopped() {
    let runner = runner("deadlock");
    // 甲先拿 A 再要 B，乙先拿 B 再要 A；屏障保证两人都拿到了第一把锁才去要第二把：必定卡死。
    let code = r#"
use std::sync::{Arc, Barrier, Mutex};
fn main() {
    let a = Arc::new(Mutex::new(()));
    let b = Arc::new(Mutex::new(()));
    let barrier = Arc::new(Barrier::new(3));
    let take = |name: &str, first: Arc<Mutex<()>>, second: Arc<Mutex<()>>| {
        let barrier = Arc::clone(&barrier);
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _first = first.lock().unwrap();
                barrier.wait();
                let _second = second.lock().unwrap();
            })
            .unwrap()
    };
    let x = take("甲", Arc::clone(&a), Arc::clone(&b));
    let y = take("乙", Arc::clone(&b), Arc::clone(&a));
    barrier.wait();
    println!("两个线程都拿到了第一把锁");
    x.join().unwrap();
    y.join().unwrap();
}
"#;
    let both_waiting = |seen: &Seen, sample: &Sample| {
        let waiting = |name: &str| {
            let tids = seen.named(name);
            sample
                .lanes
                .iter()
                .any(|l| tids.contains(&l.tid) && l.state == 'S')
        };
        waiting("甲") && waiting("乙")
    };
    // 卡住以后连着 3 次采样两人都在等，就按 ■。
    let seen = watch(&runner, runner.start(code.into()), |seen| {
        let last = seen.samples.iter().rev().take(3);
        seen.stdout.contains("第一把锁") && seen.samples.len() >= 3 && {
            let last: Vec<&Sample> = last.collect();
            last.iter().all(|s| both_waiting(seen, s))
        }
    })
    .await;
    assert_eq!(seen.outcome, Some(Outcome::Stopped));
    // 一旦两人都在等，之后的每一次采样都还在等：卡死是永久的。
    let first = seen
        .samples
        .iter()
        .position(|s| both_waiting(&seen, s))
        .unwrap();
    let after = &seen.samples[first..];
    assert!(after.len() >= 3, "{after:?}");
    for sample in after {
        assert!(both_waiting(&seen, sample), "卡死的线程又动了：{sample:?}");
    }
    for name in ["甲", "乙"] {
        let lane = seen.lane(seen.named(name)[0]);
        let last = lane.last().unwrap();
        assert_eq!((last.state, last.cpu_percent), ('S', 0), "{lane:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_threads_take_turns_under_the_gil() {
    if notebook::outputs::python3().is_none() {
        eprintln!("注意：找不到 python3，跳过这个测试");
        return;
    }
    let runner = runner("gil");
    let program = notebook::repo_root().join("code/python/ch02_02_gil_primes.py");
    let code = std::fs::read_to_string(program).unwrap();
    let events = runner.start_python(code, Some("ch02_02_gil_primes".into()));
    let seen = watch(&runner, events, |_| false).await;
    assert_eq!(seen.outcome, Some(Outcome::Exited), "{}", seen.stdout);
    assert!(seen.stdout.contains("加速"), "{}", seen.stdout);
    let workers = |sample: &Sample| sample.lanes.iter().filter(|l| l.tid != l.pid).count();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores >= 2 {
        assert!(
            seen.samples.iter().any(|s| workers(s) >= 2),
            "“每核一个线程”时应同时看到至少两个工作线程：{:?}",
            seen.samples
        );
    }
    // 所有线程一共用掉的 CPU 时间（每个线程最后一次看到时的累计值）不超过墙上时间的
    // 1.15 倍：任何时刻最多一个线程拿着 GIL。没有 GIL 的话，两个核上会接近 2 倍。
    let mut total_ms = std::collections::BTreeMap::new();
    for lane in seen.samples.iter().flat_map(|s| &s.lanes) {
        total_ms.insert(lane.tid, lane.cpu_ms);
    }
    let cpu_ms: u64 = total_ms.values().sum();
    eprintln!("GIL：{cpu_ms} 毫秒 CPU / {} 毫秒", seen.elapsed_ms);
    assert!(
        cpu_ms as f64 <= 1.15 * seen.elapsed_ms as f64 + 20.0,
        "{} 个线程一共用了 {cpu_ms} 毫秒 CPU，墙上时间只有 {} 毫秒",
        total_ms.len(),
        seen.elapsed_ms
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threads_beyond_the_lanes_and_threads_too_short_to_see_are_counted() {
    let runner = runner("many");
    // 先启动 100 个线程，在屏障前一起等 0.3 秒（超过泳道的上限 64；线程多时采样较疏，
    // 这段时间里总能采到几次）；再一个接一个启动 300 个
    // 一启动就结束的线程，它们大多活不到下一次采样。泳道早已给完，它们即使被看到也没有泳道。
    let code = r#"
use std::sync::{Arc, Barrier};
use std::time::Duration;
fn main() {
    let barrier = Arc::new(Barrier::new(101));
    let waiting: Vec<_> = (0..100)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    barrier.wait();
    for thread in waiting {
        thread.join().unwrap();
    }
    for i in 0..300 {
        std::thread::spawn(move || i).join().unwrap();
    }
    std::thread::sleep(Duration::from_millis(50));
}
"#;
    let seen = watch(&runner, runner.start(code.into()), |_| false).await;
    assert_eq!(seen.outcome, Some(Outcome::Exited));
    let lanes: std::collections::BTreeSet<u32> = seen
        .samples
        .iter()
        .flat_map(|s| &s.lanes)
        .map(|l| l.tid)
        .collect();
    assert!(lanes.len() <= MAX_LANES, "{}", lanes.len());
    assert!(
        seen.samples
            .iter()
            .any(|s| s.lanes_hidden >= 101 - MAX_LANES as u32),
        "100 个线程一起等着时，没有泳道的线程应当被数出来"
    );
    // 一闪而过的线程数的是上限：别的程序同时启动的进程、线程也会算进去，只会多，不会少。
    // 那 300 个线程一个接一个地启动、结束，任何时刻最多有两个还在（一个刚结束、一个刚启动），
    // 所以每次采样最多看到两个，其余的都该算进去。
    let last = seen.samples.last().unwrap();
    eprintln!(
        "泳道 {}，一闪而过的最多 {}，采样 {} 次",
        lanes.len(),
        last.unseen_at_most,
        seen.samples.len()
    );
    assert!(
        last.unseen_at_most as usize + 2 * seen.samples.len() >= 300,
        "一闪而过的最多 {} 个，采样 {} 次",
        last.unseen_at_most,
        seen.samples.len()
    );
}
