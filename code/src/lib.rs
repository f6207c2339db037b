//! 《Rust 并发编程：多进程、多线程与异步 I/O》的配套代码。
//!
//! 书里的每个代码单元都是 `examples/` 下的一个文件，用
//! `cargo run --example 文件名` 运行。示例只用标准库、`tokio`、`rand`，
//! 外加这里的三个小工具：[`time_scale`] 缩放演示里的等待，[`reject_args`] 拒绝
//! 多余的命令行参数，[`stop_on_ctrl_c`] 让要等好几秒的演示在 Ctrl-C 时说一句话再结束。
//! 测试和各章练习的检查另外用到 [`check`] 模块：找到编译好的示例、限时运行。

pub mod check;

/// 读取时间比例的环境变量名。
pub const TIME_SCALE_VAR: &str = "BOOK_TIME_SCALE";

/// 书中“等几秒”的示例用它缩放等待时间。
///
/// 你自己运行示例时它返回 `1.0`，等待就是真实的秒数。`cargo test` 运行同样的
/// 示例时会设置环境变量 `BOOK_TIME_SCALE=0.01`，于是只等百分之一的时间，
/// 打印出来的文字一字不差。
///
/// 变量的值不是 (0, 1] 之间的小数时，打印中文错误信息并以退出码 2 结束进程。
pub fn time_scale() -> f64 {
    let Ok(text) = std::env::var(TIME_SCALE_VAR) else {
        return 1.0;
    };
    match text.trim().parse::<f64>() {
        Ok(scale) if scale > 0.0 && scale <= 1.0 => scale,
        _ => {
            eprintln!("错误：环境变量 {TIME_SCALE_VAR} 必须是 (0, 1] 之间的小数，收到 `{text}`");
            std::process::exit(2);
        }
    }
}

/// 不需要命令行参数的示例在 `main` 开头调用它：多给了参数，就打印一句中文说明，
/// 以退出码 2 结束，免得打错的参数被悄悄忽略。
pub fn reject_args() {
    if let Some(arg) = std::env::args().nth(1) {
        eprintln!("错误：不认识的参数 `{arg}`，这个例子不需要参数");
        std::process::exit(2);
    }
}

/// 让按下 Ctrl-C 时打印“收到 Ctrl-C：下载中止（已进行 N 秒）”，以退出码 130 结束。
///
/// 只用于没有子进程、没有异步运行时的演示：进程结束时它的线程随之结束，不留下
/// 任何东西。标准库没有信号接口，这里借助 tokio：在一个后台线程上的小运行时里
/// 等 SIGINT。函数返回时信号处理已经注册好。非 Unix 系统上什么也不做，Ctrl-C
/// 照常直接结束进程。
pub fn stop_on_ctrl_c() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let start = std::time::Instant::now();
        let registered = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .and_then(|runtime| {
                let ctrl_c = {
                    let _in_runtime = runtime.enter();
                    signal(SignalKind::interrupt())?
                };
                Ok((runtime, ctrl_c))
            });
        let (runtime, mut ctrl_c) = match registered {
            Ok(pair) => pair,
            Err(e) => return eprintln!("警告：无法处理 Ctrl-C（{e}），按下时进程直接结束"),
        };
        std::thread::spawn(move || {
            runtime.block_on(ctrl_c.recv());
            let seconds = start.elapsed().as_secs_f64() / time_scale();
            eprintln!("收到 Ctrl-C：下载中止（已进行 {seconds:.1} 秒）");
            std::process::exit(130);
        });
    }
}
