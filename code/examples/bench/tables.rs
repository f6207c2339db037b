//! 书里的三张 Markdown 表格：机器、I/O 阶段、CPU 阶段。
use std::fmt::Write as _;

use super::format::thousands;
use super::machine::Machine;
use super::report::Report;

pub fn machine_table(m: &Machine) -> String {
    let python = m.python.as_deref().unwrap_or("（没有运行）");
    let load = m.load.map_or("—".into(), |l| format!("{l:.2}"));
    format!(
        "| 项目 | 值 |\n|---|---|\n| 日期（UTC） | {} |\n| CPU | {}，{} 核 |\n| 操作系统 | {} |\n| Rust | {} |\n| Python | {} |\n| 开始时的平均负载（1 分钟） | {} |\n",
        m.date, m.cpu, m.cores, m.os, m.rustc, python, load
    )
}

pub fn io_table(report: &Report) -> String {
    let mut out = String::from(
        "| 模型 | 并发数 | 墙钟时间（秒） | 相对理想时间（倍） | 每个的创建时间（µs） | 内存峰值（MB） | 每个约占内存（KB） |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in &report.io {
        let (peak, per_unit) = match r.peak_rss_mb {
            Some(mb) => (
                format!("{mb:.1}"),
                format!("{:.1}", mb * 1024.0 / r.n as f64),
            ),
            None => ("—".into(), "—".into()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {:.2} | {:.1} | {peak} | {per_unit} |",
            r.model.label(),
            thousands(r.n as u64),
            r.wall_s,
            r.wall_s / r.sleep_s,
            r.spawn_us,
        );
    }
    out
}

pub fn cpu_table(report: &Report) -> String {
    let mut out = String::from(
        "| 模型 | 工作线程数 | 上限 | 素数个数 | 用时（秒） | 加速比 |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for r in &report.cpu {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {:.2} |",
            r.model.label(),
            r.workers,
            thousands(r.bound),
            thousands(r.primes),
            r.wall_s,
            r.speedup
        );
    }
    out
}
