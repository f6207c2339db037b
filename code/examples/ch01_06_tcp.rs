//! 运行：cargo run --example ch01_06_tcp
//!
//! 套接字：父进程在 127.0.0.1 上监听，子进程连过来，各说一句话。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{self, Child, Command};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// 子进程：连上父进程给的地址，报上自己的进程号，再读一行回答。
fn client(address: &str) -> anyhow::Result<()> {
    let mut stream =
        TcpStream::connect(address).with_context(|| format!("子进程连不上父进程 {address}"))?;
    writeln!(stream, "你好，我是子进程，进程号 {}", process::id())?;
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply)?;
    println!("子进程收到：{}", reply.trim_end());
    Ok(())
}

/// 等子进程连进来；子进程要是先退出了（比如连不上），就别一直等下去。
fn accept_from(listener: &TcpListener, child: &mut Child) -> io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                return Ok(stream);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if let Some(status) = child.try_wait()? {
                    return Err(io::Error::other(format!("子进程没连上就退出了：{status}")));
                }
                thread::sleep(Duration::from_millis(1));
            }
            Err(e) => return Err(e),
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("client") => return client(args.get(1).map_or("", String::as_str)),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // ANCHOR: main
    // 端口写 0：让操作系统挑一个空闲端口，再把实际地址告诉子进程。
    let listener = TcpListener::bind("127.0.0.1:0").context("无法在 127.0.0.1 上监听")?;
    let address = listener.local_addr()?;
    println!("父进程在 {address} 上等待连接");
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let mut child = Command::new(me)
        .args(["client", &address.to_string()])
        .spawn()
        .context("无法启动子进程")?;

    let talk = |stream: TcpStream| -> io::Result<()> {
        // try_clone 得到同一个连接的第二个句柄：
        // 它交给 BufReader 按行读，原来的 stream 留着写。
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut greeting = String::new();
        reader.read_line(&mut greeting)?;
        println!("父进程收到：{}", greeting.trim_end());
        if !greeting.starts_with("你好") {
            return Err(io::Error::other("子进程没有按约定打招呼"));
        }
        // &TcpStream 也实现了 Write，借用着就能写，stream 不必是 mut。
        writeln!(&stream, "收到，再见")
    };
    let talked = accept_from(&listener, &mut child).and_then(talk);
    if talked.is_err() {
        let _ = child.kill(); // 出错了：别让子进程留下来
    }
    let status = child.wait()?; // 无论成败都回收子进程
    talked?;
    println!("子进程已退出：{status}");
    // ANCHOR_END: main
    Ok(())
}
