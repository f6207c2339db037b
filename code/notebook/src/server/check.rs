//! 书页上的「检查」：用练习自己的检查（`code/exercises/NAME_check.rs`）测试读者在页面上
//! 写的代码，与 ▶ 走同一个运行器、同一套限制。
//!
//! - 检查文件复制到草稿包的 `src/` 里，紧挨着 `main.rs`：起始代码末尾的
//!   `#[cfg(test)] #[path = "NAME_check.rs"] mod check;` 正好找到它（读者贴进来的代码没有
//!   这一行时补上）。草稿包把配套代码 `bingfa` 列为开发依赖，检查用它的 `watch`、
//!   `exercise_program`；代码单元自己的编译（▶）仍然只有代码单元的依赖。
//! - `cargo build --bins --tests` 编译普通程序和测试程序（编译输出照常送回页面），
//!   再用 `cargo test` 运行测试。第 1 章的检查要启动普通程序当工作进程：
//!   环境变量 `BINGFA_EXERCISE_PROGRAM` 告诉 `exercise_program` 它在哪里。
//! - libtest 的输出照常送回页面，同时由 `TestParser` 认成一项项结果：
//!   `test 名字 ... ok/FAILED` 各送一个 [`Event::Test`]，全部结束后，没通过的测试
//!   再带上它 panic 时打印的提示送一次。

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use super::events::{Event, Outcome, describe_exit, describe_limit, finished, human_duration};
use super::libtest::TestParser;
use super::run::Run;
use super::runner::Runner;
use crate::cells::{CellName, check_file};
use crate::process::{Ending, supervise};
use crate::write_if_changed;

/// 检查要用的程序由这个环境变量告诉 `bingfa::check::exercise_program`。
pub const EXERCISE_PROGRAM_ENV: &str = "BINGFA_EXERCISE_PROGRAM";

/// 练习 `exercise`（例如 `ch01_e1_run_all`）的检查文件；名字不合规矩或没有这道练习时为 `None`。
/// 名字只能由小写字母、数字和下划线组成：它来自页面，决不能变成 `../` 之类的路径。
pub fn check_source(repo: &Path, exercise: &str) -> Option<PathBuf> {
    let valid = CellName::parse(exercise).is_some_and(|name| name.exercise.is_some());
    let path = repo.join("code/exercises").join(check_file(exercise));
    (valid && path.is_file()).then_some(path)
}

/// 代码末尾没有引入检查的那几行（例如读者贴进来的是参考答案）时补上。
fn with_check_module(code: &str, exercise: &str) -> String {
    let file = check_file(exercise);
    if code.contains(&format!("\"{file}\"")) {
        return code.to_owned();
    }
    format!("{code}\n#[cfg(test)]\n#[path = \"{file}\"]\nmod check;\n")
}

impl Runner {
    /// 「检查」：编译读者的代码和练习的检查，运行检查，逐项送回结果。
    pub(super) async fn check(
        &self,
        run: &mut Run,
        slot: usize,
        code: &str,
        exercise: &str,
    ) -> anyhow::Result<Option<Event>> {
        let config = self.config();
        let Some(source) = check_source(&config.repo, exercise) else {
            let message = format!("没有名为 {exercise} 的练习");
            return Ok(Some(finished(
                Outcome::Error,
                None,
                Duration::ZERO,
                message,
            )));
        };
        self.warm_up().await;
        self.prepare().await?;
        let package = self.package(slot);
        let src = config.scratch.join(&package).join("src");
        let check = std::fs::read_to_string(&source)
            .with_context(|| format!("读不到 {}", source.display()))?;
        write_if_changed(&src.join(check_file(exercise)), &check)?;
        write_if_changed(&src.join("main.rs"), &with_check_module(code, exercise))?;

        if let Err(ending) = self.build(run, &package, false, true).await? {
            return Ok(ending);
        }
        let mut test = self.cargo("test", &package, false);
        test.args(["--quiet", "--offline", "--bin", &package, "--"])
            .args(["--format", "pretty", "--color", "never"])
            .env(EXERCISE_PROGRAM_ENV, config.binary(slot, false));
        let limits = config.limits(false);
        run.tests = Some(TestParser::default());
        let start = Instant::now();
        let ending = supervise(test, run, limits)
            .await
            .context("无法启动 cargo test")?;
        let elapsed = start.elapsed();
        let parser = run.tests.take().unwrap_or_default();
        let (passed, failed) = parser.counts();
        for event in parser.finish() {
            run.send(event).await;
        }
        let seconds = human_duration(elapsed);
        let (outcome, code, message) = match ending {
            Ending::Exited(status) if status.success() && passed > 0 => (
                Outcome::Exited,
                status.code(),
                format!("检查通过：{passed} 项测试全部通过，用时 {seconds}"),
            ),
            Ending::Exited(status) if failed > 0 => (
                Outcome::Exited,
                status.code(),
                format!(
                    "检查未通过：共 {} 项测试，{failed} 项失败（提示见下），用时 {seconds}",
                    passed + failed
                ),
            ),
            Ending::Exited(status) if passed == 0 && status.success() => (
                Outcome::Exited,
                Some(1),
                "没有运行任何测试：代码末尾引入检查的 mod check 被删掉了？".into(),
            ),
            Ending::Exited(status) => (
                Outcome::Exited,
                status.code(),
                format!(
                    "检查没有正常结束：{}，用时 {seconds}",
                    describe_exit(status)
                ),
            ),
            Ending::Stopped => (Outcome::Stopped, None, format!("已停止，运行了 {seconds}")),
            Ending::Disconnected => return Ok(None),
            ending => {
                let (outcome, message) =
                    describe_limit(&ending, &limits, "检查").context("每种结局都有说法")?;
                (outcome, None, message)
            }
        };
        Ok(Some(finished(outcome, code, elapsed, message)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercise_names_cannot_leave_the_exercises_folder() {
        let repo = crate::repo_root();
        assert!(check_source(&repo, "ch01_e1_run_all").is_some());
        for bad in [
            "../ch01_e1_run_all",
            "ch01_e1_run_all/..",
            "CH01",
            "ch99_e9_nothing",
            "",
        ] {
            assert!(check_source(&repo, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_pasted_solution_gets_the_check_module() {
        let code = "fn main() {}\n";
        let with = with_check_module(code, "ch02_e1_parallel_sum");
        assert!(with.ends_with("#[path = \"ch02_e1_parallel_sum_check.rs\"]\nmod check;\n"));
        assert_eq!(with_check_module(&with, "ch02_e1_parallel_sum"), with);
    }
}
