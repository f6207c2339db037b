//! 示例结束时不留下任何进程。
//!
//! 这个测试独占一个测试进程（所以单独一个文件）：先把自己设为“子进程收割者”
//! （Linux 的 `PR_SET_CHILD_SUBREAPER`），示例留下的孤儿进程就会被过继给它，而不是
//! 系统的 1 号进程；然后依次运行每个代码单元，最后看 /proc 里还有没有父进程是自己的
//! 进程。示例没有等待回收的子进程，哪怕已经退出，也会作为僵尸出现在这里。

#![cfg(target_os = "linux")]

use notebook::outputs;

#[test]
fn no_example_leaves_a_process_behind() {
    // SAFETY: prctl 只改变本进程的一个属性。
    let set = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    assert_eq!(set, 0, "无法设为子进程收割者");

    let me = std::process::id();
    let mut problems = Vec::new();
    for cell in outputs::cells().unwrap() {
        // run 等示例退出并回收它；出错（退出码不是 0）由输出比对的测试报告，这里只看残留。
        let _ = outputs::run(
            &bingfa::check::built_example(&cell.name),
            notebook::TEST_TIME_SCALE,
        );
        for pid in outputs::children_of(me) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            problems.push(format!("{} 之后还有进程 {pid}：{cmdline}", cell.name));
            // 收拾掉，免得把问题记到下一个示例头上。
            // SAFETY: 只向自己名下的进程发信号，再回收它。
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
                libc::waitpid(pid as i32, std::ptr::null_mut(), 0);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
