//! 几个测试共用：本进程名下的子进程（读 Linux 的 `/proc`）。
//!
//! 测试先把自己设为“子进程收割者”（`PR_SET_CHILD_SUBREAPER`），示例或工具留下的孤儿
//! 就过继到测试进程名下，在这里一查便知。

/// 本进程名下的一个子进程。
#[derive(Debug)]
pub struct Child {
    pub pid: u32,
    /// `/proc/PID/stat` 的状态字母：`R`、`S`……，`Z` 是已经结束、还没回收的僵尸。
    pub state: char,
    /// 命令行，看得出是哪个程序留下的。
    pub cmdline: String,
}

/// 父进程号是本进程的所有进程（`/proc/*/stat` 的第 3、4 个字段）。
pub fn children() -> Vec<Child> {
    let me = std::process::id();
    let mut children = Vec::new();
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
        if fields.next().and_then(|s| s.parse().ok()) != Some(me) {
            continue;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        children.push(Child {
            pid,
            state,
            cmdline,
        });
    }
    children
}
