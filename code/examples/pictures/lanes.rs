//! `ch02-lanes-gil.svg` 和 `ch02-lanes-no-gil.svg`：书里数素数的两个程序，Python 的
//! `ch02_02_gil_primes.py`（有 GIL）和 Rust 的 `ch02_05_no_gil`，真实地运行一遍，每个线程
//! 画一条泳道：什么时候在 CPU 上运行、什么时候在等。
//!
//! 采样的做法与 ▶ 的采样器（`code/notebook/src/process/usage.rs`）相同，只是更密（每毫秒
//! 一次）：列出 `/proc/PID/task/` 下的线程，读每个线程的 `schedstat`（在 CPU 上运行了多少
//! 纳秒、在运行队列里等了多少纳秒），两次采样之间的增量除以墙上时间，就是这一小段里它
//! 运行、等 CPU 各占多少。文件打开一次、每次从头重读。只在 Linux 上能画。
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::draw::{Chart, DrawResult, anchored, lane_chart, secs};

/// 两次采样之间隔多久。
const EVERY: Duration = Duration::from_millis(1);

/// 一个线程在两次采样之间的一小段：运行、等 CPU 各占这段时间的几成（0–1）。
pub struct Slice {
    start: f64,
    end: f64,
    run: f64,
    ready: f64,
}

/// 一次运行：每个线程（按出现的先后，主线程在最前）的各小段，和程序打印的文字。
pub struct Recording {
    threads: Vec<Vec<Slice>>,
    end: f64,
    pub output: String,
    /// 画在图上的标题的开头：哪个程序。
    caption: String,
}

impl Recording {
    /// 至少有两个计算线程（主线程以外的线程）同时活着的那段时间里，所有线程合计用了
    /// 几个核（1.0 是一个核）。
    pub fn busy_cores(&self) -> f64 {
        // 同一次采样里，各线程的小段起止相同：按结束时刻归到一起。
        // 结束时刻 → （这段多长，几个计算线程活着，合计运行了多少秒）
        let mut moments: BTreeMap<u64, (f64, usize, f64)> = BTreeMap::new();
        for (index, slices) in self.threads.iter().enumerate() {
            for slice in slices {
                let length = slice.end - slice.start;
                let moment = moments
                    .entry(slice.end.to_bits())
                    .or_insert((length, 0, 0.0));
                moment.1 += usize::from(index > 0); // 第 0 个是主线程，其余是计算线程
                moment.2 += slice.run * length;
            }
        }
        let both = moments.values().filter(|moment| moment.1 >= 2);
        let (wall, run) = both.fold((0.0, 0.0), |(wall, run), m| (wall + m.0, run + m.2));
        if wall > 0.0 { run / wall } else { 0.0 }
    }
}

/// 运行 `python3 code/python/ch02_02_gil_primes.py`。没有 python3 时返回 `None`。
pub fn measure_gil() -> Result<Option<Recording>, String> {
    let mut python = Command::new("python3");
    python
        .arg("code/python/ch02_02_gil_primes.py")
        .current_dir(repo())
        // 与书中输出、▶ 运行 Python 程序时相同：输出不缓冲，不写 __pycache__。
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8");
    match record(python) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("无法运行 python3：{e}")),
        Ok((threads, end, output)) => Ok(Some(Recording {
            threads,
            end,
            output,
            caption: "Python（有 GIL）".into(),
        })),
    }
}

