//! 所有代码单元共同的约定：不认识的参数以退出码 2 拒绝；Ctrl-C 时干净地停下。
//!
//! 每个示例不留下进程的检查在 `no_leftovers.rs`：它要独占一个测试进程。

use std::process::Command;

use notebook::outputs;

/// 全部代码单元（包括练习的参考答案）。
fn chapter_cells() -> Vec<String> {
    let cells: Vec<String> = notebook::outputs::cells()
        .unwrap()
        .into_iter()
        .map(|cell| cell.name)
        .collect();
    assert!(cells.len() > 50, "只找到 {} 个代码单元", cells.len());
    cells
}

/// 示例的参数各有各的合法取值；这里列出每个接受参数的示例的错误用法和应有的提示。
/// 其余示例不需要参数，多给一个就要被拒绝。
const BAD_ARGUMENTS: &[(&str, &[&str], &str)] = &[
    (
        "ch01_08_queue",
        &["abc"],
        "工作进程数必须是 1 到 16 之间的整数，收到 `abc`",
    ),
    (
        "ch01_08_queue",
        &["0"],
        "工作进程数必须是 1 到 16 之间的整数，收到 `0`",
    ),
    (
        "ch01_08_queue",
        &["17"],
        "工作进程数必须是 1 到 16 之间的整数，收到 `17`",
    ),
    (
        "ch01_08_queue",
        &["2", "-5"],
        "作业数必须是 1 到 100000 之间的整数，收到 `-5`",
    ),
    ("ch01_08_queue", &["2", "3", "4"], "最多两个参数"),
];

#[test]
fn every_cell_refuses_a_bad_argument_with_exit_code_2() {
    let mut cases: Vec<(String, Vec<&str>, String)> = BAD_ARGUMENTS
        .iter()
        .map(|(name, args, message)| (name.to_string(), args.to_vec(), message.to_string()))
        .collect();
    for name in chapter_cells() {
        if !BAD_ARGUMENTS.iter().any(|(n, ..)| *n == name) {
            cases.push((
                name,
                vec!["5"],
                "不认识的参数 `5`，这个例子不需要参数".into(),
            ));
        }
    }

    let mut problems = Vec::new();
    for (name, args, message) in &cases {
        let output = outputs::run_with_args(name, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(2) || !stderr.contains(message.as_str()) {
            problems.push(format!(
                "{name} {args:?}：{}，stderr：{stderr}",
                output.status
            ));
        } else if !output.stdout.is_empty() {
            problems.push(format!("{name} {args:?}：出错时不该开始工作"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// 在终端里按 Ctrl-C，SIGINT 会发给整个前台进程组。这里照样做：示例在自己的进程组里
/// 启动，两个“下载”子进程就绪后向整组发 SIGINT。父进程应当回收子进程、报告中断，
/// 以退出码 130 结束；之后两个子进程都已不存在（回收过的进程连僵尸都不会留下）。
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_process_download_and_reaps_its_children() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    // 真实的时间比例：子进程要“下载”5 到 10 秒，Ctrl-C 一定赶在它们结束之前。
    let mut child = Command::new(bingfa::check::built_example("ch01_04_download_processes"))
        .env_remove(bingfa::TIME_SCALE_VAR)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let parent = child.id();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("父进程：进程号"), "{first}");

    // 等两个子进程都已 exec 成“download”角色：在那之前它们还带着父进程的信号处理。
    let deadline = Instant::now() + Duration::from_secs(10);
    let downloads = loop {
        let found: Vec<u32> = outputs::children_of(parent)
            .into_iter()
            .filter(|pid| cmdline(*pid).contains("download"))
            .collect();
        if found.len() == 2 {
            break found;
        }
        assert!(Instant::now() < deadline, "10 秒内没有等到两个子进程");
        std::thread::sleep(Duration::from_millis(5)); // 轮询，有上限；不是“睡一会儿碰运气”
    };

    // SAFETY: kill(2) 只是发一个信号；负的进程号表示整个进程组。
    let sent = unsafe { libc::kill(-(parent as i32), libc::SIGINT) };
    assert_eq!(sent, 0, "发送 SIGINT 失败");
    let started = Instant::now();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();

    assert_eq!(status.code(), Some(130), "{status}，stderr：{stderr}");
    assert!(stderr.contains("收到 Ctrl-C：下载中止"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "Ctrl-C 之后没有很快退出"
    );
    for pid in downloads {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "子进程 {pid} 还在"
        );
    }
}

/// 单进程的“下载”（依次、两个线程、两个异步任务）：Ctrl-C 时说一句“下载中止”，
/// 以退出码 130 结束。线程和任务随进程一起结束，不需要别的清理。
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_single_process_downloads_with_a_summary() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    for name in [
        "ch01_03_download_sequential",
        "ch02_05_download",
        "ch03_04_download",
    ] {
        // 真实的时间比例：每个下载要 5 到 10 秒，Ctrl-C 一定赶在它们结束之前。
        let mut child = Command::new(bingfa::check::built_example(name))
            .env_remove(bingfa::TIME_SCALE_VAR)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // 读到第一行“开始下载”时，Ctrl-C 的处理已经注册好了。
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.starts_with("开始下载") {
            line.clear();
            assert_ne!(
                stdout.read_line(&mut line).unwrap(),
                0,
                "{name} 没有开始下载"
            );
        }
        // SAFETY: kill(2) 只是向这个子进程发一个信号。
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
        let started = Instant::now();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(
            status.code(),
            Some(130),
            "{name}：{status}，stderr：{stderr}"
        );
        assert!(stderr.contains("收到 Ctrl-C：下载中止"), "{name}：{stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{name} 没有很快退出"
        );
    }
}

#[cfg(target_os = "linux")]
fn cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default()
}
