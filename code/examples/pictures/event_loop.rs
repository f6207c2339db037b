//! `ch03-event-loop.svg`：单线程运行时上的三个任务，每一次被轮询（poll）画一道，
//! 两次轮询之间是任务在等待；其中一个任务做了 0.6 秒不让出的计算。
use std::cell::RefCell;
use std::path::Path;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use plotters::prelude::*;

use super::draw::{Span, lane_chart, secs};

const TASKS: [&str; 3] = [
    "任务 A：每 1 秒醒一次",
    "任务 B：每 0.5 秒醒一次",
    "任务 C：算 0.6 秒不让出",
];

/// 包一层 Future：每次被轮询，记下这次轮询的起止时刻。
struct Traced<F> {
    task: usize,
    t0: Instant,
    log: Rc<RefCell<Vec<Span>>>,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Traced<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let start = secs(self.t0.elapsed());
        let result = self.inner.as_mut().poll(cx);
        let end = secs(self.t0.elapsed());
        let label = if result.is_ready() { "完成" } else { "" }.to_string();
        self.log.borrow_mut().push(Span {
            row: self.task,
            start,
            end,
            label,
        });
        result
    }
}

/// 在单线程运行时上跑三个任务，记下每一次轮询。
pub fn measure() -> Vec<Span> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    let t0 = Instant::now();
    let wait = |tenths: u64| Duration::from_millis(tenths * 100);

    local.block_on(&runtime, async {
        let a = traced(0, t0, &log, async move {
            for _ in 0..3 {
                tokio::time::sleep(wait(10)).await;
            }
        });
        let b = traced(1, t0, &log, async move {
            for _ in 0..6 {
                tokio::time::sleep(wait(5)).await;
            }
        });
        let c = traced(2, t0, &log, async move {
            tokio::time::sleep(wait(12)).await;
            // 不含 .await 的计算：这 0.6 秒里事件循环别的什么也做不了。
            thread::sleep(wait(6));
        });
        let tasks = [
            tokio::task::spawn_local(a),
            tokio::task::spawn_local(b),
            tokio::task::spawn_local(c),
        ];
        for task in tasks {
            task.await.expect("任务不会 panic");
        }
    });
    Rc::try_unwrap(log).ok().expect("任务都已结束").into_inner()
}

fn traced<F: Future>(
    task: usize,
    t0: Instant,
    log: &Rc<RefCell<Vec<Span>>>,
    inner: F,
) -> Traced<F> {
    Traced {
        task,
        t0,
        log: log.clone(),
        inner: Box::pin(inner),
    }
}

pub fn draw(path: &Path, polls: &[Span]) -> Result<(), String> {
    let end = polls.iter().map(|s| s.end).fold(0.0, f64::max).ceil();
    let caption = "一个线程上的事件循环：竖条是一次轮询，细线是在等待（实测）";
    lane_chart(path, (300, 200), caption, &TASKS, end, |chart| {
        let color = RGBColor(66, 133, 244);
        for (task, _) in TASKS.iter().enumerate() {
            let mine: Vec<&Span> = polls.iter().filter(|p| p.row == task).collect();
            let middle = task as f64 + 0.5;
            // 第一次轮询到最后一次轮询之间，任务一直“活着”：画一条细线表示等待。
            if let (Some(first), Some(last)) = (mine.first(), mine.last()) {
                let line = [(first.start, middle), (last.end, middle)];
                chart.draw_series([PathElement::new(line, color.mix(0.4).stroke_width(2))])?;
            }
            for poll in mine {
                // 轮询通常只有几微秒，画成至少 0.04 秒宽才看得见。
                let right = poll.end.max(poll.start + 0.04);
                let bar = [(poll.start, middle - 0.3), (right, middle + 0.3)];
                chart.draw_series([Rectangle::new(bar, color.filled())])?;
                if !poll.label.is_empty() {
                    let text = (poll.label.clone(), (right + 0.05, middle - 0.3));
                    chart.draw_series([Text::new(text.0, text.1, ("sans-serif", 16))])?;
                }
            }
        }
        Ok(())
    })
}
