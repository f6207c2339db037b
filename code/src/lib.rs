//! 《Rust 并发编程：多进程、多线程与异步 I/O》的配套代码。
//!
//! 书里的每个代码单元都是 `examples/` 下的一个文件，用 `cargo run --example 文件名`
//! 运行。代码单元是读者自己的程序，不调用这个库：它们只用标准库和根 `Cargo.toml`
//! 的 `[workspace.metadata.notebook] cell-dependencies` 列出的包（tokio、rand、anyhow 等）。
//!
//! 这个库只给测试和各章练习的检查用（[`check`]）：找到编译好的示例、限时运行。

pub mod check;
