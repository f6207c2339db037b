//! 结果的数据结构，和它们的 JSON（`machine`、`io`、`cpu` 三部分，字段按声明的顺序）。
use serde::Serialize;

use super::config::Model;
use super::format::{six_places, six_places_or_null};
use super::machine::Machine;

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

/// 结果的 JSON（缩进两格，末尾带换行）。
pub fn to_json(report: &Report) -> String {
    let mut json = serde_json::to_string_pretty(report)
        .expect("结果里只有字符串、整数和浮点数，不会序列化失败");
    json.push('\n');
    json
}
