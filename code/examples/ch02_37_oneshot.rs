//! 运行：cargo run --example ch02_37_oneshot
//!
//! 一次性通道：只传一条消息。消息放在一个格子里，一个原子的状态说明格子里有没有东西。
use std::cell::UnsafeCell;
use std::hint;
use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;

const EMPTY: u8 = 0; // 还没发
const READY: u8 = 1; // 消息已写好
const CLOSED: u8 = 2; // 消息已被取走，或者发送端没发就被丢弃了

struct Slot<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
}

// 由这段代码担保：message 只由发送端写一次，接收端在看到 READY 之后读一次。
unsafe impl<T: Send> Sync for Slot<T> {}

pub struct Sender<T>(Arc<Slot<T>>);
pub struct Receiver<T>(Arc<Slot<T>>);

pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Slot {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        state: AtomicU8::new(EMPTY),
    });
    (Sender(Arc::clone(&slot)), Receiver(slot))
}

impl<T> Sender<T> {
    /// send 拿走发送端，所以最多发一次。
    pub fn send(self, message: T) {
        // 安全：状态还是 EMPTY，接收端不会去读格子
        unsafe { (*self.0.message.get()).write(message) };
        // Release：接收端用 Acquire 看到 READY 时，上面写进格子的消息一定看得见
        self.0.state.store(READY, Ordering::Release);
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // 没发就被丢弃：状态若还是 EMPTY，改成 CLOSED，接收端就不会一直等；发过了则什么也不做
        let state = &self.0.state;
        let _ = state.compare_exchange(EMPTY, CLOSED, Ordering::Relaxed, Ordering::Relaxed);
    }
}

impl<T> Receiver<T> {
    /// 等到消息；发送端没发就没了，返回 None。
    pub fn recv(self) -> Option<T> {
        loop {
            match self.0.state.load(Ordering::Acquire) {
                READY => {
                    // 安全：看到了 READY，消息已写好，而且只有这一个接收端
                    let message = unsafe { (*self.0.message.get()).assume_init_read() };
                    self.0.state.store(CLOSED, Ordering::Relaxed);
                    return Some(message);
                }
                CLOSED => return None,
                _ => hint::spin_loop(),
            }
        }
    }
}

impl<T> Drop for Slot<T> {
    fn drop(&mut self) {
        // 最后一个 Arc 走了，只剩这一个；消息发了却没人取，就在这里丢弃它
        if self.state.load(Ordering::Relaxed) == READY {
            unsafe { (*self.message.get()).assume_init_drop() };
        }
    }
}

fn main() {
    let (tx, rx) = oneshot();
    let worker = thread::spawn(move || {
        let primes: Vec<u32> = (2..30).filter(|n| (2..*n).all(|d| n % d != 0)).collect();
        tx.send(primes);
    });
    println!("收到：{:?}", rx.recv());
    worker.join().unwrap();

    let (tx, rx) = oneshot::<Vec<u32>>();
    thread::spawn(move || drop(tx)).join().unwrap();
    println!("发送端没发就被丢弃：{:?}", rx.recv());
}
