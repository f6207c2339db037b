//! 运行：cargo run --example ch02_08_worker_struct
//!
//! Python 里“继承 Thread、重写 run()”的写法，在 Rust 里是：一个装着状态的结构体，
//! 加一个在线程里运行的方法。
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// 一个下载工人：线程需要的全部状态都在这里。
struct Downloader {
    name: String,
    files: Vec<&'static str>,
}

/// 工人做完后交回的报告。
struct Report {
    name: String,
    finished: Vec<&'static str>,
}

impl Downloader {
    /// 相当于 Python 子类里重写的 `run()`：这段代码在新线程里执行。
    fn run(self) -> Report {
        let mut finished = Vec::new();
        for file in self.files {
            thread::sleep(Duration::from_millis(300));
            finished.push(file);
        }
        Report {
            name: self.name,
            finished,
        }
    }

    /// 相当于 `start()`：把自己整个移进一个新线程，返回可以 join 的句柄。
    fn start(self) -> JoinHandle<Report> {
        thread::Builder::new()
            .name(self.name.clone())
            .spawn(move || self.run())
            .expect("操作系统没能创建线程")
    }
}

fn main() {
    let workers = [
        Downloader {
            name: "甲".to_string(),
            files: vec!["a.pdf", "b.pdf"],
        },
        Downloader {
            name: "乙".to_string(),
            files: vec!["c.zip"],
        },
    ];
    let handles: Vec<_> = workers.into_iter().map(Downloader::start).collect();

    for handle in handles {
        let report = handle.join().expect("工作线程不会 panic");
        println!("工人{}下载完了：{:?}", report.name, report.finished);
    }
}
