//! 运行：cargo run --example ch01_24_mmap_counter
//!
//! 进程之间共享内存：两个工作进程把同一个文件映射进自己的内存，
//! 给放在映射开头的一个 AtomicU64 各加一百万次。
use std::env;
use std::fs::{self, File};
use std::process::{self, Command};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, bail, ensure};
use memmap2::MmapRaw;

const ROUNDS: u64 = 1_000_000;

// ANCHOR: add
/// 约定：映射开头的 8 个字节是一个 AtomicU64。
fn counter(map: &MmapRaw) -> &AtomicU64 {
    assert!(map.len() >= 8, "映射不到 8 个字节");
    // SAFETY: 映射从页的边界开始，满足 AtomicU64 的对齐；至少有 8 个字节；
    // 返回的引用借着 map，映射在它用完之前不会解除；每个进程都只用原子操作碰这 8 个字节。
    unsafe { AtomicU64::from_ptr(map.as_mut_ptr().cast()) }
}

/// 工作进程：映射同一个文件，加 ROUNDS 次。
fn add(path: &str) -> anyhow::Result<()> {
    let file = File::options().read(true).write(true).open(path)?;
    let map = MmapRaw::map_raw(&file)?; // 共享的映射：写进去的，别的进程立刻看得到
    let count = counter(&map);
    for _ in 0..ROUNDS {
        count.fetch_add(1, Ordering::Relaxed); // 单纯计数，Relaxed 就够
    }
    Ok(())
}
// ANCHOR_END: add

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("add") => return add(args.get(1).map_or("", String::as_str)),
        Some(other) => bail!("不认识的参数 `{other}`"),
    }
    // ANCHOR: main
    let me = env::current_exe().context("找不到正在运行的程序文件")?;
    let path = env::temp_dir().join(format!("bingfa-ch01-34-{}.bin", process::id()));
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)?;
    file.set_len(8)?; // 8 个字节，全是 0
    let map = MmapRaw::map_raw(&file)?;

    let workers = (0..2)
        .map(|_| Command::new(&me).arg("add").arg(&path).spawn())
        .collect::<Result<Vec<_>, _>>()?;
    for mut worker in workers {
        let status = worker.wait()?;
        ensure!(status.success(), "工作进程失败：{status}");
    }
    // 两个进程都结束了，它们加的每一次都已经在这块内存里
    let total = counter(&map).load(Ordering::Relaxed);
    println!("2 个进程各加 {ROUNDS} 次，共享内存里是 {total}");
    drop((map, file)); // 先解除映射、关上文件，再删掉它
    fs::remove_file(&path)?;
    // ANCHOR_END: main
    Ok(())
}
