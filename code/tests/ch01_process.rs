//! 第 1 章里几句代码单元的输出看不出来的话，在这里证明（只在 Linux 上：用 /proc 看进程的状态）：
//!
//! - 同步版的 `communicate(input)`：一个线程写标准输入，当前线程 `wait_with_output()`，
//!   远超管道缓冲区的数据也不会卡死；
//! - 标准库的 `Child` 被丢弃后，结束了的子进程成为僵尸，没人回收；
//! - tokio 的 `Child` 被丢弃时：设了 `kill_on_drop(true)` 就被杀掉，没设就接着运行；
//!   两种情况下，结束了的子进程都由 tokio 在后台回收，不留下僵尸进程；
//! - 发给一个进程组的 SIGINT，组里的每个进程都收到（终端按 Ctrl-C 就是这样发的）；
//! - `ch01_17_sigint_reraise` 收尾之后真的是被 SIGINT 结束的，对照的写法则以 130 退出。
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use bingfa::check::{built_example, watch};

/// 进程的状态字母（`R`、`S`、`Z` 僵尸……）；进程已经不在（被回收了）时是 `None`。
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // 格式是“pid (命令名) 状态 …”，命令名里可能有空格，所以从最后一个右括号往后找。
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

#[test]
fn a_writer_thread_plus_wait_with_output_is_communicate_with_input() {
    watch("写标准输入和读标准输出互相卡住了", || {
        let input: Vec<u8> = (0..200_000)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        assert!(input.len() > 1 << 20, "数据要远超管道缓冲区（64 KiB）");
        let mut child = Command::new("cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let expected = input.clone();
        let writer = thread::spawn(move || stdin.write_all(&input)); // 线程结束时 stdin 被丢弃
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(output.status.success());
        assert_eq!(output.stdout, expected);
    });
}

/// 轮询 /proc，直到进程消失（被回收）。等的是内核的事件（子进程结束、SIGCHLD），
/// 机器忙不会让它慢上几秒；60 秒还没等到，就是真的没人回收它。
async fn until_reaped(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while state(pid).is_some() {
        assert!(
            Instant::now() < deadline,
            "子进程 {pid} 60 秒后还在：{:?}",
            state(pid)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[test]
fn a_dropped_std_child_is_left_a_zombie() {
    // 对照：标准库的 Child 被丢弃后没人回收，结束了的子进程一直是僵尸（直到测试进程退出）。
    let child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    drop(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while state(pid) != Some('Z') {
        assert!(Instant::now() < deadline, "子进程 {pid}：{:?}", state(pid));
        thread::sleep(Duration::from_millis(10));
    }
    thread::sleep(Duration::from_millis(200));
    assert_eq!(state(pid), Some('Z'), "没有人回收它");
}

#[tokio::test]
async fn tokio_kill_on_drop_kills_and_reaps_in_the_background() {
    let child = tokio::process::Command::new("sleep")
        .arg("60")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let pid = child.id().unwrap();
    assert!(matches!(state(pid), Some('R' | 'S')));
    drop(child);
    until_reaped(pid).await;
}

#[tokio::test]
async fn a_dropped_tokio_child_keeps_running_and_is_reaped_after_it_ends() {
    let child = tokio::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let pid = child.id().unwrap();
    drop(child);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        matches!(state(pid), Some('R' | 'S')),
        "没设 kill_on_drop，丢弃 Child 不该杀掉子进程：{:?}",
        state(pid)
    );
    // 别人把它杀了：没有人再拿着 Child，tokio 照样在后台回收它。
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    until_reaped(pid).await;
}

#[test]
fn sigint_sent_to_a_process_group_reaches_every_process_in_it() {
    watch("子进程没有被 SIGINT 结束", || {
        // 测试若是从后台（`cargo test &`）启动的，SIGINT 被忽略，子进程会继承这一点：
        // 像在终端里一样，让子进程按默认处理 SIGINT。
        let sleeper = |group: i32| {
            let mut command = Command::new("sleep");
            command.arg("10").process_group(group);
            // SAFETY: fork 之后、exec 之前只调用异步信号安全的 signal(2)。
            unsafe {
                command.pre_exec(|| {
                    libc::signal(libc::SIGINT, libc::SIG_DFL);
                    Ok(())
                });
            }
            command.spawn().unwrap()
        };
        let mut first = sleeper(0);
        let group = first.id() as i32;
        let mut second = sleeper(group);
        let sent = Command::new("kill")
            .args(["-INT", "--", &format!("-{group}")])
            .status()
            .unwrap();
        assert!(sent.success());
        for child in [&mut first, &mut second] {
            let status = child.wait().unwrap();
            assert_eq!(status.signal(), Some(2), "{status}");
        }
    });
}

#[test]
fn the_program_that_reraises_sigint_is_ended_by_it_after_cleaning_up() {
    let program = built_example("ch01_17_sigint_reraise");
    // 同一个退出码 130，来历不同：被信号结束时没有退出码，只有信号；自己退出时正相反。
    for (how, signal, code) in [("raise", Some(2), None), ("exit", None, Some(130))] {
        let program = program.clone();
        let output = watch("程序收到 SIGINT 后没有结束", move || {
            let mut child = Command::new(program)
                .arg(how)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut ready = String::new();
            BufReader::new(child.stderr.take().unwrap())
                .read_line(&mut ready)
                .unwrap();
            assert_eq!(ready, "准备好了\n", "程序注册好 SIGINT 之后才说这句");
            // SAFETY: kill(2) 只是给这个子进程发一个信号。
            let sent = unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
            assert_eq!(sent, 0, "发送 SIGINT 失败");
            child.wait_with_output().unwrap()
        });
        assert_eq!(output.status.signal(), signal, "{how}：{}", output.status);
        assert_eq!(output.status.code(), code, "{how}：{}", output.status);
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            "  程序：收到 Ctrl-C，删掉临时文件\n",
            "{how}：结束之前先收了尾"
        );
    }
}
