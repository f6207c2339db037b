//! 运行：cargo run --release --example ch02_38_rwlock_measured
//!
//! 读多写少时，RwLock 比 Mutex 快多少？读者不停时，写者要等多久？
use std::hint::black_box;
use std::sync::{Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

const READS: usize = 100_000;

/// `threads` 个线程一共读 READS 次，每次在锁里调用一次 `read`；返回总用时（秒）。
fn time_reads(threads: usize, read: impl Fn() -> u64 + Sync) -> f64 {
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..READS / threads {
                    black_box(read());
                }
            });
        }
    });
    start.elapsed().as_secs_f64()
}

/// 锁里的活：把 1000 个数逐个混进一个散列值。
fn hash(data: &[u64]) -> u64 {
    data.iter().fold(0, |h, x| h.wrapping_mul(31) ^ x)
}

/// 三个读者错开 1 毫秒起步，每次拿着读锁 3 毫秒，放开马上再拿，任何时刻都有人在读；
/// 0.3 秒后停下。写者在第 0.05 秒要写一次：返回它等了多久。
fn writer_wait(keep_trying: bool) -> f64 {
    let lock = RwLock::new(0u64);
    thread::scope(|s| {
        let end = Instant::now() + Duration::from_millis(300);
        for r in 0..3 {
            let lock = &lock;
            s.spawn(move || {
                thread::sleep(Duration::from_millis(r));
                while Instant::now() < end {
                    let _reading = lock.read().unwrap();
                    thread::sleep(Duration::from_millis(3));
                }
            });
        }
        thread::sleep(Duration::from_millis(50));
        let start = Instant::now();
        if keep_trying {
            // 从不排队：锁空着才进去，否则睡 0.1 毫秒再试
            loop {
                if let Ok(mut value) = lock.try_write() {
                    *value += 1;
                    break;
                }
                thread::sleep(Duration::from_micros(100));
            }
        } else {
            *lock.write().unwrap() += 1; // 排队等
        }
        start.elapsed().as_secs_f64()
    })
}

fn main() {
    let data: Vec<u64> = (0..1000).collect();
    let mutex = Mutex::new(data.clone());
    let rwlock = RwLock::new(data);
    println!("一共读 {READS} 次，每次在锁里算 1000 个数：");
    let one = time_reads(1, || hash(&mutex.lock().unwrap()));
    println!("1 个线程，Mutex：{one:.3} 秒");
    let m = time_reads(2, || hash(&mutex.lock().unwrap()));
    println!("2 个线程，Mutex：{m:.3} 秒");
    let r = time_reads(2, || hash(&rwlock.read().unwrap()));
    println!("2 个线程，RwLock：{r:.3} 秒");

    println!("读者不停地读，写者要写一次：");
    println!("排队等 write()：等了 {:.3} 秒", writer_wait(false));
    println!("反复 try_write()：等了 {:.3} 秒", writer_wait(true));
}
