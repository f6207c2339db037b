//! 运行：cargo run --example ch03_25_async_recursion
//!
//! 递归的 async fn：对自己的调用先 Box::pin，放到堆上，Future 的大小才是有限的。
use std::time::Duration;

use tokio::time::sleep;

/// 目录或文件：文件没有 children。
struct Entry {
    name: &'static str,
    bytes: u64,
    children: Vec<Entry>,
}

/// 一个目录连同它下面所有文件的大小；每看一项，假装等一次磁盘。
async fn total_size(entry: &Entry, depth: usize) -> u64 {
    sleep(Duration::from_millis(10)).await;
    println!("{}{}", "  ".repeat(depth), entry.name);
    let mut total = entry.bytes;
    for child in &entry.children {
        total += Box::pin(total_size(child, depth + 1)).await;
    }
    total
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let leaf = |name, bytes| Entry {
        name,
        bytes,
        children: Vec::new(),
    };
    let root = Entry {
        name: "project/",
        bytes: 100,
        children: vec![
            Entry {
                name: "src/",
                bytes: 20,
                children: vec![leaf("main.rs", 300), leaf("lib.rs", 500)],
            },
            leaf("Cargo.toml", 80),
        ],
    };
    println!("合计 {} 字节", total_size(&root, 0).await);
}