/// 编译并运行 `ch02_05_no_gil`：本程序是 release 构建时（书里的图）用 release 构建，
/// 与书中记录输出时一样；调试构建时（`cargo test` 里）用调试构建，省得再编译一遍依赖。
pub fn measure_no_gil() -> Result<Recording, String> {
    let release = !cfg!(debug_assertions);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.args([
        "build",
        "--quiet",
        "-p",
        "bingfa",
        "--example",
        "ch02_05_no_gil",
    ]);
    if release {
        build.arg("--release");
    }
    let status = build
        .current_dir(repo())
        .status()
        .map_err(|e| format!("无法运行 cargo：{e}"))?;
    if !status.success() {
        return Err("编译 ch02_05_no_gil 失败".into());
    }
    // 本程序在 target/<profile>/examples/ 里，代码单元也是。
    let exe = std::env::current_exe().map_err(|e| format!("找不到本程序：{e}"))?;
    let target = exe.ancestors().nth(3).ok_or("找不到 target 目录")?;
    let profile = if release { "release" } else { "debug" };
    let cell = target.join(profile).join("examples").join("ch02_05_no_gil");
    let mut program = Command::new(&cell);
    program.current_dir(repo());
    let (threads, end, output) =
        record(program).map_err(|e| format!("无法运行 {}：{e}", cell.display()))?;
    let build = if release {
        "release 构建"
    } else {
        "调试构建"
    };
    Ok(Recording {
        threads,
        end,
        output,
        caption: format!("Rust（没有 GIL，{build}）"),
    })
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// 线程号 → 它在结果里的位置、它的 `schedstat`、上一次读到的运行和等待纳秒数。
struct Tracked {
    index: usize,
    schedstat: File,
    run_ns: u64,
    queue_ns: u64,
}

/// 启动程序，每 [`EVERY`] 读一次它每个线程的 `schedstat`，直到它结束。
fn record(mut command: Command) -> std::io::Result<(Vec<Vec<Slice>>, f64, String)> {
    let mut child = command.stdout(Stdio::piped()).spawn()?;
    let t0 = Instant::now();
    let pid = child.id();
    let mut tracked: BTreeMap<u32, Tracked> = BTreeMap::new();
    let mut threads: Vec<Vec<Slice>> = Vec::new();
    let mut previous = 0.0;
    let mut buffer = [0; 256];
    while child.try_wait()?.is_none() {
        let now = secs(t0.elapsed());
        let wall_ns = (now - previous) * 1e9;
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            break;
        };
        let mut tids: Vec<u32> = tasks
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
            .collect();
        // 主线程的号等于进程号，最小；之后的线程按号的大小就是出现的先后。
        tids.sort();
        for tid in tids {
            let thread = match tracked.entry(tid) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    let path = format!("/proc/{pid}/task/{tid}/schedstat");
                    let Ok(schedstat) = File::open(path) else {
                        continue;
                    };
                    threads.push(Vec::new());
                    new.insert(Tracked {
                        index: threads.len() - 1,
                        schedstat,
                        run_ns: 0,
                        queue_ns: 0,
                    })
                }
            };
            let Ok(n) = thread.schedstat.read_at(&mut buffer, 0) else {
                continue; // 线程刚好结束了
            };
            let text = String::from_utf8_lossy(&buffer[..n]);
            let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
            let (Some(Some(run_ns)), Some(Some(queue_ns))) = (fields.next(), fields.next()) else {
                continue;
            };
            // 份额先不截到 1：见 [`settle`]。
            let share = |ns: u64| ns as f64 / wall_ns;
            let run = share(run_ns.saturating_sub(thread.run_ns));
            let ready = share(queue_ns.saturating_sub(thread.queue_ns));
            thread.run_ns = run_ns;
            thread.queue_ns = queue_ns;
            threads[thread.index].push(Slice {
                start: previous,
                end: now,
                run,
                ready,
            });
        }
        previous = now;
        thread::sleep(EVERY);
    }
    let output = child.wait_with_output()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    for slices in &mut threads {
        settle(slices);
    }
    Ok((threads, previous, text))
}

/// 内核不是时时刻刻都在记账：一个一直在算、没被切换下去的线程，用掉的 CPU 时间在时钟
/// 中断时（每 1 到 10 毫秒一次，看内核的设置）才一次记上，等 CPU 的时间在它拿到 CPU 时才记上。所以在
/// 1 毫秒的小段里，常常是几段什么也没记、接着一段记了好几毫秒。多出一整段的部分属于
/// 前面那几段：往前补回去，每段最多补满。补不下的（例如线程出现之前用的）丢掉。
fn settle(slices: &mut [Slice]) {
    for i in 0..slices.len() {
        let length = |s: &Slice| s.end - s.start;
        for ready in [false, true] {
            let share = |s: &Slice| if ready { s.ready } else { s.run };
            let mut excess = (share(&slices[i]) - 1.0).max(0.0) * length(&slices[i]);
            if ready {
                slices[i].ready = slices[i].ready.min(1.0 - slices[i].run);
            } else {
                slices[i].run = slices[i].run.min(1.0);
            }
            for earlier in slices[..i].iter_mut().rev() {
                if excess <= 0.0 {
                    break;
                }
                let room = (1.0 - earlier.run - earlier.ready).max(0.0) * length(earlier);
                let added = room.min(excess);
                excess -= added;
                if ready {
                    earlier.ready += added / length(earlier);
                } else {
                    earlier.run += added / length(earlier);
                }
            }
        }
    }
}

