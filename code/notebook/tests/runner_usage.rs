//! ▶ 运行时采样代码单元的进程组（`notebook::server::usage`）：线程数、进程数、CPU 用量。
//!
//! 单独一个测试文件、测试依次运行：CPU 用量要在机器上没有别的测试抢 CPU 时才量得准。

#![cfg(target_os = "linux")]

use std::path::Path;

use notebook::server::runner::{Event, Outcome};
use notebook::server::usage::Sample;
use notebook::server::{Runner, RunnerConfig};

/// 编译并运行 `code`，返回它的全部采样。
async fn samples(runner: &std::sync::Arc<Runner>, code: &str) -> Vec<Sample> {
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
    samples
}

fn peak(samples: &[Sample], of: impl Fn(&Sample) -> u32) -> u32 {
    samples.iter().map(of).max().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn threads_processes_and_cpu_of_a_run_are_observed() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("runner-usage");
    config.prefix = "usage".into();
    config.max_runs = 1;
    let runner = Runner::new(config);

    // 8 个线程各空转 0.5 秒：加上主线程，至少 9 个线程；两个核以上时不止一个核在忙。
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
}
"#;
    let seen = samples(&runner, spin).await;
    assert!(peak(&seen, |s| s.threads) >= 9, "{seen:?}");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // 一个线程最多占满一个核（100%，采样跨两个间隔，一个时钟滴答的误差到不了 115%）。
    // 超过 115% 就说明同时用上了不止一个核；不要求更高：机器上还有别的程序时，
    // 两个核分不到全部的时间（CI 和别的构建同时运行时见过 143%）。
    if cores >= 2 {
        assert!(peak(&seen, |s| s.cpu_percent) > 115, "{seen:?}");
    }

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
    let seen = samples(&runner, children).await;
    assert!(peak(&seen, |s| s.processes) >= 4, "{seen:?}");

    // 单线程运行时：不管任务怎么忙，最多用满一个核。
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
}
"#;
    let seen = samples(&runner, current_thread).await;
    assert!(peak(&seen, |s| s.cpu_percent) <= 110, "{seen:?}");
    assert!(peak(&seen, |s| s.cpu_percent) >= 50, "{seen:?}");
}
