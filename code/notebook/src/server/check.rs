//! 书页上的「检查」：用练习自己的检查（`code/exercises/NAME_check.rs`）测试读者在页面上
//! 写的代码，与 ▶ 走同一个运行器、同一套限制。
//!
//! - 检查文件复制到草稿包的 `src/` 里，紧挨着 `main.rs`：起始代码末尾的
//!   `#[cfg(test)] #[path = "NAME_check.rs"] mod check;` 正好找到它（读者贴进来的代码没有
//!   这一行时补上）。草稿包把配套代码 `bingfa` 列为开发依赖，检查用它的 `within`、
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

use super::events::{Event, Outcome, describe_exit, finished, human_duration};
use super::runner::Runner;
use super::supervisor::{Ending, Run, supervise};
use crate::scratch::write_if_changed;

/// 检查要用的程序由这个环境变量告诉 `bingfa::check::exercise_program`。
pub const EXERCISE_PROGRAM_ENV: &str = "BINGFA_EXERCISE_PROGRAM";

/// 练习 `exercise`（例如 `ch01_e1_run_all`）的检查文件；名字不合规矩或没有这道练习时为 `None`。
/// 名字只能由小写字母、数字和下划线组成：它来自页面，决不能变成 `../` 之类的路径。
pub fn check_source(repo: &Path, exercise: &str) -> Option<PathBuf> {
    let valid = exercise.starts_with("ch")
        && exercise
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let path = repo
        .join("code/exercises")
        .join(format!("{exercise}_check.rs"));
    (valid && path.is_file()).then_some(path)
}

/// 代码末尾没有引入检查的那几行（例如读者贴进来的是参考答案）时补上。
fn with_check_module(code: &str, exercise: &str) -> String {
    let file = format!("{exercise}_check.rs");
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
        write_if_changed(&src.join(format!("{exercise}_check.rs")), &check)?;
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
        let (passed, failed) = (parser.passed, parser.failed.len());
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
                let (outcome, message) = config
                    .describe_limit(&ending, "检查")
                    .context("每种结局都有说法")?;
                (outcome, None, message)
            }
        };
        Ok(Some(finished(outcome, code, elapsed, message)))
    }
}

/// 把 libtest（`--format pretty`）的输出认成一项项测试的结果。「检查」边运行边用它；
/// `tests/starters.rs` 用它读起始代码的检查结果。
#[derive(Debug, Default)]
pub struct TestParser {
    /// 还没读到换行的半行。
    line: String,
    passed: usize,
    failed: Vec<String>,
    /// 正在读的 `---- 名字 stdout ----` 一节：名字和内容。
    section: Option<(String, String)>,
    sections: Vec<(String, String)>,
}

impl TestParser {
    /// 读进一段输出，返回其中结束了的测试。
    pub fn feed(&mut self, text: &str) -> Vec<Event> {
        self.line.push_str(text);
        let mut events = Vec::new();
        while let Some(end) = self.line.find('\n') {
            let line: String = self.line.drain(..=end).collect();
            events.extend(self.line_done(line.trim_end_matches(['\n', '\r'])));
        }
        events
    }

    fn line_done(&mut self, line: &str) -> Option<Event> {
        if let Some(rest) = line.strip_prefix("---- ")
            && let Some(name) = rest.strip_suffix(" stdout ----")
        {
            self.close_section();
            self.section = Some((name.to_owned(), String::new()));
            return None;
        }
        if line == "failures:" || line.starts_with("test result:") {
            self.close_section();
        }
        if let Some((_, text)) = &mut self.section {
            text.push_str(line);
            text.push('\n');
            return None;
        }
        let (name, result) = line.strip_prefix("test ")?.rsplit_once(" ... ")?;
        // `#[should_panic]` 的测试在结果行里多一个后缀，失败输出的标题里没有。
        let name = name.strip_suffix(" - should panic").unwrap_or(name);
        let passed = match result {
            "ok" => true,
            "FAILED" => false,
            _ => return None, // ignored 之类
        };
        if passed {
            self.passed += 1;
        } else {
            self.failed.push(name.to_owned());
        }
        Some(Event::Test {
            name: name.to_owned(),
            passed,
            hint: None,
        })
    }

