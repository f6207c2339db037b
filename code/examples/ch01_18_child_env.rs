//! 运行：cargo run --example ch01_18_child_env
//!
//! 子进程的环境变量和工作目录：默认照搬父进程的，也可以添、删、清空，换一个目录运行。
use std::env;
use std::fs;
use std::io;
use std::process::{self, Command};

use anyhow::{Context, bail};

/// 子进程：报告它看到的环境变量 DEMO_GREETING、PATH，和工作目录里的 config.txt。
fn report() -> anyhow::Result<()> {
    let greeting = env::var("DEMO_GREETING").unwrap_or_else(|_| "（没有）".into());
    let path = if env::var_os("PATH").is_some() {
        "有"
    } else {
        "没有"
    };
    let config = match fs::read_to_string("config.txt") {
        Ok(text) => text.trim().to_string(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => "不存在".into(),
        Err(e) => return Err(e).context("读不了 config.txt"),
    };
    println!("  子进程：DEMO_GREETING = {greeting}，PATH {path}，./config.txt：{config}");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("report") => return report(),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let child = || {
        let mut command = Command::new(&me);
        command.arg("report");
        command
    };

    println!("1. 什么都不设：继承父进程的全部环境变量和工作目录");
    child().status()?;

    println!("2. env()：在继承来的环境变量上再添一个");
    child().env("DEMO_GREETING", "你好").status()?;

    println!("3. env_clear() 一个也不继承，只有 envs() 给的");
    child()
        .env_clear()
        .envs([("DEMO_GREETING", "早上好"), ("LANG", "C.UTF-8")])
        .status()?;

    println!("4. current_dir()：在另一个目录里运行，相对路径从那里算起");
    let dir = env::temp_dir().join(format!("bingfa-ch01-20-{}", process::id()));
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("config.txt"), "workers = 4\n")?;
    let status = child().current_dir(&dir).status();
    fs::remove_dir_all(&dir)?; // 无论子进程成败，先删掉临时目录
    status?;
    // ANCHOR_END: main
    Ok(())
}
