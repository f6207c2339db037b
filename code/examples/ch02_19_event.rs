//! 运行：cargo run --example ch02_19_event
//!
//! 标准库没有 `Event`，用 `Mutex<bool>` + `Condvar` 自己做一个。
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// 相当于 Python 的 `threading.Event`：一个可以等待的开关。
#[derive(Default)]
pub struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    pub fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// 打开开关，叫醒所有正在等的线程。
    pub fn set(&self) {
        *self.flag.lock().unwrap() = true;
        self.changed.notify_all();
    }

    /// 关上开关；之后调用 wait 的线程会重新等待。
    pub fn clear(&self) {
        *self.flag.lock().unwrap() = false;
    }

    pub fn is_set(&self) -> bool {
        *self.flag.lock().unwrap()
    }

    /// 等到开关打开。wait_while 在条件仍成立时继续等，虚假唤醒也不会让它提前返回。
    pub fn wait(&self) {
        let flag = self.flag.lock().unwrap();
        let _flag = self.changed.wait_while(flag, |set| !*set).unwrap();
    }

    /// 最多等 `timeout`；返回开关是否已打开（false 表示超时）。
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let flag = self.flag.lock().unwrap();
        let (flag, _) = self
            .changed
            .wait_timeout_while(flag, timeout, |set| !*set)
            .unwrap();
        *flag
    }
}

fn main() {
    let start_signal = Event::new();
    let start = Instant::now();

    thread::scope(|s| {
        let runners: Vec<_> = (1..=3)
            .map(|id| {
                let start_signal = &start_signal;
                s.spawn(move || {
                    start_signal.wait(); // 在这里等发令
                    (id, start.elapsed().as_secs_f64())
                })
            })
            .collect();

        thread::sleep(Duration::from_millis(500));
        println!("裁判：预备……跑！");
        start_signal.set();

        for runner in runners {
            let (id, waited) = runner.join().unwrap();
            println!("选手 {id} 起跑，等了 {waited:.1} 秒");
        }
    });

    let never = Event::new();
    let start = Instant::now();
    let got_it = never.wait_timeout(Duration::from_millis(200));
    let waited = start.elapsed().as_secs_f64();
    println!("没人发令的 Event：等了 {waited:.1} 秒，返回 {got_it}（超时）");
}
