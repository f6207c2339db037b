//! 练习 1.2：cargo test --example ch01_e2_word_count_starter
//!
//! 起始代码：把 todo!() 换成你的实现，直到测试通过。
//! 几个工作进程并行统计多个文件的词数，父进程和它们之间一行一问一答。
#![allow(unused)] // 起始代码里有还没用上的参数和导入；写完后删掉这一行
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Command, Stdio};

use anyhow::{Context, bail};

/// 数一段文字里有多少个“词”：用空白隔开的片段。
pub fn count_words(text: &str) -> usize {
    todo!("按空白切开，数有几段")
}

/// 工作进程的主循环：每读到一行文件路径，就回答一行词数；
/// 文件读不了时回答 `错误 原因`，然后接着处理下一行。读到结尾就返回。
pub fn serve(input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    todo!("每读到一行路径，就回答一行词数（读不了就回答 错误 原因）")
}

/// 启动 `workers` 个工作进程（`program worker`），把文件分给它们，
/// 按 `files` 的顺序返回每个文件的词数。任何一个文件出错，整体就返回错误。
pub fn count_files(program: &Path, files: &[PathBuf], workers: usize) -> io::Result<Vec<usize>> {
    todo!("启动 workers 个工作进程，把文件分给它们，按顺序收集词数")
}

/// 一个临时目录，离开作用域时连同里面的文件一起删掉（出错、panic 时也一样）。
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> io::Result<TempDir> {
        let dir = env::temp_dir().join(format!("bingfa-{tag}-{}", process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.0) {
            eprintln!("删除临时目录 {} 失败：{error}", self.0.display());
        }
    }
}

fn main() -> anyhow::Result<()> {
    match env::args().nth(1).as_deref() {
        None => {}
        Some("worker") => {
            return serve(io::stdin().lock(), io::stdout().lock()).context("工作进程出错");
        }
        Some(other) => bail!("不认识的参数 `{other}`"),
    }

    // 在临时目录里造 6 个文件：第 i 个文件有 i 行，每行 10 个词。
    let dir = TempDir::new("word-count").context("无法创建临时目录")?;
    let mut files = Vec::new();
    for i in 1..=6 {
        let path = dir.0.join(format!("{i}.txt"));
        std::fs::write(&path, "一 二 三 四 五 six seven eight nine ten\n".repeat(i))
            .with_context(|| format!("无法写入 {}", path.display()))?;
        files.push(path);
    }

    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let counts = count_files(&me, &files, 3).context("统计词数失败")?;
    for (path, count) in files.iter().zip(&counts) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name}：{count} 个词");
    }
    println!(
        "3 个工作进程，6 个文件，共 {} 个词",
        counts.iter().sum::<usize>()
    );
    Ok(())
}

#[cfg(test)]
#[path = "ch01_e2_word_count_check.rs"]
mod check;
