//! 在 127.0.0.1 上提供已经构建好的书，并让书页上的 ▶ 在本机运行代码单元。
//!
//! 这是一个能在读者机器上执行代码的服务器：威胁模型和每道防线的理由写在仓库根目录的
//! `SECURITY.md`，只写在那里。这里是其中属于 HTTP 的几道：只绑定 127.0.0.1（[`bind`]），
//! `Host` 必须是回环地址、`Origin` 必须是本站（`same_origin_only`），除 `/api/status` 以外
//! 每个接口都要令牌（`require_token`，路由见 `private_routes`）。不满足就回 403，什么也不编译。

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Json, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

mod build;
pub mod check;
pub mod events;
pub mod libtest;
mod python;
mod run;
pub mod runner;
mod slots;

pub use runner::{Runner, RunnerConfig};

/// 运行请求必须带的请求头。
pub const TOKEN_HEADER: &str = "x-notebook-token";

/// 一段代码最多多少字节。
const MAX_CODE_BYTES: usize = 256 * 1024;

/// 监听 `127.0.0.1:port`（`port` 为 0 时由系统分配），返回监听器和实际地址。
pub async fn bind(port: u16) -> anyhow::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .with_context(|| format!("无法监听 127.0.0.1:{port}（端口被占用？可用 --port 换一个）"))?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// 本机运行代码单元所需的一切：令牌和运行器。
#[derive(Clone)]
pub struct Notebook {
    token: Arc<str>,
    runner: Arc<Runner>,
}

impl Notebook {
    /// 生成一个新的随机令牌（128 位，来自操作系统播种的密码学安全随机数生成器）。
    pub fn new(config: RunnerConfig) -> Self {
        let bytes: [u8; 16] = rand::random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self::with_token(&token, config)
    }

    /// 用指定的令牌（测试用）。
    pub fn with_token(token: &str, config: RunnerConfig) -> Self {
        Self {
            token: token.into(),
            runner: Runner::new(config),
        }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn runner(&self) -> &Arc<Runner> {
        &self.runner
    }

    /// 终端里打印给读者的地址。
    pub fn url(&self, addr: SocketAddr) -> String {
        format!("http://{addr}/?token={}", self.token)
    }
}

/// 整个网站：`dir` 里的书，加上 `/api/` 下运行代码单元的接口。
///
/// 接口分成两组，只在这里合在一起：`private_routes` 里的全都要口令（经过 `require_token`），
/// 不要口令的只有 `/api/status`。新接口加进 `private_routes`，就自动受口令保护。
pub fn app(dir: &Path, notebook: Notebook) -> Router {
    let not_found = ServeFile::new(dir.join("404.html"));
    let private = private_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        })
        .route_layer(middleware::from_fn_with_state(
            notebook.clone(),
            require_token,
        ))
        .layer(DefaultBodyLimit::max(MAX_CODE_BYTES));
    // 页面用它问“这是不是本机的服务器、我带的口令对不对”：只回答这两件事。
    let public = Router::new().route("/api/status", get(status));
    public
        .merge(private)
        .with_state(notebook)
        .fallback_service(ServeDir::new(dir).not_found_service(not_found))
        .layer(middleware::from_fn(same_origin_only))
}

/// 要口令的接口：运行、停止代码单元，报告服务器的设置。
fn private_routes() -> Vec<(&'static str, MethodRouter<Notebook>)> {
    vec![
        ("/api/notebook", get(info)),
        ("/api/run", post(run)),
        ("/api/stop", post(stop)),
    ]
}

/// 要口令的接口的路径（测试逐个确认，没有口令的请求都被拒绝）。
pub fn private_paths() -> Vec<&'static str> {
    private_routes().into_iter().map(|(path, _)| path).collect()
}

/// 提供本书，直到 `shutdown` 完成；那时停止所有还在运行的代码单元。
pub async fn serve(
    listener: TcpListener,
    dir: &Path,
    notebook: Notebook,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let runner = Arc::clone(notebook.runner());
    let app = app(dir, notebook);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            // 正在输出的运行会一直占着连接；先停掉它们，服务器才能退出。
            runner.stop_all();
        })
        .await
        .context("书的服务器出错")
}

/// `Host` 是不是回环地址（可以带端口）。
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let name = match host.strip_prefix("[::1]") {
        Some(rest) => return rest.is_empty() || is_port(rest),
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(&format!(":{port}")) => name.to_string(),
            Some(_) => return false,
            None => host,
        },
    };
    name == "127.0.0.1" || name == "localhost"
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn forbidden(message: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("403 拒绝：{message}\n"),
    )
        .into_response()
}

