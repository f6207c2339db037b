//! 读 libtest（`cargo test -- --format pretty`）的输出：哪些测试通过、哪些没通过，
//! 没通过的那项 panic 时说了什么。「检查」边运行边用它（见 `super::check`），
//! `tests/starters.rs` 用它读起始代码的检查结果。

use super::events::Event;

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

    /// 到目前为止：通过的项数，没通过的项数。
    pub fn counts(&self) -> (usize, usize) {
        (self.passed, self.failed.len())
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
}
