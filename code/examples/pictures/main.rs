//! 运行：cargo run --example pictures
//!
//! 画第 2、3 章的五张图，图里的每一段都来自这次运行真实测到的时间：
//!
//! - `ch02-backpressure.svg`：有界通道 `sync_channel(3)` 连着一个快生产者和一个慢消费者，
//!   上面是通道里等着的消息数，下面是两边各自在干活、还是卡在 `send` 里等空位；
//! - `ch03-download-timeline.svg`：“下载”两个文件（1.4 秒和 1 秒），顺序执行、两个进程、
//!   两个线程、两个异步任务各做一遍，每一条都是一次下载从开始到结束；
//! - `ch03-event-loop.svg`：单线程运行时上的三个任务，每一次被轮询（poll）画一道，
//!   两次轮询之间是任务在等待；其中一个任务做了 0.6 秒不让出的计算；
//! - `ch02-lanes-gil.svg`、`ch02-lanes-no-gil.svg`：书里数素数的 Python 程序（有 GIL）和
//!   Rust 代码单元 `ch02_05_no_gil` 各运行一遍，每个线程一条泳道，画出它什么时候在运行
//!   （读 Linux 的 `/proc`，与 ▶ 的采样器读同样的文件；别的系统上不画这两张）。
//!   书里的这两张用 `cargo run --release --example pictures` 画：代码单元要按书里写的
//!   `--release` 运行。没有 python3 时跳过 GIL 那张。
//!
//! 每张图一个模块，各自先测量（`measure`）、再画（`draw`）；共用的画法在 `draw` 里。
//! 依赖只朝一个方向：`main` → `backpressure`、`timeline`、`event_loop`、`lanes` → `draw`。
//!
//! 用法：`cargo run --example pictures [-- --out 目录]`，默认写到 `book/images/`。
//! 图上的刻度是真实的秒：画一次要等大约 15 秒。
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod backpressure;
mod draw;
mod event_loop;
#[cfg(target_os = "linux")]
mod lanes;
mod timeline;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        // 子进程的角色（第二行图“两个进程”）：见 `timeline::download`。
        ["download", millis, epoch_ms] => {
            let (Ok(millis), Ok(epoch_ms)) = (millis.parse::<u64>(), epoch_ms.parse::<u128>())
            else {
                return usage("download 的参数必须是两个整数");
            };
            timeline::download(millis, epoch_ms);
            ExitCode::SUCCESS
        }
        [] => draw_all(&default_out()),
        ["--out", dir] => draw_all(Path::new(dir)),
        _ => usage(&format!("不认识的参数：{}", args.join(" "))),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("错误：{problem}\n用法：cargo run --example pictures [-- --out 目录]");
    ExitCode::from(2)
}

fn default_out() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/images")
}

fn draw_all(out: &Path) -> ExitCode {
    let result = std::fs::create_dir_all(out)
        .map_err(|e| format!("无法创建 {}：{e}", out.display()))
        .and_then(|()| {
            let path = out.join("ch02-backpressure.svg");
            backpressure::draw(&path, &backpressure::measure())?;
            println!("已写入 {}", path.display());
            let path = out.join("ch03-download-timeline.svg");
            timeline::draw(&path, &timeline::measure()?)?;
            println!("已写入 {}", path.display());
            let path = out.join("ch03-event-loop.svg");
            event_loop::draw(&path, &event_loop::measure())?;
            println!("已写入 {}", path.display());
            #[cfg(target_os = "linux")]
            draw_lanes(out)?;
            Ok(())
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("错误：{problem}");
            ExitCode::FAILURE
        }
    }
}

/// 两张泳道图：先跑 Rust 的，再跑 Python 的，两个程序不同时运行、不互相抢 CPU。
#[cfg(target_os = "linux")]
fn draw_lanes(out: &Path) -> Result<(), String> {
    let path = out.join("ch02-lanes-no-gil.svg");
    let no_gil = lanes::measure_no_gil()?;
    lanes::draw(&path, &no_gil)?;
    println!("已写入 {}（{}）", path.display(), summary(&no_gil));
    let path = out.join("ch02-lanes-gil.svg");
    match lanes::measure_gil()? {
        Some(gil) => {
            lanes::draw(&path, &gil)?;
            println!("已写入 {}（{}）", path.display(), summary(&gil));
        }
        None => println!("注意：找不到 python3，没有画 {}", path.display()),
    }
    Ok(())
}

/// 终端里报告的一句：程序自己打印的最后一行，和两个计算线程都在算时的合计 CPU。
#[cfg(target_os = "linux")]
fn summary(recording: &lanes::Recording) -> String {
    let last = recording.output.lines().last().unwrap_or_default();
    format!("{last}，合计 CPU {:.0}%", recording.busy_cores() * 100.0)
}
