//! 运行：cargo run --example ch03_16_file_io
//!
//! 异步文件读写：tokio::fs 的用法和 std::fs 几乎一样，只是多了 .await。
use anyhow::Context;
use tokio::fs;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let path = std::env::temp_dir().join(format!("ch03-file-io-{}.txt", std::process::id()));

    // 一次写入整个文件。
    fs::write(&path, "第一行\n")
        .await
        .with_context(|| format!("无法写入 {}", path.display()))?;

    // 以追加方式打开，再写两行。
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .await
        .with_context(|| format!("无法打开 {}", path.display()))?;
    file.write_all("第二行\n第三行\n".as_bytes()).await?;
    file.flush().await?; // tokio 的 File 在后台线程上写，flush（刷新）要等这些写入真正完成
    drop(file);

    // 逐行读回来。
    let file = fs::File::open(&path)
        .await
        .with_context(|| format!("无法打开 {}", path.display()))?;
    let reader = BufReader::new(file);
    let mut lines = reader.lines();
    let mut count = 0;
    while let Some(line) = lines.next_line().await? {
        count += 1;
        println!("读到第 {count} 行：{line}");
    }

    fs::remove_file(&path).await?;
    println!("临时文件已删除");
    Ok(())
}
