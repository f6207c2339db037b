//! 运行：cargo run --example ch02_24_pool
//!
//! 一个小小的线程池：3 个工作线程从同一个作业通道里取活，结果从另一个通道送回。
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

fn main() {
    let (job_tx, job_rx) = mpsc::channel::<u64>();
    let (result_tx, result_rx) = mpsc::channel();
    // 接收端只能有一个，所以用 Arc<Mutex<…>> 让 3 个工作线程轮流从它那里取作业。
    let job_rx = Arc::new(Mutex::new(job_rx));

    let workers: Vec<_> = (1..=3)
        .map(|id| {
            let job_rx = Arc::clone(&job_rx);
            let result_tx = result_tx.clone();
            thread::spawn(move || {
                let mut done = 0;
                loop {
                    // 锁只在这一句里持有：语句结束，临时的锁守卫就被丢弃。
                    let next = job_rx.lock().unwrap().recv();
                    let Ok(n) = next else { break }; // 作业通道关闭：下班
                    thread::sleep(Duration::from_millis(100));
                    result_tx.send((n, n * n)).unwrap();
                    done += 1;
                }
                (id, done)
            })
        })
        .collect();
    drop(result_tx);

    for n in 1..=10 {
        job_tx.send(n).unwrap();
    }
    drop(job_tx); // 不再有新作业

    // 结果到达的顺序取决于哪个工作线程先做完；排序后再打印。
    let mut results: Vec<(u64, u64)> = result_rx.iter().collect();
    results.sort();
    println!(
        "平方：{:?}",
        results.iter().map(|(_, sq)| sq).collect::<Vec<_>>()
    );

    let total: usize = workers.into_iter().map(|w| w.join().unwrap().1).sum();
    println!("3 个工作线程共完成 {total} 个作业，全部正常退出");
}
