//! 《Rust 并发编程：多进程、多线程与异步 I/O》的配套代码。
//!
//! 书里的每个代码单元都是 `examples/` 下的一个文件，用
//! `cargo run --example 文件名` 运行。示例只用标准库、`tokio`、`rand`，
//! 外加这里唯一的小工具 [`time_scale`]。

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
