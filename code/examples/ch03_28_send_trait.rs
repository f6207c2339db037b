//! 运行：cargo run --example ch03_28_send_trait
//!
//! 要求 trait 方法交回的 Future 是 Send：把 async fn 写成返回 `impl Future + Send` 的普通方法。
//! 这样泛型代码也能把它交给 tokio::spawn。
use std::sync::Arc;
use std::time::Duration;

use tokio::time::sleep;

trait Fetch {
    fn fetch(&self, path: &str) -> impl Future<Output = String> + Send;
}

struct Mirror {
    name: &'static str,
}

impl Fetch for Mirror {
    // 实现里照样可以写 async fn：编译器检查它的 Future 确实是 Send。
    async fn fetch(&self, path: &str) -> String {
        sleep(Duration::from_millis(100)).await;
        format!("{} 上的 {path}", self.name)
    }
}

/// 泛型函数：每个文件开一个任务。多线程运行时可能把任务挪到别的线程，所以要 Send。
async fn fetch_all<F: Fetch + Send + Sync + 'static>(source: F, paths: &[&'static str]) {
    let source = Arc::new(source);
    let handles: Vec<_> = paths
        .iter()
        .map(|&path| {
            let source = Arc::clone(&source);
            tokio::spawn(async move { source.fetch(path).await })
        })
        .collect();
    for handle in handles {
        println!("{}", handle.await.unwrap());
    }
}

#[tokio::main]
async fn main() {
    let mirror = Mirror { name: "镜像 A" };
    fetch_all(mirror, &["a.pdf", "b.pdf", "c.pdf"]).await;
}
