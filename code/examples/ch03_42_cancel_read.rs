//! 运行：cargo run --example ch03_42_cancel_read
//!
//! 每条消息正好 4 个字节。对方发得慢，一条消息分两次到；读的一方每 20 毫秒超时一次，
//! 打印一句“还在等”再接着读。read_exact 被超时丢弃时，读到一半的字节跟着丢了。
//! 时间在 tokio 暂停的时钟上：输出每次一样，程序也不真的等。
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time::{Instant, sleep_until, timeout};

const WAIT: Duration = Duration::from_millis(20);

/// 对方：0 毫秒时发出 "ms"，30 毫秒时发出 "g1ms"，35 毫秒时发出 "g2"，然后关闭连接。
/// 拼起来正好是两条消息 "msg1" 和 "msg2"。
async fn peer(mut conn: DuplexStream) {
    let start = Instant::now();
    for (at, bytes) in [(0, "ms"), (30, "g1ms"), (35, "g2")] {
        sleep_until(start + Duration::from_millis(at)).await;
        conn.write_all(bytes.as_bytes()).await.unwrap();
    }
}

// ANCHOR: main
/// 错误的写法：进度（读到了第几个字节）在 read_exact 的 Future 里，超时时随它一起丢掉。
async fn read_exact_with_timeout(mut conn: DuplexStream) {
    let mut message = [0u8; 4];
    loop {
        match timeout(WAIT, conn.read_exact(&mut message)).await {
            Err(_elapsed) => println!("  20 毫秒没等到一整条，接着等"),
            Ok(Ok(_)) => println!("  收到 {:?}", String::from_utf8_lossy(&message)),
            Ok(Err(e)) => return println!("  读出错：{e}"),
        }
    }
}

/// 正确的写法：每次只 read 一次（它是取消安全的），读到的字节和计数都存在 Future 外面。
async fn read_with_progress_outside(mut conn: DuplexStream) {
    let mut message = [0u8; 4];
    let mut filled = 0;
    loop {
        match timeout(WAIT, conn.read(&mut message[filled..])).await {
            Err(_elapsed) => println!("  20 毫秒没等到一整条，接着等（已有 {filled} 字节）"),
            Ok(Ok(0)) => return println!("  对方关闭了连接"),
            Ok(Ok(n)) => {
                filled += n;
                if filled == message.len() {
                    println!("  收到 {:?}", String::from_utf8_lossy(&message));
                    filled = 0;
                }
            }
            Ok(Err(e)) => return println!("  读出错：{e}"),
        }
    }
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("用 timeout 包住 read_exact：");
    let (mine, theirs) = tokio::io::duplex(64);
    tokio::spawn(peer(theirs));
    read_exact_with_timeout(mine).await;

    println!("进度存在 Future 外面：");
    let (mine, theirs) = tokio::io::duplex(64);
    tokio::spawn(peer(theirs));
    read_with_progress_outside(mine).await;
}
