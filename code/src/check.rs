//! 测试共用的函数：练习的检查（`code/exercises/*_check.rs`）和各个测试都用它们
//! 找到编译好的示例、限时运行。参考答案和起始代码都依赖本库，所以把练习复制到
//! `code/examples/my_….rs` 之后，检查照样能用。

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

/// cargo 编译好的示例程序 `target/<profile>/examples/NAME`。调用它的测试程序在
/// 旁边的 `target/<profile>/deps/` 里；起始代码 `…_starter` 的源文件在 `exercises/`，
/// 其余示例的在 `examples/`（`NAME.rs`，或多文件的 `NAME/` 目录）。程序不存在或比源文件旧时
/// panic，免得拿旧程序做测试。
pub fn built_example(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // 多文件的示例（examples/NAME/main.rs 加几个模块）：比的是其中最新的那个文件。
    let sources: Vec<PathBuf> = match name.strip_suffix("_starter") {
        Some(stem) => vec![root.join(format!("exercises/{stem}.rs"))],
        None if root.join("examples").join(name).is_dir() => {
            std::fs::read_dir(root.join("examples").join(name))
                .map(|dir| dir.flatten().map(|entry| entry.path()).collect())
                .unwrap_or_default()
        }
        None => vec![root.join(format!("examples/{name}.rs"))],
    };
    let exe = std::env::current_exe().expect("找得到正在运行的测试程序");
    let profile_dir = exe
        .ancestors()
        .nth(2)
        .expect("测试程序在 target/<profile>/deps/ 里");
    let program = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let newest_source = sources.iter().filter_map(|path| modified(path)).max();
    assert!(
        modified(&program).is_some() && modified(&program) >= newest_source,
        "示例 {name} 没有编译或比源文件旧：先运行 cargo build --example {name}\
         （在仓库根目录运行不带 -p、--test 的 cargo test，会先编译全部示例）"
    );
    program
}

/// 第 1 章的练习要启动的程序：cargo 编译出的普通版本（它的 `main` 认得 `worker`
/// 这样的参数），而不是正在运行检查的测试程序。
///
/// `crate_name` 传 `env!("CARGO_CRATE_NAME")`：检查作为 `code/tests/ch01_exercises.rs`
/// 的一部分运行时，它是 `ch01_exercises`，这时测的是参考答案 `solution`；否则测的就是
/// 检查所在的例子（起始代码 `…_starter`，或者你复制出来的 `examples/my_….rs`）。
/// 书页上的「检查」在草稿包里编译、运行检查，那里没有 `examples/`：它用环境变量
/// `BINGFA_EXERCISE_PROGRAM` 告诉这里草稿包的普通程序在哪里。
pub fn exercise_program(crate_name: &str, solution: &str) -> PathBuf {
    if let Some(program) = std::env::var_os("BINGFA_EXERCISE_PROGRAM") {
        return program.into();
    }
    match crate_name {
        "ch01_exercises" => built_example(solution),
        name => built_example(name),
    }
}
