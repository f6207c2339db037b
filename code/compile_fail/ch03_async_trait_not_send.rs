//! trait 里写 async fn，泛型代码再把它的 Future 交给 tokio::spawn：编译器拒绝。
use std::sync::Arc;

trait Fetch {
    async fn fetch(&self, path: &str) -> String;
}

fn spawn_fetch<F: Fetch + Send + Sync + 'static>(
    source: Arc<F>,
) -> tokio::task::JoinHandle<String> {
    tokio::spawn(async move { source.fetch("a.pdf").await })
}

struct Cache;

impl Fetch for Cache {
    async fn fetch(&self, path: &str) -> String {
        format!("缓存里的 {path}")
    }
}

#[tokio::main]
async fn main() {
    let text = spawn_fetch(Arc::new(Cache)).await.unwrap();
    println!("{text}");
}
