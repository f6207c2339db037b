//! 本书的工具保留它们的防护：第 4 章的基准测试（`cargo run --release --example bench`）
//! 跑到一半按 Ctrl-C，杀掉并回收正在运行的阶段（子进程），再被 SIGINT 结束，不留下进程。
//! 参数不对时以退出码 2 结束，由 `code/tests/ch04_bench.rs`、`pictures.rs` 和 `runner.rs`
//! 分别检查 `bench`、`pictures` 和 `notebook serve`。
//!
//! 单独一个测试文件、只有一个测试：它把本进程设为子进程收割者，最后检查没有进程留下。

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

#[test]
fn ctrl_c_stops_the_benchmark_and_leaves_no_process() {
    // SAFETY: prctl 只改变本进程的一个属性。
    let set = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    assert_eq!(set, 0, "无法设为子进程收割者");

    // 像在终端里一样：基准测试自成一个前台进程组，Ctrl-C 的 SIGINT 发给整个组。
    let mut bench = Command::new(bingfa::check::built_example("bench"))
        .args(["--quick", "--no-python"])
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(bench.stderr.take().unwrap());
    let mut log = String::new();
    // 读到第一个阶段开始（“I/O：…”）：这时正有一个阶段的子进程在运行。
    while !log.contains("I/O：") {
        assert_ne!(
            stderr.read_line(&mut log).unwrap(),
            0,
            "基准测试没有开始：{log}"
        );
    }
    // SAFETY: kill(2) 只是发信号；负的进程号表示整个进程组。
    let sent = unsafe { libc::kill(-(bench.id() as i32), libc::SIGINT) };
    assert_eq!(sent, 0, "发送 SIGINT 失败");

    let pressed = Instant::now();
    std::io::Read::read_to_string(&mut stderr, &mut log).unwrap();
    let status = bench.wait().unwrap();
    // 收好尾之后被 SIGINT 结束，而不是以 130 退出：调用它的脚本才会跟着停下。
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status}：{log}");
    assert!(log.contains("已中断"), "{log}");
    // 上面的信号和“已中断”已经说明它响应了 Ctrl-C。按下之后要做的只是杀掉、回收几个
    // 子进程，机器再忙也是毫秒的事；这里只拦“迟迟不退”，给一分钟，不量机器有多闲。
    assert!(
        pressed.elapsed() < Duration::from_secs(60),
        "Ctrl-C 之后 {:?} 才结束",
        pressed.elapsed()
    );

    // 还在运行的进程若是被丢下，会作为孤儿过继到本进程名下。阶段进程启动的进程也收到了
    // 同一个 SIGINT；它们的父进程（阶段进程）被杀之后才死的，会以僵尸的样子过继过来：
    // 那已经不是在运行的进程，回收掉就是。
    // 它们和阶段进程同时收到 SIGINT，可能还没轮到 CPU 去死：给 5 秒，轮询着等。
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let running = running_children();
        if running.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "基准测试留下了还在运行的进程：{:?}",
            running
                .iter()
                .map(|child| format!("{}：{}", child.pid, child.cmdline))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(20)); // 轮询，有上限
    }
}

/// 本进程名下还在运行的子进程；已经结束的（僵尸）顺手回收。
fn running_children() -> Vec<common::Child> {
    let (zombies, running): (Vec<_>, Vec<_>) = common::children()
        .into_iter()
        .partition(|child| child.state == 'Z');
    for zombie in zombies {
        // SAFETY: 回收本进程名下一个已经结束的子进程。
        unsafe { libc::waitpid(zombie.pid as i32, std::ptr::null_mut(), 0) };
    }
    running
}
