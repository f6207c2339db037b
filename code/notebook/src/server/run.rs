//! 一次运行（▶ 或「检查」）和页面之间的通道：看管者（[`crate::process`]）看到的输出、
//! 采样在这里变成送往页面的事件，读者按 ■ 或关掉页面时从这里叫停。

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use super::events::{Event, millis};
use super::libtest::TestParser;
use crate::process::usage::Sample;
use crate::process::{Cancel, Sink, Stream};

/// 一次运行的通道：事件送往页面，停止信号从另一头来。
pub(crate) struct Run {
    pub(crate) tx: mpsc::Sender<Event>,
    pub(crate) stop: oneshot::Receiver<()>,
    /// 「检查」时把 libtest 的输出认成一项项测试的结果（见 [`TestParser`]）。
    pub(crate) tests: Option<TestParser>,
}

impl Run {
    pub(crate) fn new(tx: mpsc::Sender<Event>, stop: oneshot::Receiver<()>) -> Self {
        Self {
            tx,
            stop,
            tests: None,
        }
    }

    /// 送出一个事件。对面已经不要了就丢掉它：看管者会从 [`Sink::cancelled`] 得知并收尾。
    pub(crate) async fn send(&self, event: Event) {
        let _ = self.tx.send(event).await;
    }
}

impl Sink for Run {
    /// 送出一段输出；「检查」时，这段输出里结束了的测试随后各送一个 [`Event::Test`]。
    /// libtest 的结果只写在 stdout 上；stderr（cargo 最后那句 `error: test failed`）走另一根
    /// 管道，到达的时机与 stdout 无关，混进同一个行缓冲会把半行结果拆坏，所以不交给解析器。
    async fn output(&mut self, stream: Stream, text: String) {
        let tests = match &mut self.tests {
            Some(parser) if stream == Stream::Program => parser.feed(&text),
            _ => Vec::new(),
        };
        self.send(Event::Output { stream, text }).await;
        for test in tests {
            self.send(test).await;
        }
    }

    async fn sample(&mut self, sample: Sample) {
        self.send(Event::Sample(sample)).await;
    }

    async fn tick(&mut self, elapsed: Duration) {
        let elapsed_ms = millis(elapsed);
        self.send(Event::Tick { elapsed_ms }).await;
    }

    async fn cancelled(&mut self) -> Cancel {
        tokio::select! {
            _ = &mut self.stop => Cancel::Stopped,
            _ = self.tx.closed() => Cancel::Disconnected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// stderr 的一行夹在 stdout 的半行中间到达：测试结果照样认得出来。
    #[tokio::test]
    async fn stderr_arriving_mid_line_does_not_break_a_test_result() {
        let (tx, mut rx) = mpsc::channel(16);
        let (_stop, stop) = oneshot::channel();
        let mut run = Run::new(tx, stop);
        run.tests = Some(TestParser::default());
        run.output(Stream::Program, "test check::a ... FAI".into())
            .await;
        run.output(Stream::Stderr, "error: test failed\n".into())
            .await;
        run.output(Stream::Program, "LED\n".into()).await;
        drop(run);
        let mut results = Vec::new();
        while let Some(event) = rx.recv().await {
            if let Event::Test { name, passed, .. } = event {
                results.push((name, passed));
            }
        }
        assert_eq!(results, [("check::a".to_owned(), false)]);
    }
}
