//! 第 3 章里任务、取消和定时器的性质，在暂停的时钟下精确检验。
//!
//! 这些测试检验的是 tokio 本身的行为，不是本书的代码：它们把正文里的说法（`interval` 的节拍、
//! `timeout` 丢弃内层的 Future、`select!` 的 `biased`、`JoinSet` 的顺序……）钉住，
//! 升级 tokio 后若有一条不再成立，这里先失败，提醒去改正文。

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bingfa::check::watch;
use tokio::task::{JoinSet, LocalSet, yield_now};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep, timeout};

/// 被丢弃时把旗子竖起来：看出一个任务被取消时，它的局部变量确实被丢弃了（析构运行了）。
struct Flag(Arc<AtomicBool>);

impl Drop for Flag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// 一毫秒：下面的时长都和书中的例子一样，以毫秒计。
const MS: Duration = Duration::from_millis(1);

#[tokio::test(start_paused = true)]
async fn interval_ticks_immediately_then_once_per_period() {
    let period = MS * 300;
    let start = Instant::now();
    let mut ticker = interval(period);
    for n in 0..4 {
        ticker.tick().await;
        assert_eq!(start.elapsed(), period * n);
    }
}

#[tokio::test(start_paused = true)]
async fn interval_keeps_its_beat_while_the_loop_body_takes_time() {
    let (period, work) = (MS * 300, MS * 100);
    let start = Instant::now();
    let mut ticker = interval(period);
    for n in 0..4 {
        ticker.tick().await;
        assert_eq!(start.elapsed(), period * n);
        sleep(work).await;
    }

    // 对照：“做完事再睡 0.3 秒”的循环，周期是 0.4 秒。
    let start = Instant::now();
    for n in 0..4 {
        assert_eq!(start.elapsed(), (period + work) * n);
        sleep(work).await;
        sleep(period).await;
    }
}

#[tokio::test(start_paused = true)]
async fn a_late_tick_does_not_push_back_the_later_ones() {
    // 某一拍之后的工作拖得比一个周期还长：错过的那一拍立即补上，之后仍按原来的拍点走。
    let period = MS * 300;
    let start = Instant::now();
    let mut ticker = interval(period);
    ticker.tick().await;
    sleep(MS * 350).await;
    ticker.tick().await;
    assert_eq!(start.elapsed(), MS * 350, "错过的一拍立即完成");
    ticker.tick().await;
    assert_eq!(start.elapsed(), period * 2, "下一拍仍在原来的拍点上");
}

#[tokio::test(start_paused = true)]
async fn timeout_gives_up_after_the_limit_and_drops_the_future() {
    struct Flag(Rc<RefCell<bool>>);
    impl Drop for Flag {
        fn drop(&mut self) {
            *self.0.borrow_mut() = true;
        }
    }
    let dropped = Rc::new(RefCell::new(false));
    let finished = Rc::new(RefCell::new(false));
    let download = {
        let (dropped, finished) = (dropped.clone(), finished.clone());
        async move {
            let _flag = Flag(dropped);
            sleep(Duration::from_secs(3600)).await;
            *finished.borrow_mut() = true;
        }
    };
    let limit = MS * 300;
    let start = Instant::now();
    let result = timeout(limit, download).await;
    assert!(result.is_err());
    assert_eq!(start.elapsed(), limit);
    assert!(*dropped.borrow(), "超时后被包住的 Future 应已被丢弃");
    // 时钟再拨过两个小时，被丢弃的下载也不会在后台接着跑完。
    sleep(Duration::from_secs(7200)).await;
    assert!(!*finished.borrow(), "超时后不应继续执行");

    let start = Instant::now();
    let result = timeout(limit, sleep(MS * 100)).await;
    assert!(result.is_ok(), "时限内完成的操作照常交回结果");
    assert_eq!(start.elapsed(), MS * 100, "完成了就不必等到时限");
}

#[tokio::test(start_paused = true)]
async fn select_takes_the_first_ready_branch() {
    let start = Instant::now();
    let winner = tokio::select! {
        biased;
        _ = sleep(MS * 300) => "A",
        _ = sleep(MS * 600) => "B",
    };
    assert_eq!((winner, start.elapsed()), ("A", MS * 300));

    // biased：两个分支同时就绪时，写在前面的那个赢。
    let winner = tokio::select! {
        biased;
        _ = sleep(MS * 300) => "前",
        _ = sleep(MS * 300) => "后",
    };
    assert_eq!(winner, "前");
}

#[tokio::test(start_paused = true)]
async fn join_set_yields_results_in_completion_order() {
    let mut set = JoinSet::new();
    for (name, millis) in [("慢", 700), ("快", 100), ("中", 400)] {
        set.spawn(async move {
            sleep(MS * millis).await;
            name
        });
    }
    let mut order = Vec::new();
    while let Some(result) = set.join_next().await {
        order.push(result.unwrap());
    }
    assert_eq!(order, ["快", "中", "慢"]);
}

