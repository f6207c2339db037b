//! 机器的情况：核数、CPU 型号、操作系统、rustc 和 Python 的版本、日期、平均负载。
use std::env;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use serde::Serialize;

use super::config::{Config, cores};
use super::format::six_places_or_null;

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

pub fn machine(config: &Config) -> Machine {
    let first_line = |program: &Path, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                // Python 3.11 把版本打印到标准输出；更早的版本打印到标准错误。
                let text = [o.stdout, o.stderr].concat();
                String::from_utf8_lossy(&text)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
    };
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(" {}", k.trim()))
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "未知".into());
    Machine {
        cores: cores(),
        cpu,
        os: format!("{} {}{kernel}", env::consts::OS, env::consts::ARCH),
        rustc: first_line(Path::new("rustc"), "--version").unwrap_or_else(|| "未知".into()),
        python: config
            .python
            .as_ref()
            .and_then(|p| first_line(p, "--version")),
        date: utc_date(SystemTime::now()),
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next()?.parse().ok()),
    }
}

/// 某一时刻在 UTC 是哪一天，形如 `2026-11-25`（`time` 的 `Date` 就这样显示）。
pub fn utc_date(at: SystemTime) -> String {
    time::OffsetDateTime::from(at).date().to_string()
}
