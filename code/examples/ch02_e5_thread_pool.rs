//! 运行：cargo run --example ch02_e5_thread_pool
//!
//! 练习 2.5 的参考答案：固定线程数、队列有上限的线程池；关闭时做完已经排队的作业再退出。
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    /// 关闭时先丢弃它（所以放在 Option 里）：通道关上，工人取完剩下的作业就下班。
    sender: Option<mpsc::SyncSender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// `threads` 个工人（至少 1 个）；最多 `queue` 个作业排队，再提交就要等。
    pub fn new(threads: usize, queue: usize) -> ThreadPool {
        // 练习：建一条 sync_channel(queue)，启动 threads 个工人从同一个接收端取作业
        let (sender, receiver) = mpsc::sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..threads.max(1))
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                thread::spawn(move || {
                    loop {
                        // 锁只在这一句里持有，执行作业时别的工人可以去取下一个。
                        let next = receiver.lock().unwrap().recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => break, // 通道关了，队列也空了：下班
                        }
                    }
                })
            })
            .collect();
        ThreadPool {
            sender: Some(sender),
            workers,
        }
    }

    /// 提交一个作业；队列满了就等到有空位。
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        // 练习：把作业装箱，送进通道（满了 send 会等）
        let sender = self.sender.as_ref().expect("关闭之前一直都在");
        sender.send(Box::new(job)).expect("工人都还在");
    }

    /// 不再接受新作业，等排队的和正在执行的作业都做完，回收所有工人。
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        // 练习：丢掉发送端，然后 join 每个工人
        drop(self.sender.take());
        for worker in self.workers.drain(..) {
            // 某个作业 panic 会让它的工作线程结束；这里报告出来，而不是悄悄吞掉。
            if worker.join().is_err() {
                eprintln!("有一个作业 panic 了");
            }
        }
    }
}

impl Drop for ThreadPool {
    /// 忘了调用 shutdown 也一样：丢弃线程池时做完剩下的作业再走。
    fn drop(&mut self) {
        self.stop();
    }
}

fn main() {
    let done = Arc::new(AtomicUsize::new(0));
    let pool = ThreadPool::new(3, 4);
    for n in 1..=20u64 {
        let done = Arc::clone(&done);
        pool.execute(move || {
            let _ = (1..=n).product::<u64>(); // 算一算 n!
            // 只是计数，Relaxed 就够了：shutdown 里的 join 保证之后读得到所有的加一
            // （见第 2 章“不用锁的计数器：原子类型”）。
            done.fetch_add(1, Ordering::Relaxed);
        });
    }
    println!("20 个作业都已提交（队列最多排 4 个，提交时可能要等）");
    pool.shutdown();
    println!("关闭之后：完成了 {} 个作业", done.load(Ordering::Relaxed));
}
