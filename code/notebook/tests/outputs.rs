//! 书中展示的每一段输出都必须和示例的真实运行一致。
//!
//! 对 `code/examples/` 下的每个示例：运行 `cargo test` 刚编译好的程序，
//! 把输出与 `code/outputs/NAME.txt` 比较（两边先规范化，见
//! `notebook::outputs::normalize`）。改了示例的打印内容之后，用
//! `cargo run -- outputs` 重新生成这些文件。

use std::sync::Mutex;

use notebook::outputs::{self, Cell};

#[test]
fn every_shown_output_matches_a_real_run() {
    let cells = outputs::cells().unwrap();
    assert!(!cells.is_empty(), "code/examples/ 里没有示例");

    // 示例彼此独立，分给几个线程同时跑；每个线程从共享的队列里取下一个。
    let queue = Mutex::new(cells.iter());
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(cell) = { queue.lock().unwrap().next() } {
                    if let Err(problem) = check(cell) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("== {} ==\n{problem}", cell.name));
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
}

fn check(cell: &Cell) -> Result<(), String> {
    let shown = std::fs::read_to_string(&cell.output)
        .map_err(|e| format!("读不到 {}：{e}", cell.output.display()))?;
    // built_example 确认示例已经按当前源文件编译过。
    let binary = bingfa::check::built_example(&cell.name);
    let actual = outputs::run(&binary, notebook::TEST_TIME_SCALE).map_err(|e| format!("{e:#}"))?;
    outputs::compare(&cell.name, &shown, &actual)
}

#[test]
fn a_bad_time_scale_is_refused_with_exit_code_2() {
    let cells = outputs::cells().unwrap();
    let cell = cells
        .iter()
        .find(|c| c.name == "ch00_01_first_taste")
        .unwrap();
    let output = std::process::Command::new(bingfa::check::built_example(&cell.name))
        .env(bingfa::TIME_SCALE_VAR, "快一点")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("BOOK_TIME_SCALE 必须是 (0, 1] 之间的小数"),
        "{stderr}"
    );
}
