//! 在 127.0.0.1 上提供已经构建好的书。只绑定回环地址：别的机器访问不到。

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

/// 监听 `127.0.0.1:port`（`port` 为 0 时由系统分配），返回监听器和实际地址。
pub async fn bind(port: u16) -> anyhow::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .with_context(|| format!("无法监听 127.0.0.1:{port}（端口被占用？可用 --port 换一个）"))?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// 提供 `dir` 里的静态文件，直到 `shutdown` 完成。
pub async fn serve(
    listener: TcpListener,
    dir: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let not_found = ServeFile::new(dir.join("404.html"));
    let app = Router::new().fallback_service(ServeDir::new(dir).not_found_service(not_found));
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("书的服务器出错")
}
