//! 运行：cargo run --example ch03_34_queue_full
//!
//! 生产者每 1 毫秒发一条、消费者每条要 3 毫秒：无界通道越攒越多，有界通道让生产者等，
//! 或者用 try_send 把多出来的丢掉。时间在 tokio 暂停的时钟上，内存用计数的分配器量。
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// 记下堆上现在有多少字节：每次分配加上，每次释放减去，其余交给系统的分配器。
struct Counting;
static HEAP: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HEAP.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HEAP.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MESSAGES: usize = 1000;

/// 一条 1 KiB 的消息，记着它是什么时候发出的。
struct Job {
    sent: Instant,
    _payload: Vec<u8>,
}

fn job() -> Job {
    Job {
        sent: Instant::now(),
        _payload: vec![0; 1024],
    }
}

/// 慢的消费者：每条 3 毫秒；返回一条消息在通道里最多等了多久。
async fn handle(job: Job, longest: &mut Duration) {
    *longest = (*longest).max(job.sent.elapsed());
    sleep(Duration::from_millis(3)).await;
}

fn report(name: &str, took: Duration, dropped: usize, peak: usize, longest: Duration) {
    let (took, peak, longest) = (took.as_secs_f64(), peak / 1024, longest.as_secs_f64());
    println!("{name}：发完用了 {took:.1} 秒，丢掉 {dropped} 条；");
    println!("    堆上最多多占 {peak} KiB，一条消息最多排队 {longest:.1} 秒");
}

async fn unbounded() {
    let (start, base, mut peak) = (Instant::now(), HEAP.load(Ordering::Relaxed), 0);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let consumer = tokio::spawn(async move {
        let mut longest = Duration::ZERO;
        while let Some(job) = rx.recv().await {
            handle(job, &mut longest).await;
        }
        longest
    });
    for _ in 0..MESSAGES {
        tx.send(job()).unwrap(); // 从不等待，也从不失败（除非接收端没了）
        peak = peak.max(HEAP.load(Ordering::Relaxed) - base);
        sleep(Duration::from_millis(1)).await;
    }
    let took = start.elapsed();
    drop(tx);
    let longest = consumer.await.unwrap();
    report("无界通道", took, 0, peak, longest);
}

async fn bounded(drop_when_full: bool) {
    let (start, base, mut peak) = (Instant::now(), HEAP.load(Ordering::Relaxed), 0);
    let (tx, mut rx) = mpsc::channel(100);
    let consumer = tokio::spawn(async move {
        let mut longest = Duration::ZERO;
        while let Some(job) = rx.recv().await {
            handle(job, &mut longest).await;
        }
        longest
    });
    let mut dropped = 0;
    for _ in 0..MESSAGES {
        if drop_when_full {
            // 满了立即返回 Err(Full(消息))：消息还给你，由你决定丢掉还是另作处理。
            if tx.try_send(job()).is_err() {
                dropped += 1;
            }
        } else {
            tx.send(job()).await.unwrap(); // 满了就等：背压
        }
        peak = peak.max(HEAP.load(Ordering::Relaxed) - base);
        sleep(Duration::from_millis(1)).await;
    }
    let took = start.elapsed();
    let name = if drop_when_full {
        "有界通道（100），try_send"
    } else {
        "有界通道（100），send().await"
    };
    drop(tx);
    let longest = consumer.await.unwrap();
    report(name, took, dropped, peak, longest);
}

// start_paused：时钟从一开始就停住，没有任务能运行时，直接拨到最近的定时器。
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("生产者发 {MESSAGES} 条，每 1 毫秒一条；消费者每条要 3 毫秒");
    unbounded().await;
    bounded(false).await;
    bounded(true).await;
}
