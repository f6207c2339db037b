//! 运行：cargo run --release --example ch02_39_false_sharing
//!
//! 伪共享：两个线程各改各的计数器，互不相干；计数器挨得太近时，却比隔开时慢得多。
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

const ADDS: u64 = 20_000_000;

/// 两个计数器紧挨着；整体按 64 字节对齐，两个一定落在同一个 64 字节的缓存行里。
#[repr(align(64))]
struct Together {
    a: AtomicU64,
    b: AtomicU64,
}

/// 让每个计数器独占一个缓存行：按 64 字节对齐，大小也补到 64 字节。
#[repr(align(64))]
struct Padded(AtomicU64);

struct Apart {
    a: Padded,
    b: Padded,
}

/// 两个线程各给自己的计数器加 ADDS 次，返回用时。
fn time_two_counters(a: &AtomicU64, b: &AtomicU64) -> f64 {
    let start = Instant::now();
    thread::scope(|s| {
        for counter in [a, b] {
            s.spawn(move || {
                for _ in 0..ADDS {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    start.elapsed().as_secs_f64()
}

/// 两个计数器的地址相距多少字节。
fn distance(a: &AtomicU64, b: &AtomicU64) -> usize {
    (b as *const AtomicU64 as usize).abs_diff(a as *const AtomicU64 as usize)
}

fn main() {
    let together = Together {
        a: AtomicU64::new(0),
        b: AtomicU64::new(0),
    };
    let apart = Apart {
        a: Padded(AtomicU64::new(0)),
        b: Padded(AtomicU64::new(0)),
    };
    let t = time_two_counters(&together.a, &together.b);
    let d = distance(&together.a, &together.b);
    println!("两个计数器相距 {d} 字节：用时 {t:.3} 秒");
    let p = time_two_counters(&apart.a.0, &apart.b.0);
    let d = distance(&apart.a.0, &apart.b.0);
    println!("两个计数器相距 {d} 字节：用时 {p:.3} 秒");
}
