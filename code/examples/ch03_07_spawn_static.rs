//! 运行：cargo run --example ch03_07_spawn_static
//!
//! tokio::spawn 的任务不能借用局部变量：把 Arc 克隆一份移进任务。join! 则可以直接借用。
use std::sync::Arc;

/// 数一数 text 里有几个 word（假装这是一次要等的异步操作）。
async fn count(text: &str, word: &str) -> usize {
    tokio::task::yield_now().await;
    text.matches(word).count()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let text: Arc<str> = Arc::from("任务可能比创建它的函数活得久，所以任务不能借用函数的局部变量");

    // spawn：每个任务带走一份 Arc。克隆的只是指针，引用计数加一，文字并不复制。
    let mut handles = Vec::new();
    for word in ["任务", "函数"] {
        let text = Arc::clone(&text);
        handles.push((word, tokio::spawn(async move { count(&text, word).await })));
    }
    println!("两个任务创建之后，引用计数：{}", Arc::strong_count(&text));
    for (word, handle) in handles {
        let n = handle.await.expect("任务不会 panic");
        println!("spawn：“{word}”出现 {n} 次");
    }
    // 任务结束时，它的 Future 连同那份 Arc 一起被丢弃。
    println!("任务结束之后，引用计数：{}", Arc::strong_count(&text));

    // join!：两个 Future 就在这一行、在当前任务里被等完，可以直接借用 text。
    let (a, b) = tokio::join!(count(&text, "局部"), count(&text, "活得久"));
    println!("join!：“局部”出现 {a} 次，“活得久”出现 {b} 次");
}
