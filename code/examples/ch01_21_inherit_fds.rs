//! 运行：cargo run --example ch01_21_inherit_fds
//!
//! 子进程会不会继承父进程打开的文件、套接字和管道？标准库打开它们时都设了 close-on-exec，
//! 子进程 exec 时内核就把它们关掉了，只剩三根标准流。
#[cfg(unix)]
fn main() -> anyhow::Result<()> {
    use std::env;
    use std::fs::File;
    use std::io;
    use std::net::TcpListener;
    use std::os::fd::AsRawFd;
    use std::path::Path;
    use std::process::Command;

    use anyhow::{Context, ensure};

    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("check") {
        // 子进程：参数是“名字=描述符号”，逐个看 /dev/fd 里有没有这个号
        for arg in &args[1..] {
            let (name, fd) = arg.split_once('=').context("参数应当是 名字=号")?;
            let open = Path::new(&format!("/dev/fd/{fd}")).exists();
            println!("  {name}：{}", if open { "开着" } else { "没有" });
        }
        return Ok(());
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let file = File::open(&me)?; // 随便打开一个文件
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let (reader, _writer) = io::pipe()?;
    let fds = [
        ("标准输出", io::stdout().as_raw_fd()),
        ("打开的文件", file.as_raw_fd()),
        ("监听的套接字", listener.as_raw_fd()),
        ("管道的读端", reader.as_raw_fd()),
    ];
    println!("父进程的这几个描述符，在子进程里：");
    let status = Command::new(&me)
        .arg("check")
        .args(fds.map(|(name, fd)| format!("{name}={fd}")))
        .status()?;
    ensure!(status.success(), "子进程失败：{status}");
    // ANCHOR_END: main
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    println!("这个例子看的是 Unix 的文件描述符（/dev/fd），只在类 Unix 系统上运行");
}
