//! 编译草稿包（▶ 和「检查」都先经过这里）：`cargo build --offline`，编译输出照常送回页面，
//! 编译器不受内存、进程数的上限约束（它不是读者写的）。

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::events::{Event, Outcome, Stream, finished, millis};
use super::run::Run;
use super::runner::Runner;
use crate::process::{Ending, Limits, supervise};

impl Runner {
    /// 编译草稿包：`tests` 时连测试程序一起编译（「检查」用）。成功时向页面报告编译
    /// 用了多久、接着开始运行（`Event::Running`）；失败、被停止、超时时返回最后一个事件
    /// （页面已经断开时是 `None`）。
    pub(super) async fn build(
        &self,
        run: &mut Run,
        package: &str,
        release: bool,
        tests: bool,
    ) -> anyhow::Result<Result<(), Option<Event>>> {
        let config = self.config();
        run.send(Event::Building).await;
        self.builds.fetch_add(1, Ordering::SeqCst);
        let mut build = self.cargo("build", package, release);
        build.arg("--offline");
        if tests {
            build.args(["--bins", "--tests"]);
        }
        let start = Instant::now();
        let limits = Limits {
            stream: Stream::Build,
            time: config.build_time_limit,
            output: usize::MAX,
            sample_usage: false, // 只观察读者的程序，不观察 cargo build
            split_stderr: false,
            // 编译器本来就要不少内存、开不少线程；它不是读者写的，不设这两个上限。
            memory: None,
            tasks: None,
        };
        let ending = supervise(build, run, limits)
            .await
            .context("无法启动 cargo")?;
        let (outcome, message) = match ending {
            Ending::Exited(status) if status.success() => {
                let build_ms = millis(start.elapsed());
                run.send(Event::Running { build_ms }).await;
                return Ok(Ok(()));
            }
            Ending::Exited(_) => (
                Outcome::BuildFailed,
                "编译失败，程序没有运行（错误信息见下）".to_owned(),
            ),
            Ending::Stopped => (Outcome::Stopped, "已停止（编译中断）".to_owned()),
            Ending::TimedOut => (
                Outcome::TimedOut,
                format!("编译超过 {} 秒，已终止", config.build_time_limit.as_secs()),
            ),
            Ending::OutputLimit | Ending::MemoryLimit(_) | Ending::TaskLimit(_) => {
                unreachable!("编译不设输出、内存和进程数的上限")
            }
            Ending::Disconnected => return Ok(Err(None)),
        };
        Ok(Err(Some(finished(outcome, None, Duration::ZERO, message))))
    }
}
