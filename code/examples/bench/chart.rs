//! 书里的图：用 plotters 画两幅横向条形图，写成 SVG。
use std::io;

use plotters::prelude::{RGBColor, Rectangle, SegmentValue};

use super::format::thousands;
use super::report::Report;

/// 条形图纵轴上最后一格的序号（至少为 1，免得坐标范围是空的）。
fn last_index<T>(rows: &[T]) -> usize {
    rows.len().saturating_sub(1).max(1)
}

const RUST_COLOR: RGBColor = RGBColor(0xb7, 0x41, 0x0e);
const PYTHON_COLOR: RGBColor = RGBColor(0x30, 0x69, 0x98);

/// 条形图的一行行横条：`rows` 是（标签，数值，是否 Python），横条从 `start` 画到数值，
/// 第一行画在最上面，Python 的用另一种颜色。
fn bars(
    rows: &[(String, f64, bool)],
    start: f64,
) -> impl Iterator<Item = Rectangle<(f64, SegmentValue<usize>)>> + '_ {
    use plotters::style::Color as _;
    rows.iter().enumerate().map(move |(i, (_, value, python))| {
        let i = last_index(rows) - i;
        let color = if *python { PYTHON_COLOR } else { RUST_COLOR };
        let mut bar = Rectangle::new(
            [
                (start, SegmentValue::Exact(i)),
                (*value, SegmentValue::Exact(i + 1)),
            ],
            color.filled(),
        );
        bar.set_margin(4, 4, 0, 0);
        bar
    })
}

/// 用 plotters 画两幅横向条形图：左边是 I/O 阶段每个执行单元占的内存（对数坐标），
/// 右边是 CPU 阶段的加速比。返回 SVG 文本。
///
/// 字号：图宽 960，书页的正文栏只有 750 像素宽，图按 0.78 缩小；plotters 写进 SVG 的字号
/// 又是这里给的 0.81 倍。标签写 18，页面上约 11 像素，是还看得清的最小字号
/// （浏览器测试量的就是这个）。
pub fn chart_svg(report: &Report) -> io::Result<String> {
    use plotters::prelude::*;

    let font = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        let draw_error = |e: DrawingAreaErrorKind<_>| io::Error::other(format!("画图失败：{e}"));
        root.fill(&WHITE).map_err(draw_error)?;
        let (left, right) = root.split_horizontally(480);

        // 左：每个单位约占多少 KB 内存。
        let io: Vec<(String, f64, bool)> = report
            .io
            .iter()
            .filter_map(|r| {
                let kb = r.peak_rss_mb? * 1024.0 / r.n as f64;
                let label = format!("{} ×{}", r.model.label(), thousands(r.n as u64));
                Some((label, kb, r.model.is_python()))
            })
            .collect();
        let max_kb = io.iter().map(|r| r.1).fold(1.0, f64::max) * 3.0;
        let mut chart = ChartBuilder::on(&left)
            .caption("I/O：每个执行单元约占内存（KB，对数坐标）", (font, 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(215)
            .build_cartesian_2d(
                (0.1f64..max_kb).log_scale(),
                (0..last_index(&io)).into_segmented(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(io.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => io
                    .get(last_index(&io) - i)
                    .map_or(String::new(), |r| r.0.clone()),
                _ => String::new(),
            })
            .x_label_formatter(&|x| format!("{x}"))
            .label_style((font, 18))
            .draw()
            .map_err(draw_error)?;
        chart.draw_series(bars(&io, 0.1)).map_err(draw_error)?;

        // 右：相对单线程的加速比。
        let cpu: Vec<(String, f64, bool)> = report
            .cpu
            .iter()
            .map(|r| {
                let label = format!("{} ×{}", r.model.label(), r.workers);
                (label, r.speedup, r.model.is_python())
            })
            .collect();
        let max_speedup = cpu.iter().map(|r| r.1).fold(1.0, f64::max).ceil() + 0.5;
        let mut chart = ChartBuilder::on(&right)
            .caption("CPU：相对单线程的加速比", (font, 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(235)
            .build_cartesian_2d(0f64..max_speedup, (0..last_index(&cpu)).into_segmented())
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(cpu.len().max(1))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => cpu
                    .get(last_index(&cpu) - i)
                    .map_or(String::new(), |r| r.0.clone()),
                _ => String::new(),
            })
            .label_style((font, 18))
            .draw()
            .map_err(draw_error)?;
        chart.draw_series(bars(&cpu, 0.0)).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}
