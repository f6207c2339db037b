//! 运行：cargo run --example ch03_e2_first_done
//!
//! 练习 3.2 的参考答案：同一个文件有几个镜像，谁先下完用谁，其余的立即取消。
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// 同时运行所有任务，返回最先完成的那个的结果；其余任务在返回前被取消。
/// 没有任务时返回 `None`。
pub async fn first_done<T: Send + 'static>(
    tasks: Vec<impl Future<Output = T> + Send + 'static>,
) -> Option<T> {
    // 练习：把任务都放进 JoinSet，等第一个完成的；其余的要取消
    let mut set = JoinSet::new();
    for task in tasks {
        set.spawn(task);
    }
    let first = set.join_next().await?;
    // 离开函数时 set 被丢弃，JoinSet 会取消（abort）里面还没完成的任务。
    Some(first.expect("任务不会 panic"))
}

/// 假装从一个镜像下载：等 `millis` 毫秒，返回镜像的名字。
async fn mirror(name: &'static str, millis: u64) -> &'static str {
    sleep(Duration::from_millis(millis)).await;
    name
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let mirrors = vec![
        mirror("北京", 600),
        mirror("东京", 200),
        mirror("法兰克福", 400),
    ];
    let winner = first_done(mirrors).await.expect("至少有一个镜像");
    let elapsed = start.elapsed().as_secs_f64();
    println!("最快的镜像：{winner}，用了 {elapsed:.1} 秒，其余的已取消");
}
