//! 运行：cargo run --example ch03_35_task_local
//!
//! 任务会在多线程运行时的工作线程之间搬家：thread_local! 的值留在旧线程上，
//! task_local! 的值跟着任务走。
use std::cell::Cell;
use std::sync::mpsc;
use std::thread;

thread_local! {
    static THREAD_REQUEST: Cell<u32> = const { Cell::new(0) };
}

tokio::task_local! {
    static REQUEST: u32;
}

fn show(when: &str) {
    let in_thread = THREAD_REQUEST.get();
    let in_task = REQUEST.get();
    println!("{when}：thread_local 里是 {in_thread}，task_local 里是 {in_task}");
}

async fn handle_request() {
    THREAD_REQUEST.set(42);
    show("开始处理");
    let before = thread::current().id();

    // 让这个任务一定换一个线程（下一页细讲 block_in_place）：只有一个工作线程时，
    // 新 spawn 的任务能运行，说明工作线程的职责已经交给了一个新线程。
    let (tx, rx) = mpsc::channel();
    tokio::spawn(async move {
        let seen = REQUEST.try_with(|r| *r).ok();
        tx.send(seen).unwrap();
    });
    let seen = tokio::task::block_in_place(|| rx.recv().unwrap());
    println!("新 spawn 的任务里，task_local：{seen:?}（不会传下去）");

    tokio::task::yield_now().await; // 让出一次，回来时在那个新线程上
    let moved = thread::current().id() != before;
    println!(
        "让出之后换了线程吗：{}",
        if moved { "换了" } else { "没换" }
    );
    show("接着处理");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    runtime.block_on(async {
        // scope：在这个 Future 运行期间，REQUEST 的值是 42，不管它在哪个线程上被轮询。
        tokio::spawn(REQUEST.scope(42, handle_request()))
            .await
            .unwrap();
    });
}