/// 对所有请求：`Host` 必须是回环地址；若带 `Origin`，必须是本站。
async fn same_origin_only(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return forbidden("缺少 Host 请求头");
    };
    if !is_loopback_host(host) {
        return forbidden("Host 不是本机回环地址（可能是 DNS 重绑定攻击）");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let expected = format!("http://{host}");
        if !origin
            .to_str()
            .is_ok_and(|o| o.eq_ignore_ascii_case(&expected))
        {
            return forbidden("请求来自别的网站（Origin 与本站不符）");
        }
    }
    let mut response = next.run(request).await;
    // 从书页点出去的链接不带上地址（首次打开时地址里有令牌）。
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// 对 `/api/` 下的请求：必须带正确的令牌。
async fn require_token(State(notebook): State<Notebook>, request: Request, next: Next) -> Response {
    match token_of(request.headers()) {
        None => forbidden("缺少令牌（请用终端里打印的带 token 的地址打开本书）"),
        Some(token) if !same_secret(token.as_bytes(), notebook.token.as_bytes()) => {
            forbidden("令牌不对（服务器重启过？请用终端里新打印的地址打开本书）")
        }
        Some(_) => next.run(request).await,
    }
}

fn token_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok())
}

/// 比较两个秘密，用时与第一个不同之处的位置无关（不泄露令牌的前缀）。
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Serialize)]
struct Status {
    runner: &'static str,
    /// 请求带的令牌：`ok`、`missing`（没带）或 `wrong`（不对，多半是服务器重启过）。
    token: &'static str,
    #[serde(flatten)]
    info: Option<Info>,
}

/// 不要令牌的一问：“这本书是不是由 `cargo run` 提供的？我带的令牌还对吗？”页面据此决定
/// ▶ 在本机运行、还是在页面顶上请读者用新地址重新打开（而不是悄悄改用 Playground）。
/// 只回答这两件事；令牌对时再附上运行的限制（同 `/api/notebook`）。`Host`、`Origin`
/// 的检查照旧，别的网站读不到回答。
async fn status(State(notebook): State<Notebook>, headers: HeaderMap) -> Json<Status> {
    let token = match token_of(&headers) {
        None => "missing",
        Some(token) if !same_secret(token.as_bytes(), notebook.token.as_bytes()) => "wrong",
        Some(_) => "ok",
    };
    let info = (token == "ok").then(|| info_of(&notebook));
    Json(Status {
        runner: "local",
        token,
        info,
    })
}

#[derive(Serialize)]
struct Info {
    runner: &'static str,
    time_limit_secs: f64,
    output_limit_bytes: usize,
    max_runs: usize,
    memory_limit_bytes: u64,
    process_limit: u32,
    /// 这台机器上能不能画每个线程的泳道（要有 Linux 的 `/proc`）。
    lanes: bool,
}

/// 页面用它判断“这本书是不是由 `cargo run` 提供的、令牌对不对”。
async fn info(State(notebook): State<Notebook>) -> Json<Info> {
    Json(info_of(&notebook))
}

fn info_of(notebook: &Notebook) -> Info {
    let config = notebook.runner.config();
    Info {
        runner: "local",
        time_limit_secs: config.time_limit.as_secs_f64(),
        output_limit_bytes: config.output_limit,
        max_runs: config.max_runs,
        memory_limit_bytes: config.memory_limit,
        process_limit: config.task_limit,
        lanes: config.sample_usage
            && cfg!(target_os = "linux")
            && Path::new("/proc/self/task").is_dir(),
    }
}

/// `/api/run` 的请求体（见 [`events`] 的模块文档）。
#[derive(Deserialize)]
struct RunRequest {
    code: String,
    /// 代码的语言：`rust`（默认）或 `python`。
    #[serde(default)]
    language: Language,
    /// 「检查」：用这道练习（例如 `ch01_e1_run_all`）的检查测试代码，而不是运行 `main`。
    #[serde(default)]
    check: Option<String>,
    /// Python 程序的名字（例如 `ch02_02_gil_primes`），给草稿文件起名用。
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize, Default, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Language {
    #[default]
    Rust,
    Python,
}

/// 运行一段代码：响应体是一行一个 JSON 事件（NDJSON），边运行边送出。
async fn run(State(notebook): State<Notebook>, Json(request): Json<RunRequest>) -> Response {
    let events = match (request.language, request.check) {
        (Language::Python, Some(_)) => {
            return (StatusCode::BAD_REQUEST, "「检查」只用于 Rust 练习\n").into_response();
        }
        (Language::Python, None) => notebook.runner.start_python(request.code, request.name),
        (Language::Rust, Some(exercise)) => notebook.runner.start_check(request.code, exercise),
        (Language::Rust, None) => notebook.runner.start(request.code),
    };
    let lines = futures_util::stream::unfold(events, |mut events| async move {
        let event = events.recv().await?;
        let mut line = serde_json::to_vec(&event).expect("事件总能序列化");
        line.push(b'\n');
        Some((Ok::<_, Infallible>(Bytes::from(line)), events))
    });
    (
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from_stream(lines),
    )
        .into_response()
}

#[derive(Deserialize)]
struct StopRequest {
    id: u64,
}

async fn stop(State(notebook): State<Notebook>, Json(request): Json<StopRequest>) -> StatusCode {
    if notebook.runner.stop(request.id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_accepted_as_host() {
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "[::1]:3000",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "localhost.evil.example:3000",
            "192.168.1.5:3000",
            "127.0.0.1:",
            "127.0.0.1:abc",
            "[::1]x",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }
}
