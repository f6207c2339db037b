//! 运行：cargo run --example ch03_15_echo_server
//!
//! 一个线程上的 TCP 回显服务器（echo server），同时服务一百个客户端。
use std::io;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinSet;

/// 在 `addr` 上监听，监听队列（backlog）长 1024。
///
/// `TcpListener::bind` 只设 128 的队列：上百个客户端同时连进来、服务器还没来得及
/// accept 时，多出来的连接会被内核丢掉。
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(addr)?;
    socket.listen(1024)
}

/// 接受连接，每个连接交给一个新任务。这个函数只在出错时返回。
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    // 连接任务放在 JoinSet 里：服务器任务被取消时，它们随 JoinSet 一起被取消。
    let mut connections = JoinSet::new();
    loop {
        let (stream, _peer) = listener.accept().await?;
        connections.spawn(async move {
            if let Err(e) = echo(stream).await {
                eprintln!("连接出错：{e}");
            }
        });
        // 顺手回收已经结束的连接任务；任务 panic 的话在这里报告。
        while let Some(finished) = connections.try_join_next() {
            if let Err(e) = finished {
                eprintln!("连接任务异常结束：{e}");
            }
        }
    }
}

/// 把收到的字节原样写回去，直到对方关闭写方向。
async fn echo(mut stream: TcpStream) -> io::Result<()> {
    let (mut reader, mut writer) = stream.split();
    tokio::io::copy(&mut reader, &mut writer).await?;
    Ok(())
}

/// 客户端：发一句话，关闭写方向，读回服务器返回的全部内容。
pub async fn client(addr: SocketAddr, message: String) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(message.as_bytes()).await?;
    stream.shutdown().await?; // 告诉服务器：我说完了
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await?;
    Ok(reply)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // 端口 0：让系统挑一个空闲端口。
    let listener =
        listen(SocketAddr::from(([127, 0, 0, 1], 0))).context("无法在 127.0.0.1 上监听")?;
    let addr = listener.local_addr()?;
    println!("回显服务器在 {addr} 上监听");
    let server = tokio::spawn(serve(listener));

    let mut clients = JoinSet::new();
    for id in 0..100 {
        clients.spawn(async move {
            let message = format!("你好，我是客户端 {id}");
            let reply = client(addr, message.clone())
                .await
                .with_context(|| format!("客户端 {id} 出错"))?;
            Ok::<bool, anyhow::Error>(reply == message)
        });
    }
    let mut correct = 0;
    while let Some(result) = clients.join_next().await {
        if result.expect("客户端任务不会 panic")? {
            correct += 1;
        }
    }
    println!("100 个客户端中，{correct} 个收到了一字不差的回显");

    server.abort(); // 关掉服务器：监听的套接字随任务一起被释放
    Ok(())
}
