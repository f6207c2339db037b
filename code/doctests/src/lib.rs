//! 《Rust 并发编程》的文档测试。
//!
//! `build.rs` 用 mdBook 自己的预处理器展开每一章（`{{#include}}`、`{{#rustdoc_include}}`），
//! 这里用 `#[doc = include_str!(…)]` 把它们挂成文档：于是书里读者看到的每个 Rust 代码块，
//! `cargo test` 时都由 rustdoc 以真实的 tokio、rand 等依赖编译（代码单元只编译，由
//! `code/notebook/tests/outputs.rs` 运行并比对输出；练习的起始代码照样运行）。

/// 书的每一章（由 `build.rs` 展开）。只在收集文档测试时编译。
#[cfg(doctest)]
pub mod chapters {
    include!(concat!(env!("OUT_DIR"), "/chapters.rs"));
}