pub fn draw(path: &Path, recording: &Recording) -> Result<(), String> {
    // 第一行是图例，最后一行是合计。
    let mut names = vec![String::new(), "主线程".to_string()];
    names.extend((1..recording.threads.len()).map(|i| format!("线程 {i}")));
    names.push("合计 CPU".into());
    let lanes: Vec<&str> = names.iter().map(String::as_str).collect();
    let total_row = recording.threads.len() as f64 + 1.0;
    let end = (recording.end * 20.0).ceil() / 20.0;
    let height = 140 + 56 * lanes.len() as u32;
    let caption = format!(
        "{}：两个线程都在算时，合计 CPU {:.0}%（实测）",
        recording.caption,
        recording.busy_cores() * 100.0
    );
    lane_chart(path, (height, 130), &caption, &lanes, end, |chart| {
        let run_color = RGBColor(52, 168, 83);
        let ready_color = RGBColor(251, 188, 4);
        let grey = RGBColor(150, 150, 150);
        legend(chart, end, [run_color, ready_color, grey])?;
        for (row, slices) in recording.threads.iter().enumerate() {
            let middle = row as f64 + 1.5;
            // 线程活着的这段时间：一条细线，上面画它运行（绿）和等 CPU（黄）的时候。
            if let (Some(first), Some(last)) = (slices.first(), slices.last()) {
                let line = [(first.start, middle), (last.end, middle)];
                chart.draw_series([PathElement::new(line, grey.stroke_width(1))])?;
            }
            // 每一小段是一根柱子：高度是这段时间里运行（和等 CPU）所占的份额。
            let bottom = middle + 0.35;
            let full = 0.7;
            for slice in merged(slices) {
                let top = bottom - slice.run * full;
                if slice.run > 0.0 {
                    let bar = [(slice.start, top), (slice.end, bottom)];
                    chart.draw_series([Rectangle::new(bar, run_color.filled())])?;
                }
                if slice.ready > 0.0 {
                    let bar = [(slice.start, top - slice.ready * full), (slice.end, top)];
                    chart.draw_series([Rectangle::new(bar, ready_color.filled())])?;
                }
            }
        }

        // 最后一行：所有线程合计用了几个核（按 10 毫秒平均），虚线是 100% 和 200%。
        let level = |cores: f64| total_row + 0.9 - cores * 0.38;
        for cores in [1.0, 2.0] {
            let line = [(0.0, level(cores)), (end, level(cores))];
            chart.draw_series([DashedPathElement::new(line, 4, 4, grey.stroke_width(1))])?;
            let label = format!("{}%", cores * 100.0);
            let font = anchored(("sans-serif", 16).into_font().color(&grey), HPos::Right);
            chart.draw_series([Text::new(label, (end, level(cores) - 0.08), font)])?;
        }
        let points = total_cpu(recording, 0.01);
        let line = points.iter().map(|&(t, cores)| (t, level(cores)));
        chart.draw_series([PathElement::new(
            line.collect::<Vec<_>>(),
            run_color.stroke_width(2),
        )])?;
        Ok(())
    })
}

/// 第一行的图例：绿色、黄色的小方块和灰色的细线各是什么。
fn legend(chart: &mut Chart<'_>, end: f64, [run, ready, grey]: [RGBColor; 3]) -> DrawResult {
    let items = [
        (run, "在 CPU 上运行"),
        (ready, "能运行，在等空闲的核心"),
        (grey, "在等待（GIL、锁、join、sleep）"),
    ];
    let mut x = end * 0.01;
    for (index, (color, text)) in items.into_iter().enumerate() {
        let width = end * 0.025;
        if index < 2 {
            let swatch = [(x, 0.3), (x + width, 0.7)];
            chart.draw_series([Rectangle::new(swatch, color.filled())])?;
        } else {
            let line = [(x, 0.5), (x + width, 0.5)];
            chart.draw_series([PathElement::new(line, color.stroke_width(1))])?;
        }
        let font = anchored(("sans-serif", 16).into_font().color(&BLACK), HPos::Left);
        chart.draw_series([Text::new(text, (x + width * 1.4, 0.5), font)])?;
        // 每一项占的宽度按字数估计（16 像素的字，图宽约 700 像素）。
        x += width * 1.4 + end * (text.chars().count() as f64 * 16.0 + 28.0) / 700.0;
    }
    Ok(())
}

/// 相邻、份额相同（以 5% 为单位）的小段合成一段：画出来一样，SVG 小得多。
fn merged(slices: &[Slice]) -> Vec<Slice> {
    let step = |share: f64| (share * 20.0).round() / 20.0;
    let mut out: Vec<Slice> = Vec::new();
    for slice in slices {
        let (run, ready) = (step(slice.run), step(slice.ready));
        match out.last_mut() {
            Some(last) if last.run == run && last.ready == ready && last.end == slice.start => {
                last.end = slice.end;
            }
            _ => out.push(Slice {
                start: slice.start,
                end: slice.end,
                run,
                ready,
            }),
        }
    }
    out
}

/// 每 `window` 秒里，所有线程合计用了几个核。
fn total_cpu(recording: &Recording, window: f64) -> Vec<(f64, f64)> {
    let buckets = (recording.end / window).ceil() as usize + 1;
    let mut busy = vec![0.0; buckets];
    for slice in recording.threads.iter().flatten() {
        // 一小段（1 毫秒左右）整个记在它结束时所在的那一格里。
        let bucket = ((slice.end / window) as usize).min(buckets - 1);
        busy[bucket] += slice.run * (slice.end - slice.start);
    }
    busy.iter()
        .enumerate()
        .map(|(i, run)| ((i as f64 + 0.5) * window, run / window))
        .collect()
}
