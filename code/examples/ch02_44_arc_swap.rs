//! 运行：cargo run --example ch02_44_arc_swap
//!
//! ArcSwap：读得极多、偶尔整个换掉的共享配置。读者不加锁地拿到当前配置的 Arc，
//! 写者换上新的一份；已经拿到旧配置的读者照用旧的，不受影响。
use arc_swap::ArcSwap;
use std::sync::{Arc, Barrier};
use std::thread;

struct Config {
    version: u32,
    mirror: String,
}

fn main() {
    let config = ArcSwap::from_pointee(Config {
        version: 1,
        mirror: "mirror-a.example".to_string(),
    });
    // 两个线程走两步：请求先拿到配置，主线程才换；换好了，请求才往下走
    let step = Barrier::new(2);

    thread::scope(|s| {
        s.spawn(|| {
            // 一个“请求”开始：拿一份配置，整个请求都用它
            let snapshot = config.load_full();
            step.wait(); // 拿好了
            step.wait(); // 等主线程换上新配置
            println!(
                "请求中途换了配置，它手里仍是版本 {}（{}）",
                snapshot.version, snapshot.mirror
            );
            let now = config.load();
            println!("下一个请求拿到版本 {}（{}）", now.version, now.mirror);
        });

        step.wait();
        // 热更新：整个换上新的一份，不改旧的
        config.store(Arc::new(Config {
            version: 2,
            mirror: "mirror-b.example".to_string(),
        }));
        step.wait();
    });
}
