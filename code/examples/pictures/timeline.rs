//! `ch03-download-timeline.svg`：“下载”两个文件，顺序执行、两个进程、两个线程、
//! 两个异步任务各做一遍。两个进程的做法把本程序再启动两次，子进程的角色是 [`download`]。
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use plotters::prelude::*;

use super::draw::{Span, lane_chart, secs};

/// 两个文件各“下载”多少毫秒。
const DOWNLOADS: [(&str, u64); 2] = [("文件 A", 1400), ("文件 B", 1000)];

const ROWS: [&str; 4] = ["顺序执行", "两个进程", "两个线程", "两个异步任务"];

/// 子进程的角色：下载 `millis` 毫秒，打印起止时刻（自 `epoch_ms` 起的毫秒数）。
pub fn download(millis: u64, epoch_ms: u128) {
    let start = unix_ms() - epoch_ms;
    thread::sleep(Duration::from_millis(millis));
    println!("{start} {}", unix_ms() - epoch_ms);
}

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("系统时间早于 1970 年")
        .as_millis()
}

/// 四种做法各“下载”一遍，量出每次下载的起止时刻。
pub fn measure() -> Result<Vec<Span>, String> {
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

pub fn draw(path: &Path, spans: &[Span]) -> Result<(), String> {
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
            let font = ("sans-serif", 16).into_font().color(&WHITE);
            chart.draw_series([Text::new(text, (span.start + 0.1, top + 0.06), font)])?;
        }
        Ok(())
    })
}
