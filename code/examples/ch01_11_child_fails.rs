//! 运行：cargo run --example ch01_11_child_fails
//!
//! 子进程失败了，父进程怎么知道：panic 的和主动以非零退出码结束的，各看一眼退出状态。
use std::env;
use std::process::{self, Command};

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        Some("panic") => panic!("下载失败：网络断开"),
        Some("exit") => {
            eprintln!("子进程：找不到要下载的文件，退出码 3");
            process::exit(3);
        }
        None => {}
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;

    // panic 的子进程：退出码 101，panic 信息写在它的标准错误里。
    let output = Command::new(&me)
        .arg("panic")
        .output()
        .context("无法启动子进程")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 标准错误里先是一行“thread 'main' … panicked at 文件:行:列:”，下一行才是 panic 的消息。
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains("panicked at"));
    let message = lines.nth(1).unwrap_or("（没有找到 panic 消息）");
    println!("子进程 panic 了：{}，消息：{message}", output.status);
    assert_eq!(output.status.code(), Some(101));

    // 主动 exit(3) 的子进程：标准错误不收集，直接出现在终端上。
    let status = Command::new(&me)
        .arg("exit")
        .status()
        .context("无法启动子进程")?;
    match status.code() {
        Some(0) => println!("子进程成功了"),
        Some(code) => println!("子进程失败：{status}，退出码 {code}"),
        None => println!("子进程被信号终止：{status}"), // 只在类 Unix 系统上出现
    }
    assert_eq!(status.code(), Some(3));
    // ANCHOR_END: main
    Ok(())
}
