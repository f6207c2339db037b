//! 练习的起始代码是由参考答案生成的（`notebook::starters`）：手改了起始代码、或者改了答案
//! 却没有重新生成，这里就会失败。重新生成：`cargo run -- starters`。

use notebook::server::runner::Event;

#[test]
fn every_starter_is_generated_from_its_solution() {
    let exercises = notebook::starters::exercises().unwrap();
    assert!(exercises.len() >= 10, "只找到 {} 道练习", exercises.len());
    let mut stale = Vec::new();
    for (solution, starter) in exercises {
        let name = solution.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&solution).unwrap();
        let expected = notebook::starters::starter(&name, &source).unwrap();
        let actual = std::fs::read_to_string(&starter).unwrap_or_default();
        if actual != expected {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .header("由答案生成", "code/exercises/ 里的")
                .to_string();
            stale.push(format!("== {name} ==\n{diff}"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} 份起始代码与参考答案不一致（运行 cargo run -- starters 重新生成）：\n{}",
        stale.len(),
        stale.join("\n")
    );
}

/// 没动过的起始代码：每道练习的每一项检查都没通过，而且没通过的原因是起始代码的
/// `todo!()`（提示里是“还没实现”），不是超时或“卡住了”。一项检查在起始代码上就能通过，
/// 读者还没写一行就看到 ✓，这项检查就什么也没检查。
///
/// 例外只有一种：检查“练习必须拒绝的输入”的测试（`should_panic(expected = …)`），
/// 起始代码的 `todo!()` 与期望的消息不同，它们同样没通过；这里照样要求提示是“还没实现”。
#[test]
fn every_check_fails_on_its_untouched_starter_because_of_its_todo() {
    let names: Vec<String> = notebook::starters::exercises()
        .unwrap()
        .into_iter()
        .map(|(solution, _)| {
            let stem = solution.file_stem().unwrap().to_string_lossy();
            notebook::cells::starter_name(&stem)
        })
        .collect();
    assert!(names.len() >= 10, "只找到 {} 道练习", names.len());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let cargo_test = |names: &[String], after: &[&str]| {
        let mut command = std::process::Command::new(&cargo);
        command
            .current_dir(notebook::repo_root())
            .args(["test", "--quiet", "-p", "bingfa", "--color", "never"]);
        for name in names {
            command.args(["--example", name]);
        }
        command.args(after).env_remove("RUST_BACKTRACE");
        command.output().unwrap()
    };
    // 先一起编译，再一道一道地运行：每道练习的结果分开读。
    let built = cargo_test(&names, &["--no-run"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut wrong = Vec::new();
    for name in &names {
        let output = cargo_test(
            std::slice::from_ref(name),
            &["--", "--format", "pretty", "--color", "never"],
        );
        let mut parser = notebook::server::libtest::TestParser::default();
        // 边读边送出每项的结果（通过的只在这里出现），最后没通过的再带着提示送一次。
        let mut results = parser.feed(&String::from_utf8_lossy(&output.stdout));
        results.retain(|result| matches!(result, Event::Test { passed: true, .. }));
        results.extend(parser.finish());
        if results.is_empty() || output.status.success() {
            wrong.push(format!(
                "{name}：起始代码上没有一项检查没通过\n{}",
                String::from_utf8_lossy(&output.stdout)
            ));
        }
        for result in results {
            let Event::Test {
                name: test,
                passed,
                hint,
            } = result
            else {
                continue;
            };
            let hint = hint.unwrap_or_default();
            if passed || !hint.starts_with("还没实现") {
                wrong.push(format!("{name} 的 {test}：{hint}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "这些检查在没动过的起始代码上通过了，或者没通过的原因不是 todo!()：\n{}",
        wrong.join("\n")
    );
}
