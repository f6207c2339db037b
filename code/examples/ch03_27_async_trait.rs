//! 运行：cargo run --example ch03_27_async_trait
//!
//! trait 里的 async fn（Rust 1.75 起）：通过泛型调用，编译器为每个实现各生成一份代码。
use std::time::Duration;

use tokio::time::sleep;

trait Fetch {
    async fn fetch(&self, path: &str) -> String;
}

/// 从镜像下载：真的要等一会儿。
struct Mirror {
    name: &'static str,
    millis: u64,
}

impl Fetch for Mirror {
    async fn fetch(&self, path: &str) -> String {
        sleep(Duration::from_millis(self.millis)).await;
        format!("{} 上的 {path}", self.name)
    }
}

/// 从缓存取：不用等，函数体里一个 .await 也没有，也照样是 async fn。
struct Cache;

impl Fetch for Cache {
    async fn fetch(&self, path: &str) -> String {
        format!("缓存里的 {path}")
    }
}

/// 对任何实现了 Fetch 的类型都能用：两个文件同时取。
async fn fetch_both(source: &impl Fetch) -> (String, String) {
    tokio::join!(source.fetch("a.pdf"), source.fetch("b.pdf"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mirror = Mirror {
        name: "镜像 A",
        millis: 200,
    };
    println!("{:?}", fetch_both(&mirror).await);
    println!("{:?}", fetch_both(&Cache).await);
}
