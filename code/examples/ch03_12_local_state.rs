//! 运行：cargo run --example ch03_12_local_state
//!
//! 单线程上的共享状态：Rc<RefCell<…>>，不用锁。
use std::cell::RefCell;
use std::rc::Rc;

use tokio::task::{LocalSet, yield_now};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let counter = Rc::new(RefCell::new(0u32));

    // LocalSet 里的任务只在这一个线程上运行，所以可以持有 Rc 和 RefCell。
    let local = LocalSet::new();
    for _ in 0..10 {
        let counter = Rc::clone(&counter);
        local.spawn_local(async move {
            for _ in 0..1000 {
                *counter.borrow_mut() += 1; // 借用在这一行结束，不跨越 await
                yield_now().await; // 每加一次就让出，十个任务轮流执行
            }
        });
    }
    local.await; // 运行 LocalSet，直到其中的任务全部完成

    println!("10 个任务各加 1000 次，结果：{}", counter.borrow());
}
