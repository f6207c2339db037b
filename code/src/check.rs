//! 练习的检查（`code/exercises/*_check.rs`）共用的两个函数。参考答案和起始代码都
//! 依赖本库，所以把练习复制到 `code/examples/my_….rs` 之后，检查照样能用。

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// 在另一个线程里运行 `f`，最多等 `limit`。超时就 panic，消息里带上 `hint`：
/// 死锁、父子进程互相等待这类错误让测试失败，而不是永远卡住。
/// 超时后那个线程还在，测试进程结束时随之结束。
pub fn within<T: Send + 'static>(
    limit: Duration,
    hint: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || tx.send(f()));
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{} 秒还没结束：{hint}", limit.as_secs()))
}

/// 第 1 章的练习要启动的程序：cargo 编译出的普通版本（它的 `main` 认得 `worker`
/// 这样的参数），而不是正在运行检查的测试程序。
///
/// `crate_name` 传 `env!("CARGO_CRATE_NAME")`：检查作为 `code/tests/ch01_exercises.rs`
/// 的一部分运行时，它是 `ch01_exercises`，这时测的是参考答案 `solution`；否则测的就是
/// 检查所在的例子（起始代码 `…_starter`，或者你复制出来的 `examples/my_….rs`）。
/// 程序不存在或比源文件旧时 panic，提示先编译。
pub fn exercise_program(crate_name: &str, solution: &str) -> PathBuf {
    let name = match crate_name {
        "ch01_exercises" => solution,
        name => name,
    };
    let source = match name.strip_suffix("_starter") {
        Some(stem) => format!("exercises/{stem}.rs"),
        None => format!("examples/{name}.rs"),
    };
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let program = profile_dir.join("examples").join(name);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    assert!(
        modified(&program) >= modified(&source),
        "{} 不存在或比源文件旧：先运行 cargo build --example {name}",
        program.display()
    );
    program
}
