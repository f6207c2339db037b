//! 第 4 章基准测试的测试：用极小的规模把快速运行的全部逻辑走一遍（真的启动子进程，
//! 有 python3 时也跑 Python 一侧），检查 JSON 里每个阶段、每个字段都在。
//! 只检查结果是否齐全、正确（质数个数），从不断言耗时或加速比。

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[allow(dead_code)] // 示例的 main 和一些函数在这里用不到
#[path = "../examples/bench/main.rs"]
mod bench;

use bench::config::{Config, Model};

fn tiny_config() -> Config {
    Config {
        exe: bingfa::check::built_example("bench"),
        python: bench::config::find_python(),
        sleep: Duration::from_millis(10),
        io: vec![
            (Model::Process, 2),
            (Model::Thread, 10),
            (Model::Tokio, 100),
            (Model::PythonProcess, 2),
            (Model::PythonThread, 10),
            (Model::PythonAsyncio, 100),
        ],
        cpu_bound: 30_000,
        python_cpu_bound: 30_000,
        workers: 2,
        repeats: 1,
    }
}

#[tokio::test]
async fn the_quick_logic_at_a_tiny_size_reports_every_stage_and_field() {
    let config = tiny_config();
    let has_python = config.python.is_some();
    let (_keep_sender, interrupted) = tokio::sync::watch::channel(false);
    let mut lines = Vec::new();
    let report = bench::parent::run(&config, &mut |line| lines.push(line), interrupted)
        .await
        .expect("基准测试在极小的规模下也应该跑完");
    assert!(lines.iter().any(|l| l.starts_with("I/O：")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("CPU：")), "{lines:?}");

    let json: serde_json::Value = serde_json::from_str(&bench::report::to_json(&report)).unwrap();
    let machine = &json["machine"];
    assert_eq!(machine["cores"], bench::config::cores());
    for key in ["cpu", "os", "rustc", "date"] {
        assert!(machine[key].is_string(), "machine.{key}: {machine}");
    }
    assert_eq!(machine["python"].is_string(), has_python, "{machine}");

    // 字段与书里那份结果（book/ch04/bench.json）的一样，不多不少。
    let book = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../book/ch04/bench.json"
    ))
    .unwrap();
    let book: serde_json::Value = serde_json::from_str(&book).unwrap();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&json), keys(&book));
    assert_eq!(keys(machine), keys(&book["machine"]));
    for part in ["io", "cpu"] {
        assert_eq!(keys(&json[part][0]), keys(&book[part][0]), "{part}");
    }

    let models = |part: &str| -> Vec<String> {
        json[part]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["model"].as_str().unwrap().to_string())
            .collect()
    };
    let mut io_expected = vec!["process", "thread", "tokio"];
    let mut cpu_expected = vec![
        "thread",
        "thread",
        "process",
        "spawn_blocking",
        "tokio-current-thread",
    ];
    if has_python {
        io_expected.extend(["python-process", "python-thread", "python-asyncio"]);
        cpu_expected.extend([
            "python-thread",
            "python-thread",
            "python-process",
            "python-asyncio",
        ]);
    }
    assert_eq!(models("io"), io_expected);
    assert_eq!(models("cpu"), cpu_expected);

    for row in json["io"].as_array().unwrap() {
        for key in ["n", "sleep_s", "wall_s", "spawn_us"] {
            assert!(row[key].as_f64().is_some_and(|x| x > 0.0), "{key}: {row}");
        }
        // 等待是真的：墙钟时间不会短于等待时间。
        assert!(row["wall_s"].as_f64() >= row["sleep_s"].as_f64(), "{row}");
        if cfg!(target_os = "linux") {
            assert!(
                row["peak_rss_mb"].as_f64().is_some_and(|mb| mb > 0.0),
                "{row}"
            );
        }
    }
    for row in json["cpu"].as_array().unwrap() {
        // 30000 以内有 3245 个质数，不论怎样分工。
        assert_eq!(row["primes"], 3245, "{row}");
        assert_eq!(row["bound"], 30_000, "{row}");
        for key in ["workers", "wall_s", "speedup"] {
            assert!(row[key].as_f64().is_some_and(|x| x > 0.0), "{key}: {row}");
        }
    }

    // 表格和图也能从这份结果生成。
    assert_eq!(
        bench::tables::io_table(&report).lines().count(),
        2 + report.io.len()
    );
    assert_eq!(
        bench::tables::cpu_table(&report).lines().count(),
        2 + report.cpu.len()
    );
    let svg = bench::chart::chart_svg(&report).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("加速比"),
        "{svg:.200}"
    );
}

#[test]
fn every_worker_share_adds_up_to_the_same_prime_count() {
    let bound = 3 * bench::primes::CHUNK + 123;
    let all = bench::primes::count_share(bound, 1, 0);
    let expected = (0..bound).filter(|&n| is_prime_plainly(n)).count() as u64;
    assert_eq!(all, expected);
    for workers in [2, 3, 7] {
        let sum: u64 = (0..workers)
            .map(|k| bench::primes::count_share(bound, workers, k))
            .sum();
        assert_eq!(sum, all, "{workers} 个工人");
    }
}

fn is_prime_plainly(n: u64) -> bool {
    n >= 2
        && (2..n)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

#[test]
fn helpers_format_dates_and_numbers() {
    let day = |days: u64| UNIX_EPOCH + Duration::from_secs(days * 86_400);
    assert_eq!(bench::machine::utc_date(day(0)), "1970-01-01");
    assert_eq!(bench::machine::utc_date(day(19_782)), "2024-02-29");
    assert_eq!(bench::machine::utc_date(SystemTime::now()).len(), 10);
    assert_eq!(bench::format::thousands(1_000_000), "1,000,000");
    assert_eq!(bench::format::thousands(999), "999");
    let fields = bench::protocol::parse_fields("说明\nwall_s=0.5 primes=3").unwrap();
    assert_eq!(fields["primes"], "3");
    assert!(bench::protocol::parse_fields("").is_err());
}

#[test]
fn bad_arguments_are_refused_with_exit_code_2() {
    for args in [
        &["--sleep-ms", "abc"][..],
        &["--sleep-ms", "0"],
        &["--write"],
        &["--n", "abc"],
    ] {
        let output = Command::new(bingfa::check::built_example("bench"))
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("错误："), "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}
