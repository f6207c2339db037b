//! 运行：cargo run --example ch01_e2_word_count
//!
//! 练习 1.2 的参考答案：几个工作进程并行统计多个文件的词数，父进程和它们之间一行一问一答。
use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Command, Stdio};
use std::sync::Mutex;
use std::thread;

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
    // 队列：还没分出去的 (序号, 路径)。每个工作进程配一个线程，空了就来领下一个。
    let queue = Mutex::new(files.iter().enumerate());
    let counts = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| work(program, &queue)))
            .collect();
        let mut counts = vec![0; files.len()];
        for handle in handles {
            for (index, count) in handle.join().expect("线程里没有 panic")? {
                counts[index] = count;
            }
        }
        io::Result::Ok(counts)
    })?;
    Ok(counts)
}

/// 一个线程带一个工作进程：不停地领作业、发路径、读回答，直到队列空了。
fn work<'a>(
    program: &Path,
    queue: &Mutex<impl Iterator<Item = (usize, &'a PathBuf)>>,
) -> io::Result<Vec<(usize, usize)>> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let mut child = Command::new(program)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let result = talk(&mut child, queue);
    drop(child.stdin.take()); // 关上它的标准输入，它读到结尾就退出（wait 本来也会先关，这里写明白）
    let status = child.wait()?; // 无论成败都回收，不留僵尸进程
    let done = result?;
    if !status.success() {
        return Err(io::Error::other(format!("工作进程失败：{status}")));
    }
    Ok(done)
}

fn talk<'a>(
    child: &mut Child,
    queue: &Mutex<impl Iterator<Item = (usize, &'a PathBuf)>>,
) -> io::Result<Vec<(usize, usize)>> {
    // 练习（整个函数）：起始代码里没有它，怎样拆分由你决定
    let to_child = child.stdin.as_mut().expect("上面设置了 piped");
    let mut from_child = BufReader::new(child.stdout.as_mut().expect("上面设置了 piped"));
    let mut done = Vec::new();
    loop {
        let next = queue.lock().expect("锁没有被 panic 弄坏").next();
        let Some((index, path)) = next else {
            return Ok(done);
        };
        writeln!(to_child, "{}", path.display())?;
        let mut answer = String::new();
        if from_child.read_line(&mut answer)? == 0 {
            return Err(io::Error::other("工作进程提前退出了"));
        }
        match answer.trim_end().parse::<usize>() {
            Ok(count) => done.push((index, count)),
            Err(_) => {
                let answer = answer.trim_end();
                let message = format!("{}：{}", path.display(), answer.trim_start_matches("错误 "));
                return Err(io::Error::other(message));
            }
        }
    }
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
