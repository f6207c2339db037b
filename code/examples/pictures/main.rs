//! 运行：cargo run --example pictures
//!
//! 画第 2、3 章的三张图，图里的每一段都来自这次运行真实测到的时间：
//!
//! - `ch02-backpressure.svg`：有界通道 `sync_channel(3)` 连着一个快生产者和一个慢消费者，
//!   上面是通道里等着的消息数，下面是两边各自在干活、还是卡在 `send` 里等空位；
//! - `ch03-download-timeline.svg`：“下载”两个文件（1.4 秒和 1 秒），顺序执行、两个进程、
//!   两个线程、两个异步任务各做一遍，每一条都是一次下载从开始到结束；
//! - `ch03-event-loop.svg`：单线程运行时上的三个任务，每一次被轮询（poll）画一道，
//!   两次轮询之间是任务在等待；其中一个任务做了 0.6 秒不让出的计算。
//!
//! 每张图一个模块，各自先测量（`measure`）、再画（`draw`）；共用的画法在 `draw` 里。
//! 依赖只朝一个方向：`main` → `backpressure`、`timeline`、`event_loop` → `draw`。
//!
//! 用法：`cargo run --example pictures [-- --out 目录]`，默认写到 `book/images/`。
//! 图上的刻度是真实的秒：画一次要等大约 11 秒。
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod backpressure;
mod draw;
mod event_loop;
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
