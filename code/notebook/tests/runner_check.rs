//! 书页上的「检查」和 ▶ 输出的细节：
//!
//! - 「检查」用练习自己的检查测试页面上的代码：没动过的起始代码没通过，带着检查打印的提示；
//!   贴进起始代码的参考答案通过（第 1 章的检查要启动草稿包编译出的普通程序，也能找到它）；
//! - ▶ 把 stderr 与 stdout 分开送，被信号杀死的程序写明是哪个信号。

use std::path::Path;
use std::sync::Arc;

use notebook::server::runner::{Event, Outcome, Stream};
use notebook::server::{Runner, RunnerConfig};

fn runner(name: &str) -> Arc<Runner> {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("notebook-runner").join(name);
    config.prefix = format!("test-{name}");
    Runner::new(config)
}

/// 一次运行（或检查）的全部事件。
async fn collect(mut events: tokio::sync::mpsc::Receiver<Event>) -> Vec<Event> {
    let mut all = Vec::new();
    while let Some(event) = events.recv().await {
        all.push(event);
    }
    all
}

fn finished(events: &[Event]) -> (Outcome, Option<i32>, String) {
    match events.last() {
        Some(Event::Finished {
            outcome,
            code,
            message,
            ..
        }) => (*outcome, *code, message.clone()),
        other => panic!("最后一个事件不是 finished：{other:?}"),
    }
}

fn output(events: &[Event], wanted: Stream) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Output { stream, text } if *stream == wanted => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// 每项测试最后一次送来的结果：名字、通过没有、提示。
fn tests(events: &[Event]) -> Vec<(String, bool, Option<String>)> {
    let mut results: Vec<(String, bool, Option<String>)> = Vec::new();
    for event in events {
        if let Event::Test { name, passed, hint } = event {
            results.retain(|(n, ..)| n != name);
            results.push((name.clone(), *passed, hint.clone()));
        }
    }
    results.sort();
    results
}

fn read(path: &str) -> String {
    std::fs::read_to_string(notebook::repo_root().join(path)).unwrap()
}

#[tokio::test]
async fn the_untouched_starter_fails_its_check_with_the_hint() {
    let runner = runner("check-starter");
    let code = read("code/exercises/ch02_e1_parallel_sum.rs");
    let events = collect(runner.start_check(code, "ch02_e1_parallel_sum".into())).await;
    let (outcome, code, message) = finished(&events);
    assert_eq!(outcome, Outcome::Exited, "{message}\n{events:?}");
    assert_ne!(code, Some(0));
    assert!(message.starts_with("检查未通过"), "{message}");
    let results = tests(&events);
    assert!(results.len() >= 2, "{results:?}");
    for (name, passed, hint) in &results {
        assert!(!passed, "{name}");
        let hint = hint.as_deref().unwrap_or_default();
        assert!(hint.starts_with("还没实现："), "{name}：{hint}");
    }
}

#[tokio::test]
async fn a_solution_pasted_into_the_starter_passes_even_with_worker_processes() {
    let runner = runner("check-solution");
    // 参考答案没有引入检查的那几行：「检查」补上。第 1 章的检查还要启动普通程序当工作进程。
    let code = read("code/examples/ch01_e2_word_count.rs");
    let events = collect(runner.start_check(code, "ch01_e2_word_count".into())).await;
    let (outcome, code, message) = finished(&events);
    let log = output(&events, Stream::Program) + &output(&events, Stream::Stderr);
    assert_eq!(
        (outcome, code),
        (Outcome::Exited, Some(0)),
        "{message}\n{log}"
    );
    assert!(message.starts_with("检查通过"), "{message}");
    let results = tests(&events);
    assert!(results.len() >= 3, "{results:?}");
    assert!(results.iter().all(|(_, passed, _)| *passed), "{results:?}");

    let events = collect(runner.start_check(String::new(), "../../etc/passwd".into())).await;
    assert_eq!(finished(&events).0, Outcome::Error);
}

#[cfg(unix)]
#[tokio::test]
async fn stderr_comes_apart_and_a_crash_names_its_signal() {
    let runner = runner("stderr-signal");
    let code = "fn main() {\n    println!(\"标准输出\");\n    eprintln!(\"标准错误\");\n    std::process::abort();\n}\n";
    let events = collect(runner.start(code.into())).await;
    assert_eq!(output(&events, Stream::Program), "标准输出\n");
    assert_eq!(output(&events, Stream::Stderr), "标准错误\n");
    let (outcome, code, message) = finished(&events);
    assert_eq!((outcome, code), (Outcome::Exited, None));
    assert!(
        message.starts_with("被信号 6（SIGABRT）终止，用时 "),
        "{message}"
    );
}
