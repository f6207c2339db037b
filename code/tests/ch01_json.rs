//! 第 1 章“进程之间传结构化的消息”：一行一个 JSON 对象。
//!
//! 代码单元只展示了合法的往返和“跳过坏行”；这里再证明：文本里的换行不会破坏分帧，
//! `ch01_13` 的子进程遇到坏行会停下（以退出码 1 结束、报告原因），`ch01_14` 的子进程跳过
//! 坏行后接着回答。

use std::io::Write;
use std::process::{Command, Stdio};

use bingfa::check::{built_example, watch};

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch01_08_json_lines.rs"]
mod lines;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch01_09_json_bad_line.rs"]
mod bad_line;

#[test]
fn newlines_inside_a_message_are_escaped_so_one_message_stays_one_line() {
    let job = serde_json::json!({ "id": 7, "text": "第一行\n第二行\r\n第三行" });
    let line = serde_json::to_string(&job).unwrap();
    assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
    // 子进程按行读：这一行是一条完整的作业，文本里的三行都在。
    let mut output = Vec::new();
    lines::worker(format!("{line}\n").as_bytes(), &mut output).unwrap();
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "{\"id\":7,\"lines\":3,\"chars\":12}\n"
    );
}

#[test]
fn the_worker_answers_one_line_per_job() {
    let input = "{\"id\":1,\"text\":\"a\\nb\"}\n{\"id\":2,\"text\":\"\"}\n";
    let mut output = Vec::new();
    lines::worker(input.as_bytes(), &mut output).unwrap();
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "{\"id\":1,\"lines\":2,\"chars\":3}\n{\"id\":2,\"lines\":0,\"chars\":0}\n"
    );
}

#[test]
fn the_stopping_worker_answers_the_good_lines_then_reports_where_the_bad_one_broke() {
    let input = "{\"id\":1,\"text\":\"好\"}\n{\"id\":2,\"text\":\"半截\n{\"id\":3,\"text\":\"不会被读到\"}\n";
    let mut output = Vec::new();
    let error = lines::worker(input.as_bytes(), &mut output).unwrap_err();
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "{\"id\":1,\"lines\":1,\"chars\":1}\n"
    );
    let message = format!("{error:#}");
    assert!(
        message
            .starts_with("第 2 条消息不是合法的作业: EOF while parsing a string at line 1 column"),
        "{message}"
    );
}

#[test]
fn the_stopping_worker_process_exits_with_1_and_says_why() {
    let program = built_example("ch01_08_json_lines");
    let output = watch("子进程应当在坏行处停下", move || {
        let mut child = Command::new(program)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"{\"id\":\"x\"}\n").unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    });
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("Error: 第 1 条消息不是合法的作业\n\nCaused by:\n    invalid type: string \"x\", expected u32 at line 1 column"),
        "{stderr}"
    );
}

#[test]
fn the_skipping_worker_rejects_bad_lines_and_keeps_answering() {
    let input = "{\"id\":1,\"text\":\"好\"}\n不是 JSON\n{\"id\":3}\n{\"id\":4,\"text\":\"还在\"}\n";
    let mut output = Vec::new();
    bad_line::worker(input.as_bytes(), &mut output).unwrap();
    let replies: Vec<bad_line::Reply> = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let summary: Vec<String> = replies
        .iter()
        .map(|reply| match reply {
            bad_line::Reply::Counted { id, chars } => format!("{id}:{chars}"),
            bad_line::Reply::Rejected { reason } => reason.clone(),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "1:1",
            "expected value at line 1 column 1",
            "missing field `text` at line 1 column 8",
            "4:2",
        ]
    );
}
