//! 回显服务器：一千个客户端同时连接同一个单线程运行时上的服务器。

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_15_echo_server.rs"]
mod echo;

const CLIENTS: usize = 1000;

// #[tokio::test] 默认就是 current_thread 运行时：服务器和一千个客户端共用测试线程。
#[tokio::test]
async fn a_thousand_concurrent_clients_each_get_their_own_echo() {
    let listener = echo::listen(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(echo::serve(listener));

    // 每个客户端连上之后在栅栏前等：一千个连接全部建立，才有人开始说话。
    let all_connected = Arc::new(Barrier::new(CLIENTS));
    let mut clients = JoinSet::new();
    for id in 0..CLIENTS {
        let all_connected = all_connected.clone();
        clients.spawn(async move {
            // 长短不一的消息，长的有十几 KB，一次读不完。
            let message = format!("客户端 {id}：") + &"回声".repeat(id * 7 % 3000);
            let mut stream = TcpStream::connect(addr).await?;
            all_connected.wait().await;
            stream.write_all(message.as_bytes()).await?;
            stream.shutdown().await?;
            let mut reply = String::new();
            stream.read_to_string(&mut reply).await?;
            Ok::<_, std::io::Error>((id, message, reply))
        });
    }
    let mut answered = 0;
    while let Some(result) = clients.join_next().await {
        let (id, message, reply) = result.unwrap().expect("客户端出错");
        assert_eq!(reply, message, "客户端 {id} 收到的回显不对");
        answered += 1;
    }
    assert_eq!(answered, CLIENTS);
    assert!(!server.is_finished(), "服务器不应因出错而提前退出");

    // 取消服务器任务并等它结束：监听套接字被释放，再连就被拒绝。
    server.abort();
    assert!(server.await.unwrap_err().is_cancelled());
    let refused = TcpStream::connect(addr).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);
}

#[tokio::test]
async fn the_example_client_gets_its_message_back() {
    let listener = echo::listen(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(echo::serve(listener));
    let reply = echo::client(addr, "你好".to_string()).await.unwrap();
    assert_eq!(reply, "你好");
    server.abort();
}
