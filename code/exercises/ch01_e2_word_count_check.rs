//! 练习 1.2 的检查：参考答案和起始代码共用这些测试。
use std::io::Cursor;
use std::path::PathBuf;

use bingfa::check::{exercise_program, watch};

use super::{TempDir, count_files, count_words, serve};

/// 看着 `count_files` 运行（文件列表复制一份，交给另一个线程）。父子进程互相等待
/// （例如忘了关子进程的标准输入）时，测试失败而不是永远卡住；测试进程退出时管道
/// 随之关闭，卡住的子进程也会读到结尾、退出。
fn count(files: &[PathBuf], workers: usize) -> std::io::Result<Vec<usize>> {
    let program = exercise_program(env!("CARGO_CRATE_NAME"), "ch01_e2_word_count");
    let files = files.to_vec();
    let hint = "父进程和工作进程是不是在互相等？";
    watch(hint, move || count_files(&program, &files, workers))
}

#[test]
fn words_are_separated_by_whitespace() {
    assert_eq!(count_words(""), 0);
    assert_eq!(count_words("  \n\t "), 0);
    assert_eq!(count_words("one"), 1);
    assert_eq!(count_words("你好 世界\nhello  world\t!"), 5);
}

#[test]
fn the_worker_answers_one_line_per_path() {
    let dir = TempDir::new("wc-serve").unwrap();
    let file = dir.0.join("a.txt");
    std::fs::write(&file, "a b c\nd e\n").unwrap();
    let input = format!("{}\n{}\n", file.display(), dir.0.join("缺").display());
    let mut output = Vec::new();
    serve(Cursor::new(input), &mut output).unwrap();
    let output = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 2, "{output}");
    assert_eq!(lines[0], "5");
    assert!(lines[1].starts_with("错误 "), "{output}");
}

#[test]
fn worker_processes_count_every_file_in_order() {
    let dir = TempDir::new("wc-count").unwrap();
    let files: Vec<PathBuf> = (0..7)
        .map(|i| {
            let path = dir.0.join(format!("{i}.txt"));
            std::fs::write(&path, "词 ".repeat(i * 3)).unwrap();
            path
        })
        .collect();
    let expected: Vec<usize> = (0..7).map(|i| i * 3).collect();
    for workers in [1, 3, 20] {
        let counts = count(&files, workers).unwrap();
        assert_eq!(counts, expected, "workers = {workers}");
    }
    assert_eq!(count(&[], 3).unwrap(), Vec::<usize>::new());
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    let dir = TempDir::new("wc-missing").unwrap();
    let good = dir.0.join("good.txt");
    std::fs::write(&good, "a b").unwrap();
    let files = [good, dir.0.join("不存在.txt")];
    let error = count(&files, 2).unwrap_err();
    assert!(error.to_string().contains("不存在.txt"), "{error}");
}
