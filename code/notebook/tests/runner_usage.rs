//! ▶ 运行时采样代码单元的进程组（`notebook::process::usage`）：线程数、进程数、CPU 用量。
//!
//! 断言的都是采样器必须做对的事：线程数、进程数，CPU 用量不超过核数，而且对时间积分后
//! 与程序自己量到的 CPU 时间一致。不断言 CPU 用量有多高：那量的是机器有多闲。

#![cfg(target_os = "linux")]

use std::path::Path;

use notebook::process::usage::Sample;
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
