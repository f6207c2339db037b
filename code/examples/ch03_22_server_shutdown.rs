//! 运行：cargo run --example ch03_22_server_shutdown
//!
//! 服务器的优雅关闭：收到 SIGTERM 后先停止接受新连接，再等正在处理的请求做完。
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
#[cfg(unix)] // Windows 没有 SIGTERM，也就没有这个模块
use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;

/// 处理一个连接：读一行请求，花 0.5 秒处理，回答一行。
async fn handle(mut stream: TcpStream) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    let mut request = String::new();
    BufReader::new(reader).read_line(&mut request).await?;
    sleep(Duration::from_millis(500)).await;
    let reply = format!("{} 处理完了\n", request.trim_end());
    writer.write_all(reply.as_bytes()).await
}

/// 连接任务结束时，报告它的错误（如果有）。
fn report(finished: Result<io::Result<()>, tokio::task::JoinError>) {
    match finished {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("连接出错：{e}"),
        Err(e) => eprintln!("连接任务异常结束：{e}"),
    }
}

/// 接受连接，直到收到关闭信号。返回时监听套接字随之关闭，交回还在处理中的连接。
async fn accept_until(
    listener: TcpListener,
    shutdown: CancellationToken,
) -> JoinSet<io::Result<()>> {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return connections,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(handle(stream));
                }
                Err(e) => eprintln!("accept 出错：{e}"),
            },
        }
        // 顺手回收已经结束的连接任务。
        while let Some(finished) = connections.try_join_next() {
            report(finished);
        }
    }
}

/// 客户端：发一行请求，读回一行答复。
async fn request(addr: SocketAddr, text: String) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("{text}\n").as_bytes()).await?;
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply).await?;
    Ok(reply.trim_end().to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // 先注册 SIGTERM：从这一刻起，它不再直接结束进程，而是交给下面的 recv()。
    // 标着 #[cfg(unix)] 的几处只在类 Unix 系统上编译；Windows 上只能按 Ctrl-C。
    #[cfg(unix)]
    let mut sigterm = signal(SignalKind::terminate()).context("无法监听 SIGTERM")?;

    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("无法在 127.0.0.1 上监听")?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(accept_until(listener, shutdown.clone()));

    let mut clients = JoinSet::new();
    for id in 1..=2 {
        clients.spawn(request(addr, format!("请求 {id}")));
    }

    // 0.2 秒后，两个请求正在处理，给自己发一个 SIGTERM：
    // 和在另一个终端里执行 `kill 进程号` 一样（docker stop、systemd 停服务时发的也是它）。
    sleep(Duration::from_millis(200)).await;
    #[cfg(unix)]
    tokio::process::Command::new("kill")
        .args(["-TERM", &std::process::id().to_string()])
        .status()
        .await
        .context("无法运行 kill")?;

    #[cfg(unix)]
    let received = tokio::select! {
        _ = sigterm.recv() => "SIGTERM",
        result = tokio::signal::ctrl_c() => {
            result.context("无法监听 Ctrl-C")?;
            "Ctrl-C"
        }
    };
    #[cfg(not(unix))]
    let received = {
        println!("按 Ctrl-C 开始关闭");
        tokio::signal::ctrl_c().await.context("无法监听 Ctrl-C")?;
        "Ctrl-C"
    };
    println!("收到 {received}，开始关闭");

    // 第一步：停止接受新连接。accept_until 返回时，监听套接字已经关闭。
    shutdown.cancel();
    let mut connections = server.await.context("接受连接的任务异常结束")?;
    println!("不再接受新连接，还有 {} 个请求在处理", connections.len());
    match TcpStream::connect(addr).await {
        Ok(_) => println!("新来的客户端：居然连上了"),
        Err(e) => println!("新来的客户端：{e}"),
    }

    // 第二步：等正在处理的请求做完，最多等 5 秒。
    let drained = timeout(Duration::from_secs(5), async {
        while let Some(finished) = connections.join_next().await {
            report(finished);
        }
    })
    .await;
    if drained.is_err() {
        println!(
            "5 秒到了，还有 {} 个请求没做完：强制取消",
            connections.len()
        );
        connections.shutdown().await;
    }

    let mut replies = Vec::new();
    while let Some(reply) = clients.join_next().await {
        replies.push(reply.context("客户端任务异常结束")??);
    }
    replies.sort();
    for reply in replies {
        println!("客户端收到：{reply}");
    }
    println!("全部结束，退出");
    Ok(())
}
