//! 父子进程之间的报告：每个阶段（不论 Rust 的还是 `bench.py` 的）最后打印一行
//! `key=value key=value …`，比如 `wall_s=0.51 spawn_s=0.02 rss_kb=12345`。
//! 这里只管解析；写这一行的是 `stages` 和 `code/python/bench.py`。
use std::collections::HashMap;
use std::io;

/// 解析子进程报告的最后一行：`wall_s=0.51 spawn_s=0.02 rss_kb=12345`。
pub fn parse_fields(text: &str) -> io::Result<HashMap<String, String>> {
    let last = text.lines().last().unwrap_or_default();
    let fields: HashMap<String, String> = last
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if fields.is_empty() {
        return Err(io::Error::other(format!("看不懂阶段的报告：{text:?}")));
    }
    Ok(fields)
}

/// 报告里的一个数。
pub fn number(fields: &HashMap<String, String>, key: &str) -> io::Result<f64> {
    fields
        .get(key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| io::Error::other(format!("阶段的报告里缺少 {key}：{fields:?}")))
}
