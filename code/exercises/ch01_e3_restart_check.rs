//! 练习 1.3 的检查：参考答案和起始代码共用这些测试。
use bingfa::check::{exercise_program, watch};

use super::{Report, supervise};

/// 看着 `supervise` 运行（作业列表复制一份，交给另一个线程）。父子进程互相等待时，
/// 测试失败而不是永远卡住。
fn run(crash_after: usize, jobs: &[u64], max_restarts: usize) -> std::io::Result<Report> {
    let program = exercise_program(env!("CARGO_CRATE_NAME"), "ch01_e3_restart");
    let jobs = jobs.to_vec();
    let hint = "父进程和工作进程是不是在互相等？";
    watch(hint, move || {
        supervise(&program, crash_after, &jobs, max_restarts)
    })
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
