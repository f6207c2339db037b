//! 练习 3.4：cargo test --example ch03_e4_chat_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 一个小聊天室。每个人说的话，转发给其余所有人。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
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
    todo!("accept 每个连接，交给一个任务；用 broadcast 通道把每句话转发给其余的人")
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

#[cfg(test)]
#[path = "ch03_e4_chat_check.rs"]
mod check;
