//! 第 1 章的补充测试：跨进程队列不丢不重、不留下子进程。
//! 参数校验对所有代码单元一起检查，见 `reliability.rs`。

use std::collections::BTreeMap;

use notebook::outputs;

#[test]
fn queue_with_4_workers_and_1000_jobs_delivers_every_result_exactly_once() {
    let output = outputs::run_with_args("ch01_08_queue", &["4", "1000"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{}\n{stderr}", output.status);

    // 四个不同的工作进程。
    let pids: Vec<u32> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("工作进程 进程号 "))
        .map(|rest| rest.trim_end_matches(" 已启动").parse().unwrap())
        .collect();
    let mut distinct = pids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{pids:?}");

    // 每个作业恰好一个结果，且结果正确：自己数一遍，不依赖示例的自检。
    let mut seen: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("作业 ") {
            let (job, result) = rest.split_once(" → ").unwrap();
            let job: u64 = job.parse().unwrap();
            seen.entry(job).or_default().push(result.parse().unwrap());
        }
    }
    assert_eq!(seen.len(), 1000, "收到的作业编号个数不对");
    for (job, results) in &seen {
        assert!((1..=1000).contains(job), "多出来的作业 {job}");
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
    let output = outputs::run_with_args("ch01_11_kill_on_drop", &[]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let pids: Vec<u32> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("清理：子进程 进程号 "))
        .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
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
