//! 运行：cargo run --example ch01_17_sigint_reraise
//!
//! 处理 Ctrl-C、收好尾之后，让进程照样被 SIGINT 结束，而不是以 130 退出：
//! 调用它的脚本由此知道用户按了 Ctrl-C，也跟着停下。
#[cfg(unix)]
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1) {
        Some(how) => program(&how).await,
        None => script_runs_program().await,
    }
}

/// 程序：等 Ctrl-C，收尾，再按 `how` 的方式结束。
#[cfg(unix)]
async fn program(how: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::os::unix::process::CommandExt;
    use std::process::{self, Command};
    use std::time::Duration;
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::time::timeout;

    // 先注册 SIGINT：从这一刻起，Ctrl-C 不再直接结束进程，而是交给 recv()。
    let mut sigint = signal(SignalKind::interrupt()).context("无法监听 SIGINT")?;
    wait_until_parent_waits();
    eprintln!("准备好了"); // 告诉父进程：可以按 Ctrl-C 了
    // 最多等 10 秒，免得没人按 Ctrl-C 时一直等下去。
    timeout(Duration::from_secs(10), sigint.recv())
        .await
        .context("10 秒里没等到 Ctrl-C")?;
    println!("  程序：收到 Ctrl-C，删掉临时文件");
    match how {
        "exit" => process::exit(130), // 退出码和被 SIGINT 结束时一样，却不是一回事
        "raise" => {
            // 标准库没有“把 SIGINT 恢复成默认处理”的函数。exec 换成另一个程序时，
            // 操作系统会把设了处理函数的信号恢复成默认处理，进程号不变：
            // 于是让这个进程变成 kill 命令，给自己发一个 SIGINT。
            let error = Command::new("kill")
                .args(["-INT", &process::id().to_string()])
                .exec(); // 成功时不会返回
            Err(error).context("无法运行 kill")
        }
        other => anyhow::bail!("不认识的参数 `{other}`"),
    }
}

/// bash 启动程序之后、开始等它结束之前，有一小段时间：这时收到 SIGINT，bash 不等程序
/// 收尾就直接退出了。人按 Ctrl-C 不会快到这一瞬间，这里的“按键”却可能：所以等 bash
/// 真的睡下（在等子进程）再说准备好了。读不到 /proc（不是 Linux）就不等。
#[cfg(unix)]
fn wait_until_parent_waits() {
    let stat = format!("/proc/{}/stat", std::os::unix::process::parent_id());
    for _ in 0..1000 {
        let Ok(stat) = std::fs::read_to_string(&stat) else {
            return;
        };
        // 状态在最后一个右括号之后：S 是睡着（在等什么），R 是还在运行。
        if stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('S'))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// 一个 bash 脚本先运行程序，再运行下一条命令；程序运行时，像终端那样按一下 Ctrl-C。
#[cfg(unix)]
async fn script_runs_program() -> anyhow::Result<()> {
    use anyhow::{Context, bail};
    use std::process::Stdio;
    use tokio::io::{AsyncBufReadExt, BufReader};
    use tokio::process::Command;

    let me = std::env::current_exe().context("找不到正在运行的程序文件")?;
    for (how, what) in [
        ("exit", "收尾后 exit(130)"),
        ("raise", "收尾后被 SIGINT 结束"),
    ] {
        println!("{what}：");
        // 脚本在自己的进程组里，和终端里的前台作业一样。
        let mut script = Command::new("bash")
            .arg("-c")
            .arg(r#""$0" "$1"; echo "  脚本：接着运行下一条命令""#)
            .arg(&me)
            .arg(how)
            .process_group(0)
            .stderr(Stdio::piped())
            .spawn()
            .context("无法运行 bash")?;
        // 等程序说“准备好了”，再把 SIGINT 发给整个进程组：终端按 Ctrl-C 就是这样发的。
        let stderr = script.stderr.take().context("没有拿到标准错误")?;
        BufReader::new(stderr).read_line(&mut String::new()).await?;
        let group = script.id().context("脚本已经结束了")?;
        let sent = Command::new("kill")
            .args(["-INT", "--", &format!("-{group}")])
            .status()
            .await
            .context("无法运行 kill")?;
        if !sent.success() {
            script.kill().await?; // 发不出 SIGINT，也不把脚本丢下
            bail!("kill 失败：{sent}");
        }
        println!("  脚本的结果：{}", script.wait().await?);
    }
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    println!("这个例子用到 Unix 的信号和进程组，只在类 Unix 系统上运行");
}
