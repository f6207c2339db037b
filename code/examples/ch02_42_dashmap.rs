//! 运行：cargo run --example ch02_42_dashmap
//!
//! DashMap：几个线程同时读写的 HashMap。内部分成许多片，每片一把读写锁，
//! 改不同片的线程互不等待。
use dashmap::DashMap;
use dashmap::try_result::TryResult;
use std::thread;

fn main() {
    let lines = ["苹果 香蕉 苹果", "香蕉 樱桃", "苹果 樱桃 樱桃"];
    let counts: DashMap<&str, usize> = DashMap::new();
    thread::scope(|s| {
        for line in lines {
            let counts = &counts;
            s.spawn(move || {
                for word in line.split_whitespace() {
                    // entry 拿着这个键所在那一片的写锁，读、加一、写回是一步
                    *counts.entry(word).or_insert(0) += 1;
                }
            });
        }
    });
    let mut sorted: Vec<_> = counts.iter().map(|e| (*e.key(), *e.value())).collect();
    sorted.sort();
    println!("{sorted:?}");

    // 坑：拿着 get 交回的引用（那一片的读锁）时，再去写同一片，会一直等下去
    let apples = counts.get("苹果").unwrap();
    match counts.try_get_mut("苹果") {
        TryResult::Locked => println!("拿着“苹果”的引用时，写它被挡住了（换成 get_mut 就是死锁）"),
        _ => println!("没被挡住"),
    }
    drop(apples);
    *counts.get_mut("苹果").unwrap() += 1;
    println!("放开引用再写：苹果 {}", *counts.get("苹果").unwrap());
}
