//! 运行：cargo run --example ch01_07_unix_socket
//!
//! Unix 域套接字：和 TCP 用法几乎一样，只是地址换成文件系统里的一个路径，不经过网络协议栈。
#[cfg(unix)]
fn main() -> anyhow::Result<()> {
    use anyhow::{Context, bail};
    use std::env;
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::process::{self, Command};

    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("client") => {
            // 子进程：连上父进程给的路径，报上进程号。
            let path = args.get(1).map_or("", String::as_str);
            let mut stream = UnixStream::connect(path)
                .with_context(|| format!("子进程连不上父进程的套接字 {path}"))?;
            writeln!(stream, "你好，我是子进程，进程号 {}", process::id())?;
            return Ok(());
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // ANCHOR: main
    // 套接字是临时目录里的一个文件；名字里带上进程号，免得和别人撞上。
    let path = env::temp_dir().join(format!("bingfa-ch01-{}.sock", process::id()));
    let listener =
        UnixListener::bind(&path).with_context(|| format!("无法在 {} 上监听", path.display()))?;
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let mut child = Command::new(me)
        .arg("client")
        .arg(&path)
        .spawn()
        .context("无法启动子进程")?;

    // 子进程连上、写完一行后退出；它要是没连上就退出了，accept 会一直等，
    // 所以先等子进程结束，再取出它留下的连接（连接在监听队列里等着）。
    let status = child.wait()?;
    if !status.success() {
        std::fs::remove_file(&path)?;
        bail!("子进程失败：{status}");
    }
    listener.set_nonblocking(true)?;
    let received = listener.accept().and_then(|(stream, _)| {
        stream.set_nonblocking(false)?;
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line)?;
        Ok(line)
    });
    std::fs::remove_file(&path)?; // 套接字文件不会自己消失
    let line = received?;
    println!("父进程收到：{}", line.trim_end());
    println!("子进程已退出：{status}");
    // ANCHOR_END: main
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    println!("这个例子用 std::os::unix::net，只在类 Unix 系统上运行");
}
