//! 结果的数据结构，和它们的 JSON（`machine`、`io`、`cpu` 三部分，字段按声明的顺序）。
use std::io;
use std::path::Path;

use serde::{Serialize, Serializer};

use super::chart::chart_svg;
use super::config::Model;
use super::tables::{cpu_table, io_table, machine_table};

/// 机器的情况，写在结果的开头：别的机器上的数字会不一样。
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub os: String,
    pub rustc: String,
    pub python: Option<String>,
    /// 运行的日期（UTC），形如 `2026-11-25`。
    pub date: String,
    /// 开始时的 1 分钟平均负载（Linux 的 /proc/loadavg）：别的程序也在用 CPU 时，数字会偏慢。
    #[serde(serialize_with = "six_places_or_null")]
    pub load: Option<f64>,
}

/// I/O 阶段的一行结果。
#[derive(Debug, Clone, Serialize)]
pub struct IoResult {
    pub model: Model,
    pub n: usize,
    #[serde(serialize_with = "six_places")]
    pub sleep_s: f64,
    /// 从开始创建到全部结束的墙钟时间。
    #[serde(serialize_with = "six_places")]
    pub wall_s: f64,
    /// 只算“创建”这一步，平均每个单位花的时间。
    #[serde(serialize_with = "six_places")]
    pub spawn_us: f64,
    /// 内存峰值（RSS 的最高水位）；读不到时为 `None`。
    #[serde(serialize_with = "six_places_or_null")]
    pub peak_rss_mb: Option<f64>,
}

/// CPU 阶段的一行结果。
#[derive(Debug, Clone, Serialize)]
pub struct CpuResult {
    pub model: Model,
    pub workers: usize,
    pub bound: u64,
    pub primes: u64,
    #[serde(serialize_with = "six_places")]
    pub wall_s: f64,
    /// 相对同一语言单线程的加速比。
    #[serde(serialize_with = "six_places")]
    pub speedup: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub io: Vec<IoResult>,
    pub cpu: Vec<CpuResult>,
}

/// 测得的秒数、倍数在 JSON 里只留 6 位小数（到微秒）：再往后的位数只是噪声。
/// 不是有限数（不会出现，以防万一）时，serde_json 写成 `null`。
fn six_places<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((x * 1e6).round() / 1e6)
}

fn six_places_or_null<S: Serializer>(x: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => six_places(x, serializer),
        None => serializer.serialize_none(),
    }
}

/// 结果的 JSON（缩进两格，末尾带换行）。
pub fn to_json(report: &Report) -> String {
    let mut json = serde_json::to_string_pretty(report)
        .expect("结果里只有字符串、整数和浮点数，不会序列化失败");
    json.push('\n');
    json
}

/// `--write DIR`：书里引用的结果文件。表格不用 .md 扩展名：book/ 下的 .md 都会被当作章节。
pub fn write_results(report: &Report, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("bench.json"), to_json(report))?;
    std::fs::write(dir.join("machine.table"), machine_table(&report.machine))?;
    std::fs::write(dir.join("io.table"), io_table(report))?;
    std::fs::write(dir.join("cpu.table"), cpu_table(report))?;
    std::fs::write(dir.join("bench.svg"), chart_svg(report)?)?;
    Ok(())
}
