//! 运行：cargo run --example ch03_43_must_finish
//!
//! 保存配置分两步写，中间要等 80 毫秒；处理请求的时限只有 50 毫秒。
//! 三种写法：直接写（被打断就只剩半个文件）、先写临时文件再改名、交给单独的任务。
//! 时间在 tokio 暂停的时钟上，输出每次一样。
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::fs;
use tokio::io::AsyncWriteExt;
use tokio::time::{sleep, timeout};

const LIMIT: Duration = Duration::from_millis(50);
const OLD: &str = "name = \"旧名字\"\nport = 80\n";

/// 写一份新配置：先写第一行，等 80 毫秒拿到第二部分（比如要去问另一个服务），再写第二行。
async fn write_config(path: &Path) -> io::Result<()> {
    let mut file = fs::File::create(path).await?;
    file.write_all("name = \"新名字\"\n".as_bytes()).await?;
    file.flush().await?;
    sleep(Duration::from_millis(80)).await;
    file.write_all(b"port = 8080\n").await?;
    file.flush().await
}

// ANCHOR: main
/// 先写到旁边的临时文件，写完整了再改名。改名一步完成：
/// 读的人看到的要么是旧文件，要么是完整的新文件。
async fn write_config_atomically(path: PathBuf) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    write_config(&tmp).await?;
    fs::rename(&tmp, &path).await
}

async fn run(dir: &Path) -> io::Result<()> {
    let path = dir.join("app.toml");

    println!("1. 直接写，外面套 timeout：");
    fs::write(&path, OLD).await?;
    if timeout(LIMIT, write_config(&path)).await.is_err() {
        println!("  50 毫秒到了，保存被丢弃");
    }
    show(&path).await?;

    println!("2. 先写临时文件再改名，外面套 timeout：");
    fs::write(&path, OLD).await?;
    let saving = write_config_atomically(path.clone());
    if timeout(LIMIT, saving).await.is_err() {
        println!("  50 毫秒到了，保存被丢弃");
    }
    show(&path).await?;

    println!("3. 保存交给单独的任务，timeout 只管等多久：");
    fs::write(&path, OLD).await?;
    let mut saving = tokio::spawn(write_config_atomically(path.clone()));
    if timeout(LIMIT, &mut saving).await.is_err() {
        println!("  50 毫秒到了，先回复“保存中”；任务还在运行");
    }
    saving.await??; // 演示用：等它写完再看文件；真实的服务不必等
    show(&path).await
}
// ANCHOR_END: main

/// 打印文件现在的内容。
async fn show(path: &Path) -> io::Result<()> {
    for line in fs::read_to_string(path).await?.lines() {
        println!("  文件里：{line}");
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> io::Result<()> {
    // 在临时目录里建一个只给这个程序用的目录，名字里带上进程号，免得和别人撞上。
    let dir = std::env::temp_dir().join(format!("bingfa-ch03-{}", std::process::id()));
    fs::create_dir_all(&dir).await?;
    let result = run(&dir).await;
    fs::remove_dir_all(&dir).await?;
    result
}
