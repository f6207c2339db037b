//! 运行：cargo run --example ch01_13_kill_on_drop
//!
//! 父进程中途出错返回时，不留下子进程：把 Child 包一层，在 Drop 里杀掉并回收。
use std::env;
use std::process::{Child, Command};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

// ANCHOR: guard
/// 离开作用域时杀掉并回收子进程。`Child` 自己的 Drop 不做这件事。
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let pid = self.0.id();
        // kill 对已经退出的子进程也会成功；出错只可能是系统层面的问题，照实报告。
        if let Err(error) = self.0.kill() {
            eprintln!("清理：杀不掉子进程（进程号 {pid}）：{error}");
        }
        match self.0.wait() {
            Ok(status) => println!("清理：子进程（进程号 {pid}）已杀掉并回收，{status}"),
            Err(error) => eprintln!("清理：回收子进程（进程号 {pid}）失败：{error}"),
        }
    }
}
// ANCHOR_END: guard

// ANCHOR: run
fn run() -> anyhow::Result<()> {
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let sleeper = || {
        Command::new(&me)
            .arg("sleep")
            .spawn()
            .context("无法启动子进程")
    };
    let _first = KillOnDrop(sleeper()?);
    let _second = KillOnDrop(sleeper()?);
    println!("父进程：两个子进程已启动，接着读配置");
    let text = "四"; // 假装这是从配置文件里读到的
    // 解析失败，`?` 提前返回：局部变量按声明的相反顺序被丢弃，先 _second，再 _first。
    let workers: u32 = text
        .parse()
        .with_context(|| format!("工作进程数 `{text}` 不是数字"))?;
    println!("配置：{workers} 个工作进程"); // 走不到这里
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("sleep") => {
            thread::sleep(Duration::from_secs(60)); // 子进程：睡一分钟，等着被杀掉
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    if let Err(error) = run() {
        println!("父进程出错：{error:#}"); // {:#}：说明连同原因，写在一行里
    }
    Ok(())
}
// ANCHOR_END: run
