//! 书中展示的每一段输出都必须和示例的真实运行一致，而且示例结束时不留下任何进程。
//!
//! 对 `code/examples/` 下的每个示例：运行 `cargo test` 刚编译好的程序，
//! 把输出与 `code/outputs/NAME.txt` 比较（两边先规范化，见
//! `notebook::outputs::normalize`）。改了示例的打印内容之后，用
//! `cargo run -- outputs` 重新生成这些文件。
//!
//! `code/python/` 下书里展示的 Python 程序也一样：本机有 `python3` 时运行
//! `python3 code/python/NAME.py`，与 `code/outputs/python/NAME.txt` 比较；没有就跳过
//! （并打印一句说明）。
//!
//! 示例等的都是真实的时间（大多是零点几秒的 sleep），所以同时运行几个：
//! 墙上时间接近最慢的几个之和除以并发数，而不是全部之和。

use std::sync::Mutex;

use notebook::cells::{self, Cell, PythonCell};
use notebook::outputs;

#[cfg(target_os = "linux")]
mod common;

/// 同时运行几个示例。大多数示例的时间花在等待上，不占 CPU；
/// 少数计算密集的示例慢一些也无妨：比对时耗时、加速比都已换成占位符。
const AT_ONCE: usize = 4;

#[test]
fn every_shown_output_matches_a_real_run_and_leaves_no_process() {
    // Linux：先把本进程设为“子进程收割者”（PR_SET_CHILD_SUBREAPER），示例留下的孤儿进程
    // 就过继给本进程，而不是系统的 1 号进程，最后在 /proc 里一查便知。本文件只有这一个测试，
    // 不会有别的测试的子进程混进来。
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl 只改变本进程的一个属性。
        let set = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
        assert_eq!(set, 0, "无法设为子进程收割者");
    }

    let cells = cells::cells().unwrap();
    assert!(!cells.is_empty(), "code/examples/ 里没有示例");
    let mut programs = cells::python_cells().unwrap();
    if outputs::python3().is_none() {
        eprintln!(
            "注意：找不到 python3，跳过了 {} 个 Python 程序的输出比对",
            programs.len()
        );
        programs.clear();
    }
    let jobs = cells
        .iter()
        .map(Job::Rust)
        .chain(programs.iter().map(Job::Python));

    // 示例彼此独立，分给几个线程同时跑；每个线程从共享的队列里取下一个。
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| {
                while let Some(job) = { queue.lock().unwrap().next() } {
                    let (name, checked) = match job {
                        Job::Rust(cell) => (&cell.name, check(cell)),
                        Job::Python(program) => (&program.name, check_python(program)),
                    };
                    if let Err(problem) = checked {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("== {name} ==\n{problem}"));
                    }
                }
            });
        }
    });

    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} 个示例的输出与书中不一致：\n\n{}\n\n若改动是有意的，运行 `cargo run -- outputs` 重新生成书中的输出。",
        failures.len(),
        failures.join("\n\n")
    );
    #[cfg(target_os = "linux")]
    no_process_left_behind();
}

/// 要比对的一段输出：Rust 示例，或 Python 程序。
enum Job<'a> {
    Rust(&'a Cell),
    Python(&'a PythonCell),
}

fn check_python(program: &PythonCell) -> Result<(), String> {
    let shown = std::fs::read_to_string(&program.output)
        .map_err(|e| format!("读不到 {}：{e}", program.output.display()))?;
    let actual = outputs::run_python(program).map_err(|e| format!("{e:#}"))?;
    outputs::compare_python(program, &shown, &actual)
}

fn check(cell: &Cell) -> Result<(), String> {
    let shown = std::fs::read_to_string(&cell.output)
        .map_err(|e| format!("读不到 {}：{e}", cell.output.display()))?;
    // built_example 确认示例已经按当前源文件编译过。
    let binary = bingfa::check::built_example(&cell.name);
    let actual = outputs::run(&binary).map_err(|e| format!("{e:#}"))?;
    outputs::compare(cell, &shown, &actual)
}

/// 全部示例都已结束并被回收（`outputs::run` 等到示例退出）。这时本进程还有子进程，
/// 就是哪个示例留下的：孤儿被过继过来，或者示例没有回收的子进程成了僵尸。
/// 它的命令行说明是哪个示例的。
#[cfg(target_os = "linux")]
fn no_process_left_behind() {
    let mut left = Vec::new();
    for common::Child {
        pid,
        state,
        cmdline,
        ..
    } in common::children()
    {
        // 状态 Z 是示例没有回收的僵尸，其余是还在运行的孤儿。
        left.push(format!("进程 {pid}（状态 {state}）：{cmdline}"));
        // 收拾掉再报告。SAFETY: 只向自己名下的进程发信号，再回收它。
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
            libc::waitpid(pid as i32, std::ptr::null_mut(), 0);
        }
    }
    assert!(
        left.is_empty(),
        "示例结束后还留着进程：\n{}",
        left.join("\n")
    );
}
