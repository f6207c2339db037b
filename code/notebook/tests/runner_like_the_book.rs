//! ▶ 按书中记录输出时的方式运行代码单元：第一行写着 `cargo run --release` 的用 release
//! 构建，环境里没有服务器从终端继承来的 `RUST_BACKTRACE`。
//!
//! 单独一个测试文件、只有一个测试：它要改本进程的环境变量，这时还没有别的线程。

use std::path::Path;

use notebook::server::runner::{Event, Outcome, Stream};
use notebook::server::{Runner, RunnerConfig};

/// 打印自己是不是调试构建，以及看到的 `RUST_BACKTRACE`。
fn cell(run_line: &str) -> String {
    format!(
        "//! 运行：{run_line}\nfn main() {{\n    \
         println!(\"调试构建：{{}}，RUST_BACKTRACE：{{:?}}\", cfg!(debug_assertions), std::env::var(\"RUST_BACKTRACE\").ok());\n}}\n"
    )
}

#[test]
fn a_cell_runs_with_the_books_profile_and_a_clean_environment() {
    // 很多 Rust 开发者的终端里设着它；书中的输出是在没有它的环境里记录的。
    // SAFETY: 本文件只有这一个测试，此刻没有别的线程读写环境变量。
    unsafe { std::env::set_var("RUST_BACKTRACE", "1") };

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("runner-like-the-book");
    config.prefix = "like-the-book".into();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let runner = Runner::new(config);
        for (run_line, expected) in [
            (
                "cargo run --example debug_cell",
                "调试构建：true，RUST_BACKTRACE：None\n",
            ),
            (
                "cargo run --release --example release_cell",
                "调试构建：false，RUST_BACKTRACE：None\n",
            ),
        ] {
            let mut events = runner.start(cell(run_line));
            let (mut output, mut build_log) = (String::new(), String::new());
            while let Some(event) = events.recv().await {
                match event {
                    Event::Output {
                        stream: Stream::Program,
                        text,
                    } => output.push_str(&text),
                    Event::Output {
                        stream: Stream::Build,
                        text,
                    } => build_log.push_str(&text),
                    Event::Finished { outcome, code, .. } => {
                        assert_eq!(outcome, Outcome::Exited, "{build_log}");
                        assert_eq!(code, Some(0), "{output}");
                    }
                    _ => {}
                }
            }
            assert_eq!(output, expected, "{run_line}");
        }
    });
}
