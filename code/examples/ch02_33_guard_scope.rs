//! 运行：cargo run --example ch02_33_guard_scope
//!
//! 临时的锁守卫活多久：`match`、`if let` 判断的那个表达式里的守卫，比你以为的活得更久。
use std::sync::Mutex;

/// 只看一眼，不等待：此刻锁是否被占着。被占着时，在这里调用 `lock()` 就把自己锁死了。
fn status(jobs: &Mutex<Vec<u32>>) -> &'static str {
    match jobs.try_lock() {
        Ok(_) => "锁已放开",
        Err(_) => "锁还被占着",
    }
}

fn main() {
    let jobs = Mutex::new(vec![1, 2, 3]);

    // match：临时守卫活到整个 match 结束，每个分支里都还占着锁。
    match jobs.lock().unwrap().pop() {
        Some(job) => println!("match 的分支里做作业 {job}：{}", status(&jobs)),
        None => println!("没有作业了"),
    }

    // if let：then 块里同样占着锁。
    if let Some(job) = jobs.lock().unwrap().pop() {
        println!("if let 的 then 块里做作业 {job}：{}", status(&jobs));
    }

    // 改法：先把值取出来。这一句结束，临时守卫就被丢弃了。
    let next = jobs.lock().unwrap().pop();
    if let Some(job) = next {
        println!("先取出来再做作业 {job}：{}", status(&jobs));
    }

    // Rust 2024 起，进 else 块之前，if let 的临时守卫已经被丢弃（Rust 2021 里还占着）。
    if let Some(job) = jobs.lock().unwrap().pop() {
        println!("作业 {job}");
    } else {
        println!("if let 的 else 块里：{}", status(&jobs));
    }

    // 守卫绑在变量上，就活到作用域结束；提前放开用 drop（或者放进一个内层的 { } 块）。
    let mut guard = jobs.lock().unwrap();
    guard.push(4);
    drop(guard);
    println!("drop(guard) 之后：{}", status(&jobs));
}
