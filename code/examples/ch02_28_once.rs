//! 运行：cargo run --example ch02_28_once
//!
//! `LazyLock` 和 `OnceLock`：多个线程同时来取，初始化也只做一次。
use std::sync::{LazyLock, OnceLock};
use std::thread;

/// 第一次被用到时才计算；之后所有线程共享同一个值。
static MIRRORS: LazyLock<Vec<String>> = LazyLock::new(|| {
    println!("正在加载镜像列表（只会打印一次）");
    vec!["镜像 A".to_string(), "镜像 B".to_string()]
});

/// 由程序在运行时设置一次，之后只读。
static USER_AGENT: OnceLock<String> = OnceLock::new();

fn main() {
    let handles: Vec<_> = (0..4)
        .map(|i| thread::spawn(move || MIRRORS[i % MIRRORS.len()].clone()))
        .collect();
    let picked: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("4 个线程选到的镜像：{picked:?}");

    println!("第一次 set：{:?}", USER_AGENT.set("bingfa/1.0".to_string()));
    println!("第二次 set：{:?}", USER_AGENT.set("别的".to_string()));
    println!("USER_AGENT = {}", USER_AGENT.get().unwrap());
}
