//! 运行：cargo run --example ch03_48_reload
//!
//! 收到 SIGHUP 就重新读配置文件，经由 watch 通道交给服务；收到 SIGTERM 就开始关闭。
//! 例子用 kill 命令给自己发信号，和在另一个终端里执行 `kill -HUP 进程号` 一样。
// 标着 #[cfg(unix)] 的只在类 Unix 系统上编译：Windows 没有 SIGHUP、SIGTERM。
#[cfg(unix)]
use std::path::{Path, PathBuf};

#[cfg(unix)]
use anyhow::Context;
#[cfg(unix)]
use tokio::signal::unix::{Signal, SignalKind, signal};
#[cfg(unix)]
use tokio::sync::watch;

#[cfg(unix)]
async fn read_config(path: &Path) -> anyhow::Result<String> {
    let text = tokio::fs::read_to_string(path).await?;
    Ok(text.trim().to_string())
}

// ANCHOR: main
/// 每收到一次 SIGHUP，重读一次配置。读不出来就记一句，继续用旧的。
/// 几个 SIGHUP 挨得很近时，recv() 可能只返回一次，重读一次也就够了。
#[cfg(unix)]
async fn reload_on_hangup(mut hangup: Signal, path: PathBuf, tx: watch::Sender<String>) {
    while hangup.recv().await.is_some() {
        match read_config(&path).await {
            Ok(config) => {
                tx.send_replace(config);
            }
            Err(e) => eprintln!("新配置读不出来，继续用旧的：{e}"),
        }
    }
}

/// 服务：每次配置变了就用上新的，收到 SIGTERM 就返回。
#[cfg(unix)]
async fn serve(mut config: watch::Receiver<String>, mut terminate: Signal) {
    println!("启动，配置：{}", *config.borrow_and_update());
    loop {
        tokio::select! {
            _ = terminate.recv() => {
                println!("收到 SIGTERM：停止接受新请求，开始优雅关闭");
                return;
            }
            Ok(()) = config.changed() => {
                println!("收到 SIGHUP：配置改成了 {}", *config.borrow_and_update());
            }
        }
    }
}

#[cfg(unix)]
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // 注册要趁早：注册之前收到的 SIGHUP、SIGTERM 仍按默认行为结束进程。
    let hangup = signal(SignalKind::hangup()).context("无法监听 SIGHUP")?;
    let terminate = signal(SignalKind::terminate()).context("无法监听 SIGTERM")?;

    let path = std::env::temp_dir().join(format!("bingfa-ch03-{}.toml", std::process::id()));
    tokio::fs::write(&path, "workers = 4").await?;
    let (tx, rx) = watch::channel(read_config(&path).await?);
    tokio::spawn(reload_on_hangup(hangup, path.clone(), tx));
    let service = tokio::spawn(serve(rx.clone(), terminate));

    // 管理员：改配置文件、发 SIGHUP，等服务用上新配置再做下一步。
    let mut seen = rx;
    for workers in [8, 16] {
        let wanted = format!("workers = {workers}");
        tokio::fs::write(&path, &wanted).await?;
        kill("-HUP").await?;
        seen.wait_for(|config| *config == wanted).await?;
    }
    kill("-TERM").await?;
    service.await?;
    tokio::fs::remove_file(&path).await?;
    Ok(())
}
// ANCHOR_END: main

/// 给自己发一个信号。
#[cfg(unix)]
async fn kill(signal: &str) -> anyhow::Result<()> {
    tokio::process::Command::new("kill")
        .args([signal, &std::process::id().to_string()])
        .status()
        .await
        .context("无法运行 kill")?;
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    println!("这个例子用到 SIGHUP 和 SIGTERM，只在类 Unix 系统上运行");
}
