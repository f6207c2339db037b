//! 运行：cargo run --example ch02_18_condvar
//!
//! `Condvar`：有界缓冲区。队列满了，生产者等；队列空了，消费者等。
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// 容量有限的队列，可以在线程之间共享。
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        BoundedQueue {
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity,
        }
    }

    /// 放入一个元素；队列满时等待。返回放入后队列的长度。
    pub fn push(&self, item: T) -> usize {
        let mut items = self.items.lock().unwrap();
        // 用 while 而不是 if：wait 可能“虚假唤醒”，醒来后必须重新检查条件。
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        self.not_empty.notify_one();
        items.len()
    }

    /// 取出一个元素；队列空时等待。
    pub fn pop(&self) -> T {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.not_empty.wait(items).unwrap();
        }
        let item = items.pop_front().expect("循环保证队列非空");
        self.not_full.notify_one();
        item
    }
}

fn main() {
    let queue = BoundedQueue::new(3);
    let slow = Duration::from_millis(100);

    let longest = thread::scope(|s| {
        let producer = s.spawn(|| {
            // 生产者很快，放进 1..=8，最后放一个 None 表示“没有了”。
            let mut longest = 0;
            for n in 1..=8 {
                longest = longest.max(queue.push(Some(n)));
            }
            queue.push(None);
            longest
        });
        s.spawn(|| {
            // 消费者很慢：每取一个要处理 0.1 秒。
            while let Some(n) = queue.pop() {
                println!("消费者取出 {n}");
                thread::sleep(slow);
            }
            println!("消费者：收到结束标记");
        });
        producer.join().unwrap()
    }); // scope 结束：两个线程都已结束
    assert!(longest <= 3);
    println!("生产者放完了；队列里的元素从未超过容量 3 个");
}
