//! 运行：cargo run --example ch02_12_rwlock
//!
//! `RwLock`：许多线程可以同时读，写的时候独占。
use std::sync::{Barrier, RwLock};
use std::thread;

fn main() {
    let mirror = RwLock::new(String::from("镜像 A"));
    // 三个读者都拿着读锁，才能一起走过这道关卡：这证明读锁可以同时被多人持有。
    // （换成 Mutex，第二个读者拿不到锁，三个线程会永远卡在这里。）
    let all_reading = Barrier::new(3);

    thread::scope(|s| {
        let readers: Vec<_> = (1..=3)
            .map(|id| {
                // 先取引用：下面的 move 搬进线程的只是这两个引用（和 id），
                // 数据本身仍归 main 所有，线程只是借用它。
                let (mirror, all_reading) = (&mirror, &all_reading);
                s.spawn(move || {
                    let value = mirror.read().unwrap();
                    all_reading.wait();
                    format!("读者 {id} 读到：{value}")
                })
            })
            .collect();
        for reader in readers {
            println!("{}", reader.join().unwrap());
        }
    });

    // 写锁是独占的：拿到它时，没有任何读者或写者同时持有这把锁。
    *mirror.write().unwrap() = String::from("镜像 B");
    println!("写者改完后再读：{}", mirror.read().unwrap());
}
