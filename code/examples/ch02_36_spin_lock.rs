//! 运行：cargo run --example ch02_36_spin_lock
//!
//! 自旋锁：一个 AtomicBool 加上被保护的数据。拿不到锁的线程不睡下，原地转圈再试。
use std::cell::UnsafeCell;
use std::hint;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// UnsafeCell 不是 Sync，编译器不许几个线程共用这把锁；由这段代码担保：
// value 只在持锁时被访问，同一时刻只有一个线程持锁，所以和 Mutex 一样，T: Send 就够了。
unsafe impl<T: Send> Sync for SpinLock<T> {}

pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
}

// 几个线程共用一个守卫时，它们都能拿到 &T，所以要求 T: Sync（与 MutexGuard 相同）。
unsafe impl<T: Sync> Sync for Guard<'_, T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> Guard<'_, T> {
        // 把 false 换成 true，换成了就是拿到了锁。Acquire：上一个持锁者解锁前写下的，这里都看得见。
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            hint::spin_loop(); // 告诉 CPU 这是在空转等待
        }
        Guard { lock: self }
    }
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // 安全：守卫在，锁就在当前线程手里，没有别的线程在访问 value
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // Release：持锁时写的一切，下一个用 Acquire 拿到锁的线程都看得见
        self.lock.locked.store(false, Ordering::Release);
    }
}

fn main() {
    // Vec 不是原子的：两个线程同时 push，轻则丢数据，重则内存出错。锁住它，一条不少。
    let log = SpinLock::new(Vec::new());
    thread::scope(|s| {
        for id in 0..4 {
            let log = &log;
            s.spawn(move || {
                for i in 0..10_000 {
                    log.lock().push((id, i));
                }
            });
        }
    });
    println!("4 个线程各记 10000 条，共 {} 条", log.lock().len());
}