#[tokio::test(start_paused = true)]
async fn an_aborted_task_stops_at_its_await_and_runs_destructors() {
    let dropped = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn({
        let (dropped, finished) = (dropped.clone(), finished.clone());
        async move {
            let _flag = Flag(dropped);
            sleep(Duration::from_secs(3600)).await;
            finished.store(true, Ordering::SeqCst);
        }
    });
    yield_now().await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    assert!(dropped.load(Ordering::SeqCst), "取消时局部变量应被析构");
    assert!(!finished.load(Ordering::SeqCst), "取消后不应继续执行");
}

#[tokio::test]
async fn local_tasks_share_an_rc_refcell_without_losing_updates() {
    let counter = Rc::new(RefCell::new(0));
    let local = LocalSet::new();
    for _ in 0..10 {
        let counter = counter.clone();
        local.spawn_local(async move {
            for _ in 0..1000 {
                *counter.borrow_mut() += 1;
                yield_now().await;
            }
        });
    }
    local.await;
    assert_eq!(*counter.borrow(), 10_000);
}

#[tokio::test]
async fn a_blocking_call_stalls_other_tasks_but_spawn_blocking_does_not() {
    // 单线程上，阻塞的那段时间里另一个任务连一次都不会被调度，与时间长短无关。
    let ran = Rc::new(RefCell::new(false));
    let local = LocalSet::new();
    let observer = local.spawn_local({
        let ran = ran.clone();
        async move { *ran.borrow_mut() = true }
    });
    local
        .run_until(async {
            std::thread::sleep(Duration::from_millis(20));
            assert!(!*ran.borrow(), "阻塞期间别的任务不可能运行");
            tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(20)))
                .await
                .unwrap();
            assert!(*ran.borrow(), "await spawn_blocking 时别的任务可以运行");
        })
        .await;
    observer.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_failing_task_does_not_cancel_its_siblings_in_a_join_set() {
    let mut set = JoinSet::new();
    set.spawn(async { panic!("出错的任务") });
    set.spawn(async {
        sleep(MS * 500).await;
        "另一个任务照常完成"
    });
    assert!(set.join_next().await.unwrap().unwrap_err().is_panic());
    // 和 Python 的 TaskGroup 不同：兄弟任务不会因此被取消。
    assert_eq!(
        set.join_next().await.unwrap().unwrap(),
        "另一个任务照常完成"
    );
}

#[tokio::test(start_paused = true)]
async fn dropping_a_join_set_aborts_its_tasks_without_waiting_for_them() {
    let dropped = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let mut set = JoinSet::new();
    set.spawn({
        let (dropped, finished) = (dropped.clone(), finished.clone());
        async move {
            let _flag = Flag(dropped);
            sleep(MS * 500).await;
            finished.store(true, Ordering::SeqCst);
        }
    });
    yield_now().await; // 任务跑到它的 sleep
    let start = Instant::now();
    drop(set);
    assert_eq!(start.elapsed(), Duration::ZERO, "丢弃 JoinSet 不等任务");
    sleep(MS * 1000).await;
    assert!(dropped.load(Ordering::SeqCst), "任务被取消，局部变量被析构");
    assert!(!finished.load(Ordering::SeqCst), "任务没有跑完");
}

#[test]
fn shutting_down_a_runtime_waits_for_a_running_blocking_task() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let handle = runtime.spawn_blocking({
        let stop = stop.clone();
        move || {
            started_tx.send(()).unwrap();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    });
    started_rx.recv().unwrap();
    handle.abort(); // 对已经开始运行的闭包没有作用
    let (dropped_tx, dropped_rx) = std::sync::mpsc::channel();
    let dropper = std::thread::spawn(move || {
        drop(runtime); // 要等阻塞线程池里正在运行的闭包结束
        dropped_tx.send(()).unwrap();
    });
    // 闭包不看到停止标志就不会结束，所以丢弃运行时也不会返回。
    assert!(
        dropped_rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "运行时没等阻塞任务就关闭了"
    );
    stop.store(true, Ordering::Relaxed);
    watch("设置停止标志后，运行时应该关闭", move || {
        dropped_rx.recv()
    })
    .unwrap();
    dropper.join().unwrap();
}

#[tokio::test]
async fn a_tokio_mutex_is_not_poisoned_when_its_holder_panics() {
    let balance = Arc::new(tokio::sync::Mutex::new((100, 0))); // (余额, 已取出)
    let task = tokio::spawn({
        let balance = balance.clone();
        async move {
            let mut guard = balance.lock().await;
            guard.0 -= 30; // 改了一半……
            panic!("网络断了"); // ……guard 随栈展开被丢弃，锁被释放
        }
    });
    assert!(task.await.unwrap_err().is_panic());
    // 没有中毒一说：照常拿到锁，看到的是改了一半的数据。
    assert_eq!(*balance.lock().await, (70, 0));
}

