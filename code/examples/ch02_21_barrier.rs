//! 运行：cargo run --example ch02_21_barrier
//!
//! `Barrier`：所有线程都到齐了，才一起进入下一阶段。
use std::sync::{Barrier, Mutex};
use std::thread;

fn main() {
    let data = [3, 1, 4, 1, 5, 9, 2, 6, 5];
    let parts: Vec<&[i32]> = data.chunks(3).collect();
    let sums = Mutex::new(vec![0; parts.len()]);
    let barrier = Barrier::new(parts.len());

    let shares = thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let (sums, barrier) = (&sums, &barrier);
                s.spawn(move || {
                    // 第 1 阶段：各算各的部分和。
                    let mine: i32 = part.iter().sum();
                    sums.lock().unwrap()[i] = mine;

                    // 等所有线程都写好部分和；恰好一个线程被选为“领头”。
                    if barrier.wait().is_leader() {
                        println!("三个线程都到齐了，进入第 2 阶段");
                    }

                    // 第 2 阶段：每个线程都能读到完整的总和。
                    let total: i32 = sums.lock().unwrap().iter().sum();
                    (mine, total)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });

    for (i, (mine, total)) in shares.iter().enumerate() {
        let percent = f64::from(*mine) * 100.0 / f64::from(*total);
        println!("线程 {i}：部分和 {mine}，占总和 {total} 的 {percent:.1}%");
    }
}
