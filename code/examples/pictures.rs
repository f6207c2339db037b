//! 运行：cargo run --example pictures
//!
//! 画第 3 章的两张图，图里的每一段都来自这次运行真实测到的时间：
//!
//! - `ch03-download-timeline.svg`：“下载”两个文件（1.4 秒和 1 秒），顺序执行、两个进程、
//!   两个线程、两个异步任务各做一遍，每一条都是一次下载从开始到结束；
//! - `ch03-event-loop.svg`：单线程运行时上的三个任务，每一次被轮询（poll）画一道，
//!   两次轮询之间是任务在等待；其中一个任务做了 0.6 秒不让出的计算。
//!
//! 用法：`cargo run --example pictures [-- --out 目录]`，默认写到 `book/images/`。
//! 图上的刻度是真实的秒：画一次要等大约 10 秒。
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// 两个文件各“下载”多少毫秒。
const DOWNLOADS: [(&str, u64); 2] = [("文件 A", 1400), ("文件 B", 1000)];

/// 时间线上的一段：第几行、从第几秒到第几秒。
struct Span {
    row: usize,
    start: f64,
    end: f64,
    label: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        // 子进程的角色：下载 `millis` 毫秒，打印起止时刻（自 `epoch_ms` 起的毫秒数）。
        ["download", millis, epoch_ms] => {
            let (Ok(millis), Ok(epoch_ms)) = (millis.parse::<u64>(), epoch_ms.parse::<u128>())
            else {
                return usage("download 的参数必须是两个整数");
            };
            let start = unix_ms() - epoch_ms;
            thread::sleep(Duration::from_millis(millis));
            println!("{start} {}", unix_ms() - epoch_ms);
            ExitCode::SUCCESS
        }
        [] => draw(&default_out()),
        ["--out", dir] => draw(Path::new(dir)),
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

fn draw(out: &Path) -> ExitCode {
    let result = std::fs::create_dir_all(out)
        .map_err(|e| format!("无法创建 {}：{e}", out.display()))
        .and_then(|()| {
            let timeline = out.join("ch03-download-timeline.svg");
            draw_timeline(&timeline, &download_spans()?)?;
            println!("已写入 {}", timeline.display());
            let event_loop = out.join("ch03-event-loop.svg");
            draw_event_loop(&event_loop, &event_loop_spans())?;
            println!("已写入 {}", event_loop.display());
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

/// 图上的横坐标：秒。
fn secs(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64()
}

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("系统时间早于 1970 年")
        .as_millis()
}

// ---------------------------------------------------------------- 下载时间线

const ROWS: [&str; 4] = ["顺序执行", "两个进程", "两个线程", "两个异步任务"];

fn download_spans() -> Result<Vec<Span>, String> {
    let mut spans = Vec::new();
    let mut add = |row: usize, index: usize, start: f64, end: f64| {
        let (name, millis) = DOWNLOADS[index];
        spans.push(Span {
            row,
            start,
            end,
            label: format!("{name}（{} 秒）", millis as f64 / 1000.0),
        });
    };

    // 顺序执行：一个接一个。
    let t0 = Instant::now();
    for (index, (_, millis)) in DOWNLOADS.iter().enumerate() {
        let start = secs(t0.elapsed());
        thread::sleep(Duration::from_millis(*millis));
        add(0, index, start, secs(t0.elapsed()));
    }

    // 两个进程：把自己再启动两次，子进程报告自己的起止时刻。
    let epoch = unix_ms();
    let me = std::env::current_exe().map_err(|e| format!("找不到本程序：{e}"))?;
    let children = DOWNLOADS
        .iter()
        .map(|(_, millis)| {
            Command::new(&me)
                .args(["download", &millis.to_string(), &epoch.to_string()])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .map_err(|e| format!("无法启动子进程：{e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (index, child) in children.into_iter().enumerate() {
        let output = child
            .wait_with_output()
            .map_err(|e| format!("等待子进程失败：{e}"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let times: Vec<f64> = text
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        let [start, end] = times[..] else {
            return Err(format!(
                "子进程的输出不是两个时刻：{text:?}（{}）",
                output.status
            ));
        };
        let ms = |t: f64| t / 1000.0;
        add(1, index, ms(start), ms(end));
    }

    // 两个线程。
    let t0 = Instant::now();
    let handles: Vec<_> = DOWNLOADS
        .iter()
        .map(|&(_, millis)| {
            thread::spawn(move || {
                let start = t0.elapsed();
                thread::sleep(Duration::from_millis(millis));
                (start, t0.elapsed())
            })
        })
        .collect();
    for (index, handle) in handles.into_iter().enumerate() {
        let (start, end) = handle.join().expect("下载线程不会 panic");
        add(2, index, secs(start), secs(end));
    }

    // 一个线程上的两个异步任务。
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let times = runtime.block_on(async {
        let t0 = tokio::time::Instant::now();
        let tasks: Vec<_> = DOWNLOADS
            .iter()
            .map(|&(_, millis)| {
                tokio::spawn(async move {
                    let start = t0.elapsed();
                    tokio::time::sleep(Duration::from_millis(millis)).await;
                    (start, t0.elapsed())
                })
            })
            .collect();
        let mut times = Vec::new();
        for task in tasks {
            times.push(task.await.expect("下载任务不会 panic"));
        }
        times
    });
    for (index, (start, end)) in times.into_iter().enumerate() {
        add(3, index, secs(start), secs(end));
    }
    Ok(spans)
}

fn draw_timeline(path: &Path, spans: &[Span]) -> Result<(), String> {
    let end = spans.iter().map(|s| s.end).fold(0.0, f64::max).ceil() + 1.0;
    let caption = "“下载”两个文件：每一条是一次下载的开始到结束（实测）";
    lane_chart(path, (340, 110), caption, &ROWS, end, |chart| {
        let colors = [RGBColor(66, 133, 244), RGBColor(244, 160, 0)];
        for span in spans {
            let index = usize::from(!span.label.starts_with(DOWNLOADS[0].0));
            let top = span.row as f64 + 0.12 + index as f64 * 0.4;
            let bar = [(span.start, top), (span.end, top + 0.34)];
            chart.draw_series([Rectangle::new(bar, colors[index].filled())])?;
            let text = format!("{}，{:.1}–{:.1} 秒", span.label, span.start, span.end);
            let font = ("sans-serif", 13).into_font().color(&WHITE);
            chart.draw_series([Text::new(text, (span.start + 0.1, top + 0.06), font)])?;
        }
        Ok(())
    })
}

/// 画一张“泳道图”：纵轴每行一条泳道（`lanes` 是它们的名字），横轴是秒。
/// `size` 是图的高度和左边名字区的宽度；`draw` 在坐标系里画具体的内容。
fn lane_chart(
    path: &Path,
    (height, label_width): (u32, u32),
    caption: &str,
    lanes: &[&str],
    end: f64,
    draw: impl FnOnce(&mut Chart<'_>) -> DrawResult,
) -> Result<(), String> {
    let result = (|| -> DrawResult {
        let root = SVGBackend::new(path, (860, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0.0..end, lanes.len() as f64..0.0)?;
        // 名字写在每条泳道的正中（y = 行号 + 0.5），其余刻度不写字。
        let lane_name = |y: &f64| {
            let row = *y - 0.5;
            let index = row.round();
            let centered = (row - index).abs() < 1e-6 && index >= 0.0;
            let name = lanes.get(index as usize).filter(|_| centered);
            name.copied().unwrap_or_default().to_string()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(lanes.len() * 2 + 1)
            .y_label_formatter(&lane_name)
            .x_desc("秒")
            .label_style(("sans-serif", 15))
            .draw()?;
        draw(&mut chart)?;
        root.present()?;
        Ok(())
    })();
    result.map_err(|e| format!("无法画 {}：{e}", path.display()))
}

type Chart<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

// ---------------------------------------------------------------- 事件循环

const TASKS: [&str; 3] = [
    "任务 A：每 1 秒醒一次",
    "任务 B：每 0.5 秒醒一次",
    "任务 C：算 0.6 秒不让出",
];

/// 包一层 Future：每次被轮询，记下这次轮询的起止时刻。
struct Traced<F> {
    task: usize,
    t0: Instant,
    log: Rc<RefCell<Vec<Span>>>,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Traced<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let start = secs(self.t0.elapsed());
        let result = self.inner.as_mut().poll(cx);
        let end = secs(self.t0.elapsed());
        let label = if result.is_ready() { "完成" } else { "" }.to_string();
        self.log.borrow_mut().push(Span {
            row: self.task,
            start,
            end,
            label,
        });
        result
    }
}

fn event_loop_spans() -> Vec<Span> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let t0 = Instant::now();
    let wait = |tenths: u64| Duration::from_millis(tenths * 100);

    local.block_on(&runtime, async {
        let a = traced(0, t0, &log, async move {
            for _ in 0..3 {
                tokio::time::sleep(wait(10)).await;
            }
        });
        let b = traced(1, t0, &log, async move {
            for _ in 0..6 {
                tokio::time::sleep(wait(5)).await;
            }
        });
        let c = traced(2, t0, &log, async move {
            tokio::time::sleep(wait(12)).await;
            // 不含 .await 的计算：这 0.6 秒里事件循环别的什么也做不了。
            thread::sleep(wait(6));
        });
        let tasks = [
            tokio::task::spawn_local(a),
            tokio::task::spawn_local(b),
            tokio::task::spawn_local(c),
        ];
        for task in tasks {
            task.await.expect("任务不会 panic");
        }
    });
    Rc::try_unwrap(log).ok().expect("任务都已结束").into_inner()
}

fn traced<F: Future>(
    task: usize,
    t0: Instant,
    log: &Rc<RefCell<Vec<Span>>>,
    inner: F,
) -> Traced<F> {
    Traced {
        task,
        t0,
        log: log.clone(),
        inner: Box::pin(inner),
    }
}

fn draw_event_loop(path: &Path, polls: &[Span]) -> Result<(), String> {
    let end = polls.iter().map(|s| s.end).fold(0.0, f64::max).ceil();
    let caption = "一个线程上的事件循环：竖条是一次轮询，细线是在等待（实测）";
    lane_chart(path, (300, 200), caption, &TASKS, end, |chart| {
        let color = RGBColor(66, 133, 244);
        for (task, _) in TASKS.iter().enumerate() {
            let mine: Vec<&Span> = polls.iter().filter(|p| p.row == task).collect();
            let middle = task as f64 + 0.5;
            // 第一次轮询到最后一次轮询之间，任务一直“活着”：画一条细线表示等待。
            if let (Some(first), Some(last)) = (mine.first(), mine.last()) {
                let line = [(first.start, middle), (last.end, middle)];
                chart.draw_series([PathElement::new(line, color.mix(0.4).stroke_width(2))])?;
            }
            for poll in mine {
                // 轮询通常只有几微秒，画成至少 0.04 秒宽才看得见。
                let right = poll.end.max(poll.start + 0.04);
                let bar = [(poll.start, middle - 0.3), (right, middle + 0.3)];
                chart.draw_series([Rectangle::new(bar, color.filled())])?;
                if !poll.label.is_empty() {
                    let text = (poll.label.clone(), (right + 0.05, middle - 0.3));
                    chart.draw_series([Text::new(text.0, text.1, ("sans-serif", 13))])?;
                }
            }
        }
        Ok(())
    })
}
