//! 练习 3.4 的检查：参考答案和起始代码共用这些测试。
//! 每次读都限时 10 秒：服务器少转发一条时，测试失败而不是永远等下去。
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncWriteExt, Lines};
use tokio::net::TcpListener;
use tokio::time::timeout;

use super::{chat_server, join};

async fn next<R: AsyncBufRead + Unpin>(lines: &mut Lines<R>) -> Option<String> {
    timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("10 秒内没有收到消息")
        .unwrap()
}

#[tokio::test]
async fn everyone_else_hears_you_and_you_do_not_hear_yourself() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(chat_server(listener));

    let (mut alice_in, mut alice_out) = join(addr, "alice").await.unwrap();
    let (mut bob_in, bob_out) = join(addr, "bob").await.unwrap();
    let (mut carol_in, mut carol_out) = join(addr, "carol").await.unwrap();

    alice_out.write_all("你好\n".as_bytes()).await.unwrap();
    assert_eq!(next(&mut bob_in).await.unwrap(), "alice: 你好");
    assert_eq!(next(&mut carol_in).await.unwrap(), "alice: 你好");

    carol_out.write_all("嗨\n".as_bytes()).await.unwrap();
    // alice 收到的下一行是 carol 的话，而不是她自己的“你好”。
    assert_eq!(next(&mut alice_in).await.unwrap(), "carol: 嗨");
    assert_eq!(next(&mut bob_in).await.unwrap(), "carol: 嗨");

    // bob 离开之后，聊天照常进行。
    drop((bob_in, bob_out));
    alice_out.write_all("再见\n".as_bytes()).await.unwrap();
    assert_eq!(next(&mut carol_in).await.unwrap(), "alice: 再见");
    server.abort();
}

#[tokio::test]
async fn stopping_the_server_closes_every_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(chat_server(listener));
    let (mut lines, _writer) = join(addr, "dave").await.unwrap();
    server.abort();
    // 服务器被取消，它手里的连接也被关闭：客户端读到结尾。
    assert_eq!(next(&mut lines).await, None);
}
