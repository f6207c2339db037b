//! 运行：cargo run --example ch03_45_backpressure
//!
//! 一个上传服务：连接任务从连接里读一块，交给处理任务；处理一块要 10 毫秒。
//! 连接用 tokio::io::duplex 代替 TCP：两头之间只有一段有限的缓冲区（这里 16 KiB），
//! 缓冲区满了，写的一方就得等，和 TCP 连接一样。时间在 tokio 暂停的时钟上。
use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

const CHUNK: usize = 16 * 1024;
const CHUNKS: usize = 64; // 一共上传 1 MiB

// ANCHOR: main
/// 连接任务：读一块，交给处理任务。通道满了，send 就等着，这段时间不再读连接；
/// 连接里的缓冲区随之填满，客户端的写也就停下了。换成 TcpStream，代码一字不改。
async fn read_upload(
    mut conn: impl AsyncRead + Unpin,
    tx: mpsc::Sender<Vec<u8>>,
) -> io::Result<usize> {
    let mut most_queued = 0;
    loop {
        let mut chunk = vec![0; CHUNK];
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Ok(most_queued); // 客户端传完了
        }
        chunk.truncate(n);
        if tx.send(chunk).await.is_err() {
            return Ok(most_queued); // 处理任务不在了
        }
        most_queued = most_queued.max(tx.max_capacity() - tx.capacity());
    }
}

async fn upload(capacity: usize) -> io::Result<()> {
    let start = Instant::now();
    let (mut client, server) = tokio::io::duplex(CHUNK);
    let (tx, mut rx) = mpsc::channel(capacity);
    let reader = tokio::spawn(read_upload(server, tx));
    let processor = tokio::spawn(async move {
        while let Some(_chunk) = rx.recv().await {
            sleep(Duration::from_millis(10)).await; // 处理一块：比如写进对象存储
        }
        start.elapsed()
    });

    for _ in 0..CHUNKS {
        client.write_all(&[7; CHUNK]).await?;
    }
    client.shutdown().await?;
    let written = start.elapsed();

    let most_queued = reader.await??;
    let processed = processor.await?;
    println!("通道容量 {capacity}：");
    println!("  客户端用了 {:.2} 秒写完 1 MiB", written.as_secs_f64());
    let kib = most_queued * CHUNK / 1024;
    println!("  服务器的通道里最多排着 {most_queued} 块（{kib} KiB）");
    println!("  处理完用了 {:.2} 秒", processed.as_secs_f64());
    Ok(())
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> io::Result<()> {
    upload(4).await?;
    upload(1024).await // 远远多于要传的块数：等于没有上限
}
