//! 三张图共用的部分：时间线上的一段、横轴的秒、“泳道图”和文字的对齐方式。
use std::path::Path;
use std::time::Duration;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// 时间线上的一段：第几行、从第几秒到第几秒。
pub struct Span {
    pub row: usize,
    pub start: f64,
    pub end: f64,
    pub label: String,
}

/// 图上的横坐标：秒。
pub fn secs(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64()
}

/// 画一张“泳道图”：纵轴每行一条泳道（`lanes` 是它们的名字），横轴是秒。
/// `size` 是图的高度和左边名字区的宽度；`draw` 在坐标系里画具体的内容。
pub fn lane_chart(
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
            .label_style(("sans-serif", 16))
            .draw()?;
        draw(&mut chart)?;
        root.present()?;
        Ok(())
    })();
    result.map_err(|e| format!("无法画 {}：{e}", path.display()))
}

pub type Chart<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// 泳道图纵轴上 `y` 处的刻度文字：泳道的名字写在每条泳道的正中（y = 行号 + 0.5），
/// 其余刻度不写字。
pub fn lane_name<'a>(lanes: &[&'a str], y: f64) -> &'a str {
    let row = y - 0.5;
    let index = row.round();
    let centered = (row - index).abs() < 1e-6 && index >= 0.0;
    let name = lanes.get(index as usize).filter(|_| centered);
    name.copied().unwrap_or_default()
}

/// 文字以哪里对齐到给定的坐标：左端、中间或右端，竖直方向都是正中。
pub fn anchored(style: TextStyle<'_>, horizontal: HPos) -> TextStyle<'_> {
    style.pos(Pos::new(horizontal, VPos::Center))
}
