//! 练习的起始代码是由参考答案生成的（`notebook::starters`）：手改了起始代码、或者改了答案
//! 却没有重新生成，这里就会失败。重新生成：`cargo run -- starters`。

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
