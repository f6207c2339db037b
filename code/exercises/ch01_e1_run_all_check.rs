//! 练习 1.1 的检查：参考答案和起始代码共用这些测试。
use std::path::PathBuf;
use std::process::Command;

use super::{Finished, run_all};

fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

/// 这次测试专用的空目录；测试结束时删掉。
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("bingfa-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn results_come_back_in_order_with_exit_codes_and_output() {
    let finished = run_all(vec![sh("echo 甲; exit 3"), sh("echo 乙"), sh("exit 7")]).unwrap();
    let expected =
        [(Some(3), "甲\n"), (Some(0), "乙\n"), (Some(7), "")].map(|(code, stdout)| Finished {
            code,
            stdout: stdout.into(),
        });
    assert_eq!(finished, expected);
}

#[test]
fn no_commands_means_no_results() {
    assert_eq!(run_all(Vec::new()).unwrap(), Vec::new());
}

#[test]
fn a_program_that_does_not_exist_is_an_error() {
    let commands = vec![sh("exit 0"), Command::new("/没有/这个/程序")];
    assert!(run_all(commands).is_err());
}

/// 两个子进程互相等对方留下的文件，各自最多等 5 秒。
/// 同时运行时两个都马上成功；一个接一个运行时，第一个等不到，以退出码 1 结束。
#[test]
fn the_children_really_run_at_the_same_time() {
    let dir = TempDir::new("run-all");
    let wait_for = |mine: &str, theirs: &str| {
        let (mine, theirs) = (dir.0.join(mine), dir.0.join(theirs));
        let script = format!(
            "touch '{}'; i=0; while [ ! -e '{}' ]; do i=$((i+1)); [ $i -gt 500 ] && exit 1; sleep 0.01; done",
            mine.display(),
            theirs.display()
        );
        sh(&script)
    };
    let finished = run_all(vec![wait_for("a", "b"), wait_for("b", "a")]).unwrap();
    let codes: Vec<_> = finished.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Some(0), Some(0)], "子进程没有同时运行");
}
