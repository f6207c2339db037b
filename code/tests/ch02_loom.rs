//! 用 loom 对第 2 章自己实现的 `Event`、`Semaphore`、有界队列，和进阶一节用原子类型
//! 做的自旋锁、一次性通道做模型检查。
//!
//! 普通的测试只能碰上调度器碰巧给出的几种交错；loom 在 `loom::model` 里把线程的
//! 所有交错（在抢占次数的上限内）逐一跑一遍，遗漏的唤醒、死锁、越过上限都会被找出来。
//!
//! loom 要用它自己的 `Mutex`、`Condvar`、原子类型才能控制线程的交错，所以这里有一份这五个
//! 同步工具的副本：和书里的代码一样，只是 `use` 换成了 loom 的同名类型（整行的注释省掉了）。
//! 普通的 `cargo test` 会运行下面的 `loom_copies_match_the_cells`，检查副本与示例文件
//! 除 `use` 和注释以外逐行相同，免得测的和书里展示的不是同一份代码。模型检查本身只在
//! `--cfg bingfa_loom` 下编译。运行：
//!
//! ```console
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg bingfa_loom" CARGO_TARGET_DIR=target/loom cargo test --release --test ch02_loom
//! ```

/// 副本与示例文件里的同步工具逐行相同（不计 `use`、整行的注释和空行，也不计缩进）。
/// 示例文件里比较的是最后一个 `use` 和 `fn main` 之间的部分；副本是下面同名模块的内容。
#[test]
fn loom_copies_match_the_cells() {
    let this_file = include_str!("ch02_loom.rs");
    let cells = [
        ("event", include_str!("../examples/ch02_19_event.rs")),
        (
            "semaphore",
            include_str!("../examples/ch02_20_semaphore.rs"),
        ),
        (
            "bounded_queue",
            include_str!("../examples/ch02_18_condvar.rs"),
        ),
        (
            "spin_lock",
            include_str!("../examples/ch02_36_spin_lock.rs"),
        ),
        ("oneshot", include_str!("../examples/ch02_37_oneshot.rs")),
    ];
    for (module, cell) in cells {
        let start = format!("mod {module} {{");
        let copy: Vec<&str> = this_file
            .lines()
            .skip_while(|line| *line != start)
            .skip(1)
            .take_while(|line| *line != "}")
            .collect();
        assert!(!copy.is_empty(), "找不到副本 mod {module}");
        let before_main: Vec<&str> = cell
            .lines()
            .take_while(|line| *line != "fn main() {")
            .collect();
        let last_use = before_main
            .iter()
            .rposition(|line| line.starts_with("use "))
            .expect("示例文件里有 use");
        assert_eq!(
            code_lines(&copy),
            code_lines(&before_main[last_use + 1..]),
            "tests/ch02_loom.rs 里的 mod {module} 与示例文件不一致：改了示例，就照样改副本"
        );
    }
}

/// 去掉缩进、空行、整行的注释和 `use` 之后剩下的代码行。
fn code_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty() && !line.starts_with("//") && !line.starts_with("use "))
        .collect()
}

// ---- 以下只在 `--cfg bingfa_loom` 下编译 ----

/// ch02_19_event.rs 里的 `Event`。
#[cfg(bingfa_loom)]
mod event {
    use crate::condvar_ext::CondvarExt;
    use loom::sync::{Condvar, Mutex};
    use std::time::Duration;

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

        pub fn set(&self) {
            *self.flag.lock().unwrap() = true;
            self.changed.notify_all();
        }

        pub fn clear(&self) {
            *self.flag.lock().unwrap() = false;
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock().unwrap()
        }

        pub fn wait(&self) {
            let flag = self.flag.lock().unwrap();
            let _flag = self.changed.wait_while(flag, |set| !*set).unwrap();
        }

        pub fn wait_timeout(&self, timeout: Duration) -> bool {
            let flag = self.flag.lock().unwrap();
            let (flag, _) = self
                .changed
                .wait_timeout_while(flag, timeout, |set| !*set)
                .unwrap();
            *flag
        }
    }
}

