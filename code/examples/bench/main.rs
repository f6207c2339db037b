//! 运行：cargo run --release --example bench
//!
//! 第 4 章的基准测试：同一台机器上，把多进程、多线程、tokio 任务（以及 Python 的
//! threading / multiprocessing / asyncio）放在一起量。
//!
//! ```text
//! cargo run --release --example bench                      完整运行（2 核机器上约一分钟）
//! cargo run --release --example bench -- --quick           快速运行（约 10 秒）
//! cargo run --release --example bench -- --json            结果以 JSON 打印到标准输出
//! cargo run --release --example bench -- --write book/ch04 重新生成书中的结果、表格和图
//! ```
//!
//! 每个阶段都在自己的子进程里运行（第 1 章的做法：带一个角色参数把自己再启动一次），
//! 这样子进程报告的内存峰值只属于这一个阶段。
//!
//! 各个文件分工如下（模块之间用 `super::` 互相引用：`code/tests/ch04_bench.rs`
//! 把这个文件当作一个模块引入时，路径也对）。依赖只朝一个方向：下面的列表里，每个模块
//! 只引用排在它前面的模块，没有两个模块互相引用。
//!
//! - `options`：命令行参数；
//! - `config`：并发模型、一次运行的配置，找 Python；
//! - `protocol`：子进程报告的那一行 `key=value …`；
//! - `primes`：数素数（CPU 阶段的活）；
//! - `format`：数字的格式（JSON 的小数位数、内存、千位分隔符）；
//! - `machine`：机器的情况（核数、CPU、系统、日期……）；
//! - `report`：结果的数据结构和 JSON；
//! - `tables`、`chart`：表格和 SVG 图；
//! - `stages`：子进程里的各个阶段；
//! - `parent`：父进程依次启动各个阶段的子进程，收集结果。
//!
//! 这个文件把它们串起来：子进程的角色交给 `stages`，其余交给 `parent`，最后写出结果。
use std::env;
use std::io;
use std::path::Path;
use std::process;
use std::time::Duration;

pub mod chart;
pub mod config;
pub mod format;
pub mod machine;
pub mod options;
pub mod parent;
pub mod primes;
pub mod protocol;
pub mod report;
pub mod stages;
pub mod tables;

use config::Config;
use options::Options;
use report::Report;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("stage") {
        // 被父进程启动，扮演某一个阶段。各阶段自己决定要不要建 tokio 运行时。
        process::exit(match stages::run(&args[1..]) {
            Ok(()) => 0,
            Err(error) => {
                eprintln!("阶段 {:?} 失败：{error}", &args[1..]);
                1
            }
        });
    }
    let options = options::parse_options(&args);
    // 父进程只是依次启动子进程、等它们结束，同时留意 Ctrl-C：单线程运行时就够了。
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("无法创建 tokio 运行时：{e}")));
    runtime.block_on(parent(options));
}

async fn parent(options: Options) {
    let exe = env::current_exe().unwrap_or_else(|e| fail(&format!("找不到自己的程序文件：{e}")));
    let python = if options.no_python {
        None
    } else {
        config::find_python()
    };
    let mut config = if options.quick {
        Config::quick(exe, python)
    } else {
        Config::full(exe, python)
    };
    if let Some(ms) = options.sleep_ms {
        config.sleep = Duration::from_millis(ms);
    }
    if options.no_python {
        eprintln!("按 --no-python 的要求，跳过 Python 对照");
    } else if config.python.is_none() {
        eprintln!("没有找到 python3（PATH 里没有），跳过 Python 对照，只比较 Rust 的几种做法");
    }

    // Ctrl-C：后台任务把它记在一个 watch 通道里；正在运行的阶段看到后杀掉子进程并等它结束。
    let (interrupt_tx, interrupted) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = interrupt_tx.send(true);
        }
    });
    // 让上面的任务先跑一步、登记好信号处理（单线程运行时里，它要等这里让出才会运行）：
    // 否则第一个阶段开始后、登记之前按下的 Ctrl-C 会直接结束父进程。
    tokio::task::yield_now().await;
    let report = parent::run(&config, &mut |line| eprintln!("{line}"), interrupted).await;
    if let Err(error) = &report
        && error.kind() == io::ErrorKind::Interrupted
    {
        eprintln!("\n已中断：正在运行的阶段已被结束并回收，没有留下子进程");
        end_by_sigint();
    }
    let report = report.unwrap_or_else(|e| fail(&format!("基准测试失败：{e}")));

    if options.json {
        print!("{}", report::to_json(&report));
    } else {
        println!("\n{}", tables::machine_table(&report.machine));
        println!("{}", tables::io_table(&report));
        println!("{}", tables::cpu_table(&report));
    }
    if let Some(dir) = &options.write {
        write_results(&report, dir).unwrap_or_else(|e| fail(&format!("写入 {dir:?} 失败：{e}")));
        eprintln!("结果已写入 {}", dir.display());
    }
}

/// `--write DIR`：书里引用的结果文件。表格不用 .md 扩展名：book/ 下的 .md 都会被当作章节。
fn write_results(report: &Report, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("bench.json"), report::to_json(report))?;
    std::fs::write(
        dir.join("machine.table"),
        tables::machine_table(&report.machine),
    )?;
    std::fs::write(dir.join("io.table"), tables::io_table(report))?;
    std::fs::write(dir.join("cpu.table"), tables::cpu_table(report))?;
    std::fs::write(dir.join("bench.svg"), chart::chart_svg(report)?)?;
    Ok(())
}

/// 收好尾之后，让 SIGINT 照常结束进程，而不是以 130 退出：调用基准测试的脚本由此知道
/// 用户按了 Ctrl-C，也会跟着停下（第 1 章“收尾之后，照样让 SIGINT 结束进程”）。
fn end_by_sigint() -> ! {
    #[cfg(unix)]
    // SAFETY: 把 SIGINT 恢复成默认处理，再发给自己，进程就此结束；两者都只改本进程。
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
    process::exit(130) // 没有 SIGINT 可发的系统上，退而用 shell 的惯例：128 + 2
}

fn fail(message: &str) -> ! {
    eprintln!("错误：{message}");
    process::exit(1);
}
