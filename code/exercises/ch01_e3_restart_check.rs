//! 练习 1.3 的检查：参考答案和起始代码共用这些测试。
use std::path::PathBuf;

use super::{Report, supervise};

/// 工作进程运行的程序：cargo 编译出的普通版本（它的 main 认得 `worker` 参数），
/// 而不是正在运行这些测试的测试程序。
fn program() -> PathBuf {
    // 作为 code/tests/ch01_exercises.rs 的一部分运行时，测的是 examples/ 里的参考答案；
    // 否则测的就是这个测试所在的例子（起始代码，或者你复制出来的 examples/my_….rs）。
    let name = match env!("CARGO_CRATE_NAME") {
        "ch01_exercises" => "ch01_e3_restart",
        name => name,
    };
    let source = match name.strip_suffix("_starter") {
        Some(stem) => format!("exercises/{stem}.rs"),
        None => format!("examples/{name}.rs"),
    };
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let program = profile_dir.join("examples").join(name);
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    assert!(
        modified(&program) >= modified(&source),
        "{} 不存在或比源文件旧：先运行 cargo build --example {name}",
        program.display()
    );
    program
}

/// 在另一个线程里运行，最多等 20 秒：父子进程互相等待（例如忘了关子进程的标准输入）时，
/// 测试失败而不是永远卡住。测试进程退出时管道随之关闭，卡住的子进程也会读到结尾、退出。
fn within_20s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .expect("20 秒还没结束：父进程和工作进程是不是在互相等？")
}

/// 限时运行 `supervise`（作业列表复制一份，交给另一个线程）。
fn run(crash_after: usize, jobs: &[u64], max_restarts: usize) -> std::io::Result<Report> {
    let (program, jobs) = (program(), jobs.to_vec());
    within_20s(move || supervise(&program, crash_after, &jobs, max_restarts))
}

fn squares(jobs: &[u64]) -> Vec<u64> {
    jobs.iter().map(|n| n * n).collect()
}

#[test]
fn a_worker_that_never_crashes_is_never_restarted() {
    let jobs: Vec<u64> = (1..=20).collect();
    let report = run(100, &jobs, 0).unwrap();
    let expected = Report {
        answers: squares(&jobs),
        restarts: 0,
    };
    assert_eq!(report, expected);
}

#[test]
fn every_job_is_answered_exactly_once_across_crashes() {
    let jobs: Vec<u64> = (1..=10).collect();
    for (crash_after, restarts) in [(1, 9), (3, 3), (5, 1), (10, 0)] {
        let report = run(crash_after, &jobs, 10).unwrap();
        assert_eq!(
            report.answers,
            squares(&jobs),
            "crash_after = {crash_after}"
        );
        assert_eq!(report.restarts, restarts, "crash_after = {crash_after}");
    }
}

#[test]
fn a_worker_that_always_crashes_is_given_up_on() {
    let error = run(0, &[1, 2, 3], 4).unwrap_err();
    assert!(error.to_string().contains("已重启 4 次"), "{error}");
}

#[test]
fn no_jobs_need_no_answers() {
    let report = run(0, &[], 0).unwrap();
    assert_eq!(
        report,
        Report {
            answers: vec![],
            restarts: 0
        }
    );
}
