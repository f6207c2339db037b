//! 几个测试共用：本进程名下的子进程（读 Linux 的 `/proc`）。
//!
//! 测试先把自己设为“子进程收割者”（`PR_SET_CHILD_SUBREAPER`），示例或工具留下的孤儿
//! 就过继到测试进程名下，在这里一查便知。

// 每个引入本模块的测试只用其中一部分。
#![allow(dead_code)]

/// 一个进程（读自 `/proc/PID/stat`）。
#[derive(Debug)]
pub struct Child {
    pub pid: u32,
    /// `/proc/PID/stat` 的状态字母：`R`、`S`……，`Z` 是已经结束、还没回收的僵尸。
    pub state: char,
    /// 父进程号。
    pub parent: u32,
    /// 进程组号。
    pub group: u32,
    /// 命令行，看得出是哪个程序留下的。
    pub cmdline: String,
}

/// 机器上所有的进程（`/proc/*/stat` 的第 3、4、5 个字段：状态、父进程号、进程组号）。
pub fn processes() -> Vec<Child> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // 进程可能刚好退出：读不到就跳过。
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // 第 2 个字段是括号里的程序名，可能含空格：从最后一个 ')' 之后开始数。
        let mut fields = stat[stat.rfind(')').unwrap() + 2..].split(' ');
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        let mut number = || fields.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let (parent, group) = (number(), number());
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        all.push(Child {
            pid,
            state,
            parent,
            group,
            cmdline,
        });
    }
    all
}

/// 父进程是本进程的所有进程。
pub fn children() -> Vec<Child> {
    let me = std::process::id();
    processes().into_iter().filter(|p| p.parent == me).collect()
}
