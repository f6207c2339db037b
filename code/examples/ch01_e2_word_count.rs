//! 运行：cargo run --example ch01_e2_word_count
//!
//! 练习 1.2 的参考答案：几个工作进程并行统计多个文件的词数，父进程和它们之间一行一问一答。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Command, Stdio};

use anyhow::{Context, bail};

/// 数一段文字里有多少个“词”：用空白隔开的片段。
pub fn count_words(text: &str) -> usize {
    // 练习：按空白切开，数有几段
    text.split_whitespace().count()
}

/// 工作进程的主循环：每读到一行文件路径，就回答一行词数；
/// 文件读不了时回答 `错误 原因`，然后接着处理下一行。读到结尾就返回。
pub fn serve(input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    // 练习：每读到一行路径，就回答一行词数（读不了就回答 错误 原因）
    for line in input.lines() {
        let path = line?;
        match std::fs::read_to_string(&path) {
            Ok(text) => writeln!(output, "{}", count_words(&text))?,
            Err(error) => writeln!(output, "错误 {error}")?,
        }
        output.flush()?; // 父进程正在等这一行
    }
    Ok(())
}

/// 启动 `workers` 个工作进程（`program worker`），把文件分给它们，
/// 按 `files` 的顺序返回每个文件的词数。任何一个文件出错，整体就返回错误。
pub fn count_files(program: &Path, files: &[PathBuf], workers: usize) -> io::Result<Vec<usize>> {
    // 练习：启动 workers 个工作进程，把文件分给它们，按顺序收集词数
    let workers = workers.clamp(1, files.len().max(1));
    let mut children = Vec::new();
    for _ in 0..workers {
        match start_worker(program) {
            Ok(child) => children.push(child),
            Err(error) => {
                // 已经启动的先收拾掉，再报告启动失败：这是更要紧的那个错误，收拾时的错误不再报告。
                let _ = stop_all(children);
                return Err(error);
            }
        }
    }
    // Rust 没有 finally：先把结果存下来，无论成败都收拾好工作进程，最后再交出结果。
    let result = deal(&mut children, files);
    let stopped = stop_all(children);
    let counts = result?;
    stopped?;
    Ok(counts)
}

fn start_worker(program: &Path) -> io::Result<Child> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    Command::new(program)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
}

/// 父进程自己当队列，只用一个线程：先给每个工作进程一个文件，再按固定的顺序轮流，
/// 读回一个工作进程的回答，就交给它下一个文件；文件分完了，就关上它的标准输入。
fn deal(children: &mut [Child], files: &[PathBuf]) -> io::Result<Vec<usize>> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let mut counts = vec![0; files.len()];
    let mut queue = files.iter().enumerate();
    // 每个工作进程一个按行读回答的 BufReader，和它手上的文件（序号, 路径）；
    // None 表示已经没有文件可派给它了。
    let mut readers = Vec::new();
    let mut doing = Vec::new();
    for child in children.iter_mut() {
        let stdout = child.stdout.take().expect("上面设置了 piped");
        readers.push(BufReader::new(stdout));
        doing.push(give(child, queue.next())?);
    }
    while doing.iter().any(Option::is_some) {
        for ((child, reader), job) in children.iter_mut().zip(&mut readers).zip(&mut doing) {
            let Some((index, path)) = *job else { continue };
            counts[index] = answer(reader, path)?;
            *job = give(child, queue.next())?;
        }
    }
    Ok(counts)
}

/// 把一个文件交给工作进程；没有文件了就关上它的标准输入，它读到结尾就会退出。
fn give<'a>(
    child: &mut Child,
    job: Option<(usize, &'a PathBuf)>,
) -> io::Result<Option<(usize, &'a PathBuf)>> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    match job {
        Some((_, path)) => {
            let to_child = child.stdin.as_mut().expect("上面设置了 piped");
            writeln!(to_child, "{}", path.display())?;
        }
        None => drop(child.stdin.take()),
    }
    Ok(job)
}

/// 读回工作进程对 `path` 的回答：一行词数，或者一行“错误 原因”。
fn answer(from_child: &mut impl BufRead, path: &Path) -> io::Result<usize> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let mut line = String::new();
    if from_child.read_line(&mut line)? == 0 {
        return Err(io::Error::other("工作进程提前退出了"));
    }
    let answer = line.trim_end();
    answer.parse::<usize>().map_err(|_| {
        let reason = answer.trim_start_matches("错误 ");
        io::Error::other(format!("{}：{reason}", path.display()))
    })
}

/// 关上每个工作进程的标准输入，等它们都结束：它们读到结尾就会退出。
/// 有一个出错也接着回收其余的，不留僵尸进程；报告遇到的第一个错误。
fn stop_all(children: Vec<Child>) -> io::Result<()> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let mut first_error = None;
    for mut child in children {
        drop(child.stdin.take());
        let error = match child.wait() {
            Ok(status) if status.success() => continue,
            Ok(status) => io::Error::other(format!("工作进程失败：{status}")),
            Err(error) => error,
        };
        first_error.get_or_insert(error);
    }
    first_error.map_or(Ok(()), Err)
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
