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
//! 用法：`cargo run --example pictures [-- --out 目录]`，默认写到 `book/images/`。
//! 图上的刻度是真实的秒：画一次要等大约 11 秒。
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
            let backpressure = out.join("ch02-backpressure.svg");
            draw_backpressure(&backpressure, &backpressure_run())?;
            println!("已写入 {}", backpressure.display());
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
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(lanes.len() * 2 + 1)
            .y_label_formatter(&|y| lane_name(lanes, *y).to_string())
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

// ---------------------------------------------------------------- 背压

/// 通道的容量、一共发几条、生产一条和处理一条各要多久。
const CAPACITY: usize = 3;
const ITEMS: usize = 12;
const PRODUCE: Duration = Duration::from_millis(10);
const CONSUME: Duration = Duration::from_millis(100);

/// 一条消息经历的时刻（秒）：开始生产、调用 `send`、`send` 返回、`recv` 返回、处理完。
struct Handoff {
    produced: f64,
    called: f64,
    sent: f64,
    received: f64,
    done: f64,
}

fn backpressure_run() -> Vec<Handoff> {
    let (tx, rx) = mpsc::sync_channel(CAPACITY);
    let t0 = Instant::now();
    let consumer = thread::spawn(move || {
        let mut times = Vec::new();
        // 每次 `for` 取下一条就是一次 `recv`，取到时马上记下时刻。
        for () in rx {
            let received = secs(t0.elapsed());
            thread::sleep(CONSUME);
            times.push((received, secs(t0.elapsed())));
        }
        times
    });
    let mut sends = Vec::new();
    for _ in 0..ITEMS {
        let produced = secs(t0.elapsed());
        thread::sleep(PRODUCE);
        let called = secs(t0.elapsed());
        tx.send(()).expect("消费者还在");
        sends.push((produced, called, secs(t0.elapsed())));
    }
    drop(tx);
    let received = consumer.join().expect("消费者不会 panic");
    sends
        .into_iter()
        .zip(received)
        .map(|((produced, called, sent), (received, done))| Handoff {
            produced,
            called,
            sent,
            received,
            done,
        })
        .collect()
}

/// 通道里等着的消息数随时间的变化：`(时刻, 条数)`。`send` 返回算放进一条，`recv` 返回算取走一条。
///
/// 两个线程都是调用返回之后才读时钟，两边读数的先后可能和真实的先后差几微秒。
/// 所以按时间先后合并两边的记录，两者矛盾时按因果：空的通道取不出，满的通道放不进。
fn queue_steps(handoffs: &[Handoff]) -> Vec<(f64, usize)> {
    let (mut put, mut taken) = (0, 0);
    let mut now = 0.0;
    let mut steps = vec![(now, 0)];
    while taken < handoffs.len() {
        let waiting = put - taken;
        let next_put = handoffs.get(put).map(|h| h.sent);
        let next_take = handoffs[taken].received;
        let time = match next_put {
            Some(t) if waiting == 0 || (waiting < CAPACITY && t <= next_take) => {
                put += 1;
                t
            }
            _ => {
                taken += 1;
                next_take
            }
        };
        now = f64::max(now, time);
        steps.push((now, put - taken));
    }
    steps
}

fn draw_backpressure(path: &Path, handoffs: &[Handoff]) -> Result<(), String> {
    let last = handoffs.last().ok_or("没有记录到任何消息")?;
    let end = (last.done * 10.0).ceil() / 10.0 + 0.2;
    let result = (|| -> DrawResult {
        let root = SVGBackend::new(path, (860, 480)).into_drawing_area();
        root.fill(&WHITE)?;
        let caption = format!(
            "有界通道 sync_channel({CAPACITY})：生产一条 {} 毫秒，处理一条 {} 毫秒（实测）",
            PRODUCE.as_millis(),
            CONSUME.as_millis()
        );
        let root = root.titled(&caption, ("sans-serif", 20))?;
        let (upper, rest) = root.split_vertically(210);
        let (lower, legend) = rest.split_vertically(rest.dim_in_pixel().1 - 30);
        draw_queue(&upper, handoffs, end)?;
        draw_producer_consumer(&lower, handoffs, end)?;

        // 图例单独占底下一行，不会盖住任何数据。
        let keys = [
            (BLUE_BAR, "在干活：生产一条，或处理一条"),
            (ORANGE_BAR, "卡在 send 里，等通道空出位置"),
        ];
        let mut x = 16 + LABEL_WIDTH as i32;
        for (color, text) in keys {
            legend.draw(&Rectangle::new([(x, 8), (x + 16, 20)], color.filled()))?;
            let font = ("sans-serif", 14).into_font().color(&BLACK);
            legend.draw(&Text::new(text, (x + 22, 14), anchored(font, HPos::Left)))?;
            x += 280;
        }
        root.present()?;
        Ok(())
    })();
    result.map_err(|e| format!("无法画 {}：{e}", path.display()))
}

