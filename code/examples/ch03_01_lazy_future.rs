//! 运行：cargo run --example ch03_01_lazy_future
//!
//! async 函数被调用时并不执行，要等 `.await` 才开始跑。
async fn greet(name: &str) -> String {
    println!("  greet 开始执行");
    format!("你好，{name}")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let future = greet("世界");
    println!("已调用 greet()，得到一个 Future，函数体还没有执行");

    let text = future.await;
    println!("await 之后得到：{text}");
}