    fn close_section(&mut self) {
        self.sections.extend(self.section.take());
    }

    /// 全部结束：每个没通过的测试再送一次，带上它的提示。
    pub fn finish(mut self) -> Vec<Event> {
        self.close_section();
        self.failed
            .iter()
            .map(|name| {
                let hint = self
                    .sections
                    .iter()
                    .find(|(section, _)| section == name)
                    .map(|(_, text)| panic_message(text));
                Event::Test {
                    name: name.clone(),
                    passed: false,
                    hint,
                }
            })
            .collect()
    }
}

/// 一节失败输出里的 panic 消息（`panicked at 位置:` 的下一行起，到 `note:` 之前）；
/// 没有 panic 的样子就整节交出去。`todo!()` 的英文开头换成中文：起始代码没通过检查，
/// 读者最该看到的是“还没实现”和 `todo!` 里写的提示。
fn panic_message(section: &str) -> String {
    let mut lines = section.lines();
    if lines.any(|line| line.contains(" panicked at ")) {
        let message: Vec<&str> = lines
            .take_while(|line| !line.starts_with("note: ") && *line != "stack backtrace:")
            .collect();
        return in_chinese(message.join("\n").trim());
    }
    section.trim().to_owned()
}

/// `todo!()`、`unimplemented!()` 的消息开头（标准库写死的英文）换成“还没实现”。
fn in_chinese(message: &str) -> String {
    for english in ["not yet implemented", "not implemented"] {
        if let Some(rest) = message.strip_prefix(english) {
            return match rest.strip_prefix(": ") {
                Some(hint) => format!("还没实现：{hint}"),
                None => format!("还没实现{rest}"),
            };
        }
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_output_becomes_results_with_hints() {
        let output = "\nrunning 2 tests\ntest check::a ... ok\ntest check::b ... FAILED\n\n\
            failures:\n\n---- check::b stdout ----\n打印的一行\n\n\
            thread 'check::b' (77) panicked at src/main.rs:9:5:\n5 秒里没有任何进展：是不是在互相等？\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\n\
            failures:\n    check::b\n\ntest result: FAILED. 1 passed; 1 failed\n";
        let mut parser = TestParser::default();
        // 一次只读进几个字节：一行被拆开也认得出来。
        let mut streamed = Vec::new();
        let chars: Vec<char> = output.chars().collect();
        for chunk in chars.chunks(7) {
            streamed.extend(parser.feed(&chunk.iter().collect::<String>()));
        }
        let names = |events: &[Event]| -> Vec<(String, bool, Option<String>)> {
            events
                .iter()
                .map(|e| match e {
                    Event::Test { name, passed, hint } => (name.clone(), *passed, hint.clone()),
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(
            names(&streamed),
            [
                ("check::a".into(), true, None),
                ("check::b".into(), false, None)
            ]
        );
        assert_eq!(
            names(&parser.finish()),
            [(
                "check::b".into(),
                false,
                Some("5 秒里没有任何进展：是不是在互相等？".into())
            )]
        );
    }

    #[test]
    fn the_message_of_todo_is_shown_in_chinese() {
        let section = "thread '<unnamed>' (9) panicked at src/main.rs:27:5:\n\
                       not yet implemented: 每位哲学家一个线程\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(section), "还没实现：每位哲学家一个线程");
        assert_eq!(in_chinese("not yet implemented"), "还没实现");
        assert_eq!(
            in_chinese("not implemented: 以后再说"),
            "还没实现：以后再说"
        );
        assert_eq!(
            in_chinese("要 3 张，总共只有 2 张"),
            "要 3 张，总共只有 2 张"
        );
    }

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