// ---------- 专家审读里的三处（M1–M3）：超时、限速的节拍、丢弃 JoinSet ----------

#[tokio::test(start_paused = true)]
async fn a_timeout_around_a_join_handle_stops_waiting_but_only_abort_cancels_the_task() {
    // 一个 0.5 秒的任务；finished 在它做完时竖起来。
    let spawn_job = |finished: Arc<AtomicBool>| {
        tokio::spawn(async move {
            sleep(MS * 500).await;
            finished.store(true, Ordering::SeqCst);
        })
    };

    let finished = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let result = timeout(MS * 100, spawn_job(finished.clone())).await;
    assert!(result.is_err());
    assert_eq!(start.elapsed(), MS * 100);
    // 超时丢弃的只是 JoinHandle：任务被分离出去，照样做完。
    sleep(MS * 1000).await;
    assert!(
        finished.load(Ordering::SeqCst),
        "超时不该取消 spawn 出去的任务"
    );

    // 要停下它，得调用 abort()。
    let finished = Arc::new(AtomicBool::new(false));
    let mut handle = spawn_job(finished.clone());
    assert!(timeout(MS * 100, &mut handle).await.is_err());
    handle.abort();
    assert!(handle.await.unwrap_err().is_cancelled());
    sleep(MS * 1000).await;
    assert!(!finished.load(Ordering::SeqCst), "abort() 之后任务不再运行");
}

/// 每 100 毫秒一拍的节拍器，第一拍之后程序卡了 350 毫秒：接下来四拍分别落在什么时刻。
async fn ticks_after_a_stall(behavior: MissedTickBehavior) -> Vec<Duration> {
    let start = Instant::now();
    let mut ticker = interval(MS * 100);
    ticker.set_missed_tick_behavior(behavior);
    ticker.tick().await;
    sleep(MS * 350).await;
    let mut ticks = Vec::new();
    for _ in 0..4 {
        ticker.tick().await;
        ticks.push(start.elapsed());
    }
    ticks
}

#[tokio::test(start_paused = true)]
async fn after_a_stall_interval_bursts_by_default_and_delay_or_skip_keep_the_rate() {
    // 默认的 Burst：错过的三拍在 350 毫秒时一起补上，三个请求同时发出。
    assert_eq!(
        ticks_after_a_stall(MissedTickBehavior::Burst).await,
        [MS * 350, MS * 350, MS * 350, MS * 400]
    );
    // Delay：补一拍，之后从这一刻起重新每 100 毫秒一拍。
    assert_eq!(
        ticks_after_a_stall(MissedTickBehavior::Delay).await,
        [MS * 350, MS * 450, MS * 550, MS * 650]
    );
    // Skip：补一拍，之后回到原来的拍点上。
    assert_eq!(
        ticks_after_a_stall(MissedTickBehavior::Skip).await,
        [MS * 350, MS * 400, MS * 500, MS * 600]
    );
}

#[tokio::test(start_paused = true)]
async fn dropping_a_join_set_only_asks_its_own_tasks_to_stop() {
    let dropped = Arc::new(AtomicBool::new(false));
    let grandchild_finished = Arc::new(AtomicBool::new(false));
    let mut set = JoinSet::new();
    set.spawn({
        let (dropped, grandchild_finished) = (dropped.clone(), grandchild_finished.clone());
        async move {
            let _flag = Flag(dropped);
            // 任务自己又启动了一个任务：它不在集合里。
            tokio::spawn(async move {
                sleep(MS * 500).await;
                grandchild_finished.store(true, Ordering::SeqCst);
            });
            sleep(MS * 500).await;
        }
    });
    yield_now().await; // 任务跑到它的 sleep，孙任务也已启动
    drop(set);
    assert!(
        !dropped.load(Ordering::SeqCst),
        "丢弃 JoinSet 只是请求取消，不等任务停下"
    );
    yield_now().await;
    assert!(dropped.load(Ordering::SeqCst), "轮到它时，任务被取消");
    sleep(MS * 1000).await;
    assert!(
        grandchild_finished.load(Ordering::SeqCst),
        "集合里的任务启动的任务不受影响，照样做完"
    );
}

#[tokio::test(start_paused = true)]
async fn join_set_shutdown_waits_until_its_tasks_have_stopped() {
    let dropped = Arc::new(AtomicBool::new(false));
    let mut set = JoinSet::new();
    set.spawn({
        let dropped = dropped.clone();
        async move {
            let _flag = Flag(dropped);
            sleep(MS * 500).await;
        }
    });
    yield_now().await;
    let start = Instant::now();
    set.shutdown().await;
    assert!(
        dropped.load(Ordering::SeqCst),
        "shutdown() 返回时任务已经停下"
    );
    assert_eq!(
        start.elapsed(),
        Duration::ZERO,
        "取消不必等任务的 sleep 到期"
    );
    assert!(set.is_empty());
}
