//! 书里展示的编译错误都来自真实的编译。
//!
//! 有的错误没有错误码（例如格式字符串的参数个数不对、`Future` 不是 `Send`），
//! 文档测试的 `compile_fail,E0xxx` 无法确认它失败的原因。这样的例子放在
//! `code/compile_fail/NAME.rs`，书里展示的报错节选放在 `NAME.txt`；这里用 ▶ 的
//! 运行器（同样的依赖、同样的草稿包）编译每个例子：必须编译失败，而且节选的每一行
//! （去掉首尾空白）都要按顺序出现在编译器的输出里。

use std::path::Path;

use notebook::server::runner::{Event, Outcome, Stream};
use notebook::server::{Runner, RunnerConfig};

#[tokio::test]
async fn every_shown_compile_error_comes_from_the_compiler() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut config = RunnerConfig::new(&notebook::repo_root(), tmp.parent().unwrap());
    config.scratch = tmp.join("compile-fail");
    config.prefix = "compile-fail".into();
    let runner = Runner::new(config);

    let dir = notebook::repo_root().join("code/compile_fail");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let is_rust = path.extension().is_some_and(|e| e == "rs");
            is_rust.then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "code/compile_fail/ 里没有例子");

    // 全部一起提交：运行器同时编译 max_runs 个，其余排队。编译失败的结果 cargo 不缓存，
    // 每次都要真的编译，同时进行省一半时间。
    let runs: Vec<_> = names
        .into_iter()
        .map(|name| {
            let code = std::fs::read_to_string(dir.join(format!("{name}.rs"))).unwrap();
            let events = runner.start(code);
            (name, events)
        })
        .collect();
    let mut problems = Vec::new();
    for (name, mut events) in runs {
        let Ok(shown) = std::fs::read_to_string(dir.join(format!("{name}.txt"))) else {
            problems.push(format!(
                "缺少 code/compile_fail/{name}.txt（书里展示的报错节选）"
            ));
            continue;
        };
        let mut output = String::new();
        let outcome = loop {
            match events.recv().await.expect("运行器总会发出 Finished") {
                Event::Output {
                    stream: Stream::Build,
                    text,
                } => output.push_str(&text),
                Event::Finished { outcome, .. } => break outcome,
                _ => {}
            }
        };
        if outcome != Outcome::BuildFailed {
            problems.push(format!("{name}.rs 应该编译失败，结果却是 {outcome:?}"));
            continue;
        }
        if let Some(missing) = first_missing_line(&shown, &output) {
            problems.push(format!(
                "{name}.txt 的这一行不在编译器的输出里（或顺序不对）：\n  {missing}\n编译器的输出：\n{output}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// 节选中第一行找不到的（按顺序、去掉首尾空白比较）；全都找到时返回 `None`。
fn first_missing_line<'a>(excerpt: &'a str, output: &str) -> Option<&'a str> {
    let mut actual = output.lines().map(str::trim);
    excerpt
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .find(|wanted| !actual.any(|line| line == *wanted))
}
