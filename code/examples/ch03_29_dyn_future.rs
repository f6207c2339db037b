//! 运行：cargo run --example ch03_29_dyn_future
//!
//! 要用 dyn Trait：方法交回装箱的 Future，`Pin<Box<dyn Future<Output = …> + Send>>`。
//! 每次调用多一次堆分配，换来不同类型的实现能放进同一个 Vec。
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::sleep;

trait Fetch {
    fn fetch(&self, path: String) -> Pin<Box<dyn Future<Output = String> + Send + '_>>;
}

struct Mirror {
    name: &'static str,
}

impl Fetch for Mirror {
    fn fetch(&self, path: String) -> Pin<Box<dyn Future<Output = String> + Send + '_>> {
        Box::pin(async move {
            sleep(Duration::from_millis(100)).await;
            format!("{} 上的 {path}", self.name)
        })
    }
}

struct Cache;

impl Fetch for Cache {
    fn fetch(&self, path: String) -> Pin<Box<dyn Future<Output = String> + Send + '_>> {
        Box::pin(async move { format!("缓存里的 {path}") })
    }
}

#[tokio::main]
async fn main() {
    // 不同类型的来源放进同一个 Vec：运行时才知道调用的是哪个实现。
    let sources: Vec<Arc<dyn Fetch + Send + Sync>> =
        vec![Arc::new(Mirror { name: "镜像 A" }), Arc::new(Cache)];
    let handles: Vec<_> = sources
        .into_iter()
        .map(|source| tokio::spawn(async move { source.fetch("a.pdf".to_string()).await }))
        .collect();
    for handle in handles {
        println!("{}", handle.await.unwrap());
    }
}