/// ch02_20_semaphore.rs 里的 `Semaphore`。
#[cfg(bingfa_loom)]
mod semaphore {
    use crate::condvar_ext::CondvarExt;
    use loom::sync::{Condvar, Mutex};

    pub struct Semaphore {
        permits: Mutex<usize>,
        returned: Condvar,
    }

    pub struct Permit<'a> {
        semaphore: &'a Semaphore,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore {
                permits: Mutex::new(permits),
                returned: Condvar::new(),
            }
        }

        pub fn acquire(&self) -> Permit<'_> {
            let permits = self.permits.lock().unwrap();
            let mut permits = self.returned.wait_while(permits, |n| *n == 0).unwrap();
            *permits -= 1;
            Permit { semaphore: self }
        }
    }

    impl Drop for Permit<'_> {
        fn drop(&mut self) {
            *self.semaphore.permits.lock().unwrap() += 1;
            self.semaphore.returned.notify_one();
        }
    }
}

/// ch02_18_condvar.rs 里的 `BoundedQueue`。
#[cfg(bingfa_loom)]
mod bounded_queue {
    use loom::sync::{Condvar, Mutex};
    use std::collections::VecDeque;

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

        pub fn push(&self, item: T) -> usize {
            let mut items = self.items.lock().unwrap();
            while items.len() == self.capacity {
                items = self.not_full.wait(items).unwrap();
            }
            items.push_back(item);
            self.not_empty.notify_one();
            items.len()
        }

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
}

/// ch02_36_spin_lock.rs 里的 `SpinLock`。
#[cfg(bingfa_loom)]
mod spin_lock {
    use crate::loom_cell::UnsafeCell;
    use loom::hint;
    use loom::sync::atomic::{AtomicBool, Ordering};
    use std::ops::{Deref, DerefMut};

    pub struct SpinLock<T> {
        locked: AtomicBool,
        value: UnsafeCell<T>,
    }

    unsafe impl<T: Send> Sync for SpinLock<T> {}

    pub struct Guard<'a, T> {
        lock: &'a SpinLock<T>,
    }

    unsafe impl<T: Sync> Sync for Guard<'_, T> {}

    impl<T> SpinLock<T> {
        pub fn new(value: T) -> Self {
            SpinLock {
                locked: AtomicBool::new(false),
                value: UnsafeCell::new(value),
            }
        }

        pub fn lock(&self) -> Guard<'_, T> {
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
            self.lock.locked.store(false, Ordering::Release);
        }
    }
}

