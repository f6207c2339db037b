//! 运行：cargo run --example ch03_e4_chat
//!
//! 练习 3.4 的参考答案：一个小聊天室。每个人说的话，转发给其余所有人。
use std::io;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio::task::JoinSet;

/// 聊天服务器。协议（一行一条）：客户端先发自己的名字，服务器回答 `欢迎 名字`，
/// 从此这个客户端发的每一行，其余客户端都会收到 `名字: 内容`；发的人自己收不到。
/// 只在出错时返回；它被取消时，所有连接随之关闭。
pub async fn chat_server(listener: TcpListener) -> io::Result<()> {
    // 练习：accept 每个连接，交给一个任务；用 broadcast 通道把每句话转发给其余的人
    let (room, _) = broadcast::channel::<(u64, String)>(100);
    let mut clients = JoinSet::new();
    for id in 0.. {
        let (stream, _) = listener.accept().await?;
        let room = room.clone();
        clients.spawn(async move {
            if let Err(error) = client_session(id, stream, room).await {
                eprintln!("客户端 {id} 出错：{error}");
            }
        });
        // 回收已经离开的客户端；任务 panic 的话在这里报告。
        while let Some(finished) = clients.try_join_next() {
            if let Err(error) = finished {
                eprintln!("客户端任务异常结束：{error}");
            }
        }
    }
    Ok(())
}

async fn client_session(
    id: u64,
    stream: TcpStream,
    room: broadcast::Sender<(u64, String)>,
) -> io::Result<()> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let Some(name) = lines.next_line().await? else {
        return Ok(()); // 没报名字就走了
    };
    // 先订阅再欢迎：客户端收到欢迎之后别人说的话，一句都不会漏。
    let mut inbox = room.subscribe();
    writer
        .write_all(format!("欢迎 {name}\n").as_bytes())
        .await?;
    loop {
        // 两个分支都是取消安全的：落败时被丢弃，半行字节留在 lines 的缓冲区里，
        // 没收到的消息留在通道里，下一圈接着读，什么也不丢。
        tokio::select! {
            line = lines.next_line() => match line? {
                // 没有人在听时 send 会返回错误，这不算问题。
                Some(text) => { let _ = room.send((id, format!("{name}: {text}"))); }
                None => return Ok(()), // 客户端断开
            },
            message = inbox.recv() => match message {
                Ok((from, text)) if from != id => {
                    writer.write_all(format!("{text}\n").as_bytes()).await?;
                }
                Ok(_) => {} // 自己说的话，不回显
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    writer.write_all(format!("（你错过了 {missed} 条消息）\n").as_bytes()).await?;
                }
                Err(broadcast::error::RecvError::Closed) => return Ok(()),
            },
        }
    }
}

/// 测试用的客户端：连上服务器，报上名字，等到欢迎词。
pub async fn join(
    addr: SocketAddr,
    name: &str,
) -> io::Result<(Lines<BufReader<OwnedReadHalf>>, OwnedWriteHalf)> {
    let (reader, mut writer) = TcpStream::connect(addr).await?.into_split();
    writer.write_all(format!("{name}\n").as_bytes()).await?;
    let mut lines = BufReader::new(reader).lines();
    let welcome = lines.next_line().await?;
    if welcome.as_deref() != Some(&format!("欢迎 {name}")) {
        return Err(io::Error::other(format!("没有收到欢迎词：{welcome:?}")));
    }
    Ok((lines, writer))
}

/// 演示：甲、乙两人进入聊天室，各说一句话，各自打印收到的内容。
async fn demo(addr: SocketAddr) -> io::Result<()> {
    let (mut jia_in, mut jia_out) = join(addr, "甲").await?;
    let (mut yi_in, mut yi_out) = join(addr, "乙").await?;
    jia_out.write_all("大家好\n".as_bytes()).await?;
    println!("乙收到：{:?}", yi_in.next_line().await?);
    yi_out.write_all("你好，甲\n".as_bytes()).await?;
    println!("甲收到：{:?}", jia_in.next_line().await?);
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // 只在本机，端口让系统挑。
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("无法在 127.0.0.1 上监听")?;
    let addr = listener.local_addr()?;
    println!("聊天室在 {addr} 上开张");
    // 服务器和演示一起跑；演示结束时 select! 丢弃服务器，连接全部关闭。
    tokio::select! {
        biased;
        result = chat_server(listener) => result.context("聊天室服务器出错")?,
        result = demo(addr) => result.context("演示出错")?,
    }
    println!("演示结束，聊天室关门");
    Ok(())
}
