//! 第 1 章的补充测试：跨进程队列不丢不重、不留下子进程。

use std::collections::BTreeMap;

/// 运行一个编译好的示例，等它结束（`output` 会等子进程退出），返回全部输出。
fn run(name: &str) -> std::process::Output {
    std::process::Command::new(bingfa::check::built_example(name))
        .output()
        .unwrap_or_else(|e| panic!("无法运行 {name}：{e}"))
}

#[test]
fn the_queue_delivers_every_result_exactly_once() {
    let output = run("ch01_10_queue");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}\n{stderr}", output.status);

    // 三个不同的工作进程（示例里的 WORKERS），依次编号 1、2、3。
    let started: Vec<(usize, u32)> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("工作进程 ")?.strip_suffix("）已启动"))
        .map(|rest| {
            let (number, pid) = rest.split_once("（进程号 ").unwrap();
            (number.parse().unwrap(), pid.parse().unwrap())
        })
        .collect();
    let numbers: Vec<usize> = started.iter().map(|&(n, _)| n).collect();
    assert_eq!(numbers, [1, 2, 3], "{stdout}");
    let pids: Vec<u32> = started.iter().map(|&(_, pid)| pid).collect();
    let mut distinct = pids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{pids:?}");

    // 每个作业恰好一个结果，且结果正确：自己数一遍，不依赖示例的自检。
    // 父进程按固定顺序轮流收发，所以分工也是确定的：作业 k 归工作进程 (k-1)%3+1。
    let mut seen: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("工作进程 ") else {
            continue;
        };
        let Some((number, rest)) = rest.split_once("：作业 ") else {
            continue;
        };
        let (job, result) = rest.split_once(" → ").unwrap();
        let job: u64 = job.parse().unwrap();
        let number: u64 = number.parse().unwrap();
        assert_eq!(number, (job - 1) % 3 + 1, "作业 {job} 由谁来做：{line}");
        seen.entry(job).or_default().push(result.parse().unwrap());
    }
    assert_eq!(seen.len(), 8, "收到的作业编号个数不对（示例里的 JOBS）");
    for (job, results) in &seen {
        assert!((1..=8).contains(job), "多出来的作业 {job}");
        assert_eq!(results, &vec![job * job], "作业 {job} 的结果");
    }

    // 示例退出前回收了所有工作进程：在 Linux 上，它们的 /proc 条目都已消失。
    #[cfg(target_os = "linux")]
    for pid in pids {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "工作进程 {pid} 还在"
        );
    }
}

/// 父进程出错提前返回时，守卫杀掉并回收了两个子进程：它们已经不在了。
#[test]
fn kill_on_drop_leaves_no_child_behind() {
    let output = run("ch01_13_kill_on_drop");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let pids: Vec<u32> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("清理：子进程（进程号 "))
        .map(|rest| rest.split('）').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 2, "{stdout}");
    #[cfg(target_os = "linux")]
    for pid in pids {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "子进程 {pid} 还在"
        );
    }
}
