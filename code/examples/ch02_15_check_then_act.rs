//! 运行：cargo run --example ch02_15_check_then_act
//!
//! 先检查、后行动：检查和行动各拿一次锁，中间的空档里条件已经变了。
use std::sync::{Barrier, Mutex};
use std::thread;

fn main() {
    let tickets = Mutex::new(vec!["最后一张票"]);
    let both_checked = Barrier::new(2); // 固定时机：两个线程都检查完了，才去拿

    let outcomes: Vec<(bool, Option<&str>)> = thread::scope(|s| {
        let sellers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let saw_ticket = !tickets.lock().unwrap().is_empty(); // 检查：还有票
                    both_checked.wait();
                    // 行动：再拿一次锁去取。写成 v[len - 1] 的话，这里会 panic。
                    let got = if saw_ticket {
                        tickets.lock().unwrap().pop()
                    } else {
                        None
                    };
                    (saw_ticket, got)
                })
            })
            .collect();
        sellers.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let saw = outcomes.iter().filter(|(saw, _)| *saw).count();
    let got = outcomes.iter().filter(|(_, got)| got.is_some()).count();
    println!("检查时看到还有票的线程：{saw} 个；真正拿到票的：{got} 个");

    // 改法：检查和行动在同一次加锁里完成。`pop` 本身就是“有就拿走，没有就说没有”。
    let tickets = Mutex::new(vec!["最后一张票"]);
    let got = thread::scope(|s| {
        let sellers: Vec<_> = (0..2)
            .map(|_| s.spawn(|| tickets.lock().unwrap().pop()))
            .collect();
        sellers
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .count()
    });
    println!("检查和取票在同一次加锁里：拿到票的 {got} 个，另一个得到 None，知道自己没买到");
}
