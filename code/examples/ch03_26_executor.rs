//! 运行：cargo run --example ch03_26_executor
//!
//! 一个最小的执行器：就绪队列、poll、Waker；计时线程到点后唤醒任务。只用标准库。
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

/// 定时器：第一次被轮询时开一个线程去睡，到点后调用 waker。
struct Sleep {
    until: Instant,
    started: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.until {
            return Poll::Ready(());
        }
        if !self.started {
            self.started = true;
            let (until, waker) = (self.until, cx.waker().clone());
            thread::spawn(move || {
                thread::sleep(until.saturating_duration_since(Instant::now()));
                waker.wake(); // 到点了：请执行器再轮询一次
            });
        }
        Poll::Pending // 还没到点：执行器先去做别的
    }
}

fn sleep(millis: u64) -> Sleep {
    let until = Instant::now() + Duration::from_millis(millis);
    Sleep {
        until,
        started: false,
    }
}

/// 任务：一个装箱的 Future，和把自己放回就绪队列的办法。
struct Task {
    name: &'static str,
    future: Mutex<Pin<Box<dyn Future<Output = ()> + Send>>>,
    ready: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        println!("  唤醒任务 {}，放回就绪队列", self.name);
        let ready = self.ready.clone();
        ready.send(self).unwrap();
    }
}

fn main() {
    let start = Instant::now();
    let (ready, queue) = channel::<Arc<Task>>();
    let spawn = |name, future: Pin<Box<dyn Future<Output = ()> + Send>>| {
        let task = Task {
            name,
            future: Mutex::new(future),
            ready: ready.clone(),
        };
        ready.send(Arc::new(task)).unwrap();
    };
    spawn("A", Box::pin(async { sleep(300).await }));
    spawn(
        "B",
        Box::pin(async {
            sleep(200).await;
            println!("  任务 B 从上次停下的 .await 接着运行，开始第二段等待");
            sleep(200).await;
        }),
    );
    drop(ready); // 只剩任务手里的发送端：任务都结束并被丢弃后，队列关闭

    // 事件循环：取一个就绪的任务，轮询一次；队列空了就睡着等，直到有任务被唤醒。
    while let Ok(task) = queue.recv() {
        let waker = Waker::from(Arc::clone(&task));
        let mut cx = Context::from_waker(&waker);
        let poll = task.future.lock().unwrap().as_mut().poll(&mut cx);
        let t = start.elapsed().as_secs_f64();
        println!("{t:.2} 秒：轮询任务 {} → {poll:?}", task.name);
    }
    println!("所有任务都完成了");
}