/// ch02_37_oneshot.rs 里的一次性通道。
#[cfg(bingfa_loom)]
mod oneshot {
    use crate::loom_cell::UnsafeCell;
    use loom::hint;
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicU8, Ordering};
    use std::mem::MaybeUninit;

    const EMPTY: u8 = 0; // 还没发
    const READY: u8 = 1; // 消息已写好
    const CLOSED: u8 = 2; // 消息已被取走，或者发送端没发就被丢弃了

    struct Slot<T> {
        message: UnsafeCell<MaybeUninit<T>>,
        state: AtomicU8,
    }

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
        pub fn send(self, message: T) {
            unsafe { (*self.0.message.get()).write(message) };
            self.0.state.store(READY, Ordering::Release);
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let state = &self.0.state;
            let _ = state.compare_exchange(EMPTY, CLOSED, Ordering::Relaxed, Ordering::Relaxed);
        }
    }

    impl<T> Receiver<T> {
        pub fn recv(self) -> Option<T> {
            loop {
                match self.0.state.load(Ordering::Acquire) {
                    READY => {
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
            if self.state.load(Ordering::Relaxed) == READY {
                unsafe { (*self.message.get()).assume_init_drop() };
            }
        }
    }
}

/// loom 的 `UnsafeCell` 不交出长期有效的裸指针：每次访问写在 `with`/`with_mut` 里，
/// loom 检查这次访问是否排在别的线程对同一格子的访问之后（先行发生），没排上就报告数据竞争。
/// 代码单元用的是 std 的 `get()`，这里包一层同名的 `get()`，在取指针的那一刻登记一次写访问。
/// 代码单元只在拿着锁、或看到 READY 之后才取指针，随即用完，所以登记的时刻就是访问的时刻：
/// 把 Acquire/Release 换成 Relaxed，loom 在这里就会报错（改过试过）。
#[cfg(bingfa_loom)]
mod loom_cell {
    pub struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> Self {
            UnsafeCell(loom::cell::UnsafeCell::new(value))
        }

        pub fn get(&self) -> *mut T {
            self.0.with_mut(|ptr| ptr)
        }
    }
}

/// loom 的 `Condvar` 只有 `wait`：补上示例用到的 `wait_while`、`wait_timeout_while`，
/// 写法与标准库的文档一致（条件成立就继续等）。
///
/// loom 不模拟时间：它的 `wait_timeout` 就是 `wait`，永远不会超时。所以这里只检查
/// “有人打开开关”的情形；超时的情形由 `ch02_sync.rs` 里的普通测试检查。
#[cfg(bingfa_loom)]
mod condvar_ext {
    use loom::sync::{LockResult, MutexGuard};
    use std::time::Duration;

    pub trait CondvarExt {
        fn wait_while<'a, T, F>(
            &self,
            guard: MutexGuard<'a, T>,
            condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool;

        fn wait_timeout_while<'a, T, F>(
            &self,
            guard: MutexGuard<'a, T>,
            timeout: Duration,
            condition: F,
        ) -> LockResult<(MutexGuard<'a, T>, bool)>
        where
            F: FnMut(&mut T) -> bool;
    }

    impl CondvarExt for loom::sync::Condvar {
        fn wait_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool,
        {
            while condition(&mut *guard) {
                guard = self.wait(guard)?;
            }
            Ok(guard)
        }

        fn wait_timeout_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            timeout: Duration,
            mut condition: F,
        ) -> LockResult<(MutexGuard<'a, T>, bool)>
        where
            F: FnMut(&mut T) -> bool,
        {
            while condition(&mut *guard) {
                guard = self.wait_timeout(guard, timeout).map(|(g, _)| g).unwrap();
            }
            Ok((guard, false))
        }
    }
}

/// 模型检查。
#[cfg(bingfa_loom)]
mod model {
    use crate::bounded_queue::BoundedQueue;
    use crate::event::Event;
    use crate::oneshot::oneshot;
    use crate::semaphore::Semaphore;
    use crate::spin_lock::SpinLock;
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicUsize, Ordering};
    use loom::thread;
    use std::time::Duration;

    /// 两个线程等同一个开关，第三个线程打开它：无论怎样交错，两个等待者都会醒来
    /// （没有遗漏的唤醒，也没有死锁），醒来时开关一定是开着的。
    #[test]
    fn event_wakes_every_waiter() {
        loom::model(|| {
            let event = Arc::new(Event::new());
            let waiters: Vec<_> = (0..2)
                .map(|_| {
                    let event = Arc::clone(&event);
                    thread::spawn(move || {
                        event.wait();
                        assert!(event.is_set());
                    })
                })
                .collect();
            event.set();
            for waiter in waiters {
                waiter.join().unwrap();
            }
        });
    }

    /// `wait_timeout` 与 `set` 同时发生：等待者看到的结果一定是“已打开”。
    #[test]
    fn event_wait_timeout_sees_a_concurrent_set() {
        loom::model(|| {
            let event = Arc::new(Event::new());
            let setter = {
                let event = Arc::clone(&event);
                thread::spawn(move || event.set())
            };
            assert!(event.wait_timeout(Duration::from_secs(1)));
            setter.join().unwrap();
        });
    }

    /// `clear` 之后再 `set`：等待者最终醒来，不会因为中间的 `clear` 永远睡下去。
    #[test]
    fn event_set_clear_set_still_wakes_the_waiter() {
        loom::model(|| {
            let event = Arc::new(Event::new());
            let waiter = {
                let event = Arc::clone(&event);
                thread::spawn(move || event.wait())
            };
            event.set();
            event.clear();
            event.set();
            waiter.join().unwrap();
        });
    }

    /// 3 个线程抢 2 张许可证：任何时刻最多 2 个线程在里面；许可证全部归还，
    /// 没有线程永远等下去。
    #[test]
    fn semaphore_never_lets_in_more_than_its_permits() {
        loom::model(|| {
            let semaphore = Arc::new(Semaphore::new(2));
            let inside = Arc::new(AtomicUsize::new(0));
            let threads: Vec<_> = (0..3)
                .map(|_| {
                    let (semaphore, inside) = (Arc::clone(&semaphore), Arc::clone(&inside));
                    thread::spawn(move || {
                        let _permit = semaphore.acquire();
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        assert!(now <= 2, "同时有 {now} 个线程拿着许可证");
                        inside.fetch_sub(1, Ordering::SeqCst);
                    })
                })
                .collect();
            for thread in threads {
                thread.join().unwrap();
            }
            // 许可证都还回来了：还能一次拿到两张。
            let (_a, _b) = (semaphore.acquire(), semaphore.acquire());
        });
    }

    /// 容量为 1 的队列，一个生产者、一个消费者：元素不丢、不重、不乱序，
    /// 队列长度从不超过容量，双方都不会永远等下去。
    #[test]
    fn bounded_queue_delivers_in_order_within_capacity() {
        loom::model(|| {
            let queue = Arc::new(BoundedQueue::new(1));
            let producer = {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    let mut longest = 0;
                    for item in [Some(1), Some(2), None] {
                        longest = longest.max(queue.push(item));
                    }
                    longest
                })
            };
            let mut received = Vec::new();
            while let Some(n) = queue.pop() {
                received.push(n);
            }
            assert_eq!(received, [1, 2]);
            assert_eq!(producer.join().unwrap(), 1);
        });
    }

    /// 两个线程各在自旋锁里把计数加一：一次也不丢；loom 还检查每次碰 value 都排在
    /// 上一个持锁者之后（Acquire 与 Release 配上了对），否则报告数据竞争。
    #[test]
    fn spin_lock_lets_one_thread_in_and_publishes_its_writes() {
        loom::model(|| {
            let lock = Arc::new(SpinLock::new(0));
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let lock = Arc::clone(&lock);
                    thread::spawn(move || *lock.lock() += 1)
                })
                .collect();
            for thread in threads {
                thread.join().unwrap();
            }
            assert_eq!(*lock.lock(), 2);
        });
    }

    /// 发出的消息一定原样收到，接收端读格子时发送端的写入已经看得见。
    /// 消息是 loom 的 `Arc`：执行结束时 loom 检查它恰好被丢弃一次（不泄漏）。
    #[test]
    fn oneshot_delivers_the_message() {
        loom::model(|| {
            let (tx, rx) = oneshot();
            let sender = thread::spawn(move || tx.send(Arc::new(42)));
            assert_eq!(rx.recv().as_deref(), Some(&42));
            sender.join().unwrap();
        });
    }

    /// 发送端没发就被丢弃：接收端拿到 None，而不是永远等下去。
    #[test]
    fn oneshot_reports_a_sender_dropped_without_sending() {
        loom::model(|| {
            let (tx, rx) = oneshot::<i32>();
            let sender = thread::spawn(move || drop(tx));
            assert_eq!(rx.recv(), None);
            sender.join().unwrap();
        });
    }

    /// 发了却没人取：最后一个 `Arc` 走时，格子里的消息被丢弃（loom 查出泄漏会报错）。
    #[test]
    fn oneshot_drops_a_message_nobody_received() {
        loom::model(|| {
            let (tx, rx) = oneshot();
            let sender = thread::spawn(move || tx.send(Arc::new(42)));
            drop(rx);
            sender.join().unwrap();
        });
    }
}
