//! `ch02-backpressure.svg`：有界通道 `sync_channel(3)` 连着一个快生产者和一个慢消费者，
//! 上面是通道里等着的消息数，下面是两边各自在干活、还是卡在 `send` 里等空位。
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::draw::{DrawResult, anchored, lane_name, secs};

/// 通道的容量、一共发几条、生产一条和处理一条各要多久。
const CAPACITY: usize = 3;
const ITEMS: usize = 12;
const PRODUCE: Duration = Duration::from_millis(10);
const CONSUME: Duration = Duration::from_millis(100);

/// 一条消息经历的时刻（秒）：开始生产、调用 `send`、`send` 返回、`recv` 返回、处理完。
pub struct Handoff {
    produced: f64,
    called: f64,
    sent: f64,
    received: f64,
    done: f64,
}

/// 让生产者和消费者真的跑一遍，记下每条消息经历的时刻。
pub fn measure() -> Vec<Handoff> {
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

pub fn draw(path: &Path, handoffs: &[Handoff]) -> Result<(), String> {
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
            let font = ("sans-serif", 16).into_font().color(&BLACK);
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
        .label_style(("sans-serif", 16))
        .draw()?;

    let red = RGBColor(200, 40, 40);
    let ceiling = [(0.0, full), (end, full)];
    chart.draw_series([DashedPathElement::new(ceiling, 6, 4, red.stroke_width(1))])?;
    let text = format!("容量 {CAPACITY}：满了，send 就得等");
    let font = ("sans-serif", 16).into_font().color(&red);
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
    let font = ("sans-serif", 16).into_font().color(&BLACK);
    let at = (sent + 0.02, full + 0.4);
    chart.draw_series([Text::new(text, at, anchored(font, HPos::Left))])?;
    Ok(())
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
        .label_style(("sans-serif", 16))
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
    let white = ("sans-serif", 16).into_font().color(&WHITE);
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