const BLUE_BAR: RGBColor = RGBColor(66, 133, 244);
const ORANGE_BAR: RGBColor = RGBColor(244, 160, 0);
/// 左边写纵轴名字的宽度：上下两张图一样宽，横轴的秒才对得齐。
const LABEL_WIDTH: u32 = 90;

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// 上半张：通道中排队的消息数（`send` 已返回、`recv` 还没取走的），画成阶梯线。
fn draw_queue(area: &Area<'_>, handoffs: &[Handoff], end: f64) -> DrawResult {
    let full = CAPACITY as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .margin_bottom(4)
        .y_label_area_size(LABEL_WIDTH)
        .build_cartesian_2d(0.0..end, 0.0..full + 1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|_| String::new())
        .y_labels(CAPACITY + 2)
        .y_max_light_lines(0)
        .y_label_formatter(&|y| match *y <= full {
            true => format!("{y:.0}"),
            false => String::new(),
        })
        .y_desc("通道中排队的消息数")
        .label_style(("sans-serif", 15))
        .draw()?;

    let red = RGBColor(200, 40, 40);
    let ceiling = [(0.0, full), (end, full)];
    chart.draw_series([DashedPathElement::new(ceiling, 6, 4, red.stroke_width(1))])?;
    let text = format!("容量 {CAPACITY}：满了，send 就得等");
    let font = ("sans-serif", 14).into_font().color(&red);
    let at = (0.01, full + 0.4);
    chart.draw_series([Text::new(text, at, anchored(font, HPos::Left))])?;

    let mut line = vec![(0.0, 0.0)];
    for pair in queue_steps(handoffs).windows(2) {
        let ((_, before), (time, after)) = (pair[0], pair[1]);
        line.push((time, before as f64));
        line.push((time, after as f64));
    }
    line.push((end, 0.0));
    chart.draw_series([PathElement::new(line, BLUE_BAR.stroke_width(2))])?;

    // 生产者最后一次 send 返回的时刻：从这以后没人再放，通道一条一条变空。
    let sent = handoffs.last().map_or(0.0, |h| h.sent);
    chart.draw_series([Circle::new((sent, full), 4, ORANGE_BAR.filled())])?;
    let text = format!("最后一条发出（{sent:.2} 秒）");
    let font = ("sans-serif", 14).into_font().color(&BLACK);
    let at = (sent + 0.02, full + 0.4);
    chart.draw_series([Text::new(text, at, anchored(font, HPos::Left))])?;
    Ok(())
}

/// 泳道图纵轴上 `y` 处的刻度文字：泳道的名字写在每条泳道的正中（y = 行号 + 0.5），
/// 其余刻度不写字。
fn lane_name<'a>(lanes: &[&'a str], y: f64) -> &'a str {
    let row = y - 0.5;
    let index = row.round();
    let centered = (row - index).abs() < 1e-6 && index >= 0.0;
    let name = lanes.get(index as usize).filter(|_| centered);
    name.copied().unwrap_or_default()
}

/// 下半张：生产者和消费者两条泳道，蓝色是在干活，橙色是生产者卡在 `send` 里。
fn draw_producer_consumer(area: &Area<'_>, handoffs: &[Handoff], end: f64) -> DrawResult {
    let lanes = ["生产者", "消费者"];
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .margin_top(4)
        .x_label_area_size(40)
        .y_label_area_size(LABEL_WIDTH)
        .build_cartesian_2d(0.0..end, lanes.len() as f64..0.0)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(lanes.len() * 2 + 1)
        .y_label_formatter(&|y| lane_name(&lanes, *y).to_string())
        .x_desc("秒")
        .label_style(("sans-serif", 15))
        .draw()?;

    let bar = |row: f64, from: f64, to: f64, color: RGBColor| {
        Rectangle::new([(from, row + 0.2), (to, row + 0.8)], color.filled())
    };
    // 相邻两条之间留一道白缝，好分清是哪一条。
    let working = handoffs.iter().flat_map(|h| {
        [
            bar(0.0, h.produced, h.called - 0.002, BLUE_BAR),
            bar(1.0, h.received, h.done - 0.004, BLUE_BAR),
        ]
    });
    chart.draw_series(working)?;
    let blocked = handoffs
        .iter()
        .map(|h| bar(0.0, h.called, h.sent, ORANGE_BAR));
    chart.draw_series(blocked)?;

    // 消息的编号：写在处理它的蓝条上，和等着发它的橙条上（橙条够宽的话）。
    let white = ("sans-serif", 13).into_font().color(&WHITE);
    for (i, h) in handoffs.iter().enumerate() {
        let mut spans = vec![(1.0, h.received, h.done)];
        if h.sent - h.called > 0.03 {
            spans.push((0.0, h.called, h.sent));
        }
        for (row, from, to) in spans {
            let at = ((from + to) / 2.0, row + 0.5);
            let style = anchored(white.clone(), HPos::Center);
            chart.draw_series([Text::new((i + 1).to_string(), at, style)])?;
        }
    }
    Ok(())
}

/// 文字以哪里对齐到给定的坐标：左端、中间或右端，竖直方向都是正中。
fn anchored(style: TextStyle<'_>, horizontal: HPos) -> TextStyle<'_> {
    style.pos(Pos::new(horizontal, VPos::Center))
}
