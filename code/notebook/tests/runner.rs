//! 书页上的 ▶：本机运行代码单元的服务器。
//!
//! - 安全：没有令牌、令牌不对、`Origin` 是别的网站、`Host` 不是回环地址，一律 403，
//!   而且什么也没有编译；
//! - 运行：在真实的 127.0.0.1 监听器上运行一段代码，输出边运行边送到；
//! - 收尾：停止、超时、输出过多、页面断开，程序和它启动的子进程都不留下。
//!
//! 每个测试有自己的草稿目录和包名（在 `target/tmp/notebook-runner/` 下），
//! 代码不变时 cargo 不重新编译，所以第二次起这些测试只需几秒。

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use notebook::server::{self, Notebook, RunnerConfig, TOKEN_HEADER};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tower::ServiceExt;

#[cfg(target_os = "linux")]
mod common;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const HOST: &str = "127.0.0.1:3000";

/// 每个测试自己的运行器设置。
fn config(name: &str) -> RunnerConfig {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target_dir = tmp.parent().expect("CARGO_TARGET_TMPDIR 是 target/tmp");
    let mut config = RunnerConfig::new(&notebook::repo_root(), target_dir);
    config.scratch = scratch(name);
    config.prefix = format!("test-{name}");
    config
}

fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("notebook-runner")
        .join(name)
}

fn app(notebook: Notebook) -> axum::Router {
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("notebook-runner-site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<h1>书</h1>").unwrap();
    server::app(&site, notebook)
}

/// 一个“合规”的请求：回环 Host、本站 Origin、正确的令牌。
fn post(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header("host", HOST)
        .header("origin", format!("http://{HOST}"))
        .header("content-type", "application/json")
        .header(TOKEN_HEADER, TOKEN)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn run_request(code: &str) -> Request<Body> {
    post("/api/run", json!({ "code": code }))
}

/// 把合规的运行请求改坏一处。
fn run_request_with(change: impl FnOnce(&mut axum::http::HeaderMap)) -> Request<Body> {
    let mut request = run_request(HELLO);
    change(request.headers_mut());
    request
}

/// 逐个读出运行的事件（响应体是一行一个 JSON）。
struct Events {
    body: Body,
    pending: Vec<u8>,
    /// 到目前为止程序输出的全部文字（stdout 与 stderr 合在一根管道里）。
    stdout: String,
}

impl Events {
    fn new(body: Body) -> Self {
        Self {
            body,
            pending: Vec::new(),
            stdout: String::new(),
        }
    }

    async fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                let event: Value = serde_json::from_slice(&line).unwrap();
                if event["event"] == "output" && event["stream"] == "program" {
                    self.stdout.push_str(event["text"].as_str().unwrap());
                }
                return Some(event);
            }
            let frame = self.body.frame().await?.unwrap();
            if let Ok(data) = frame.into_data() {
                self.pending.extend_from_slice(&data);
            }
        }
    }

    /// 读到某个事件为止（测试里等得最久的是第一次编译，给足时间）。
    async fn until(&mut self, kind: &str) -> Value {
        let wait = async {
            while let Some(event) = self.next().await {
                if event["event"] == kind {
                    return event;
                }
            }
            panic!("事件流结束了，没有等到 {kind}；输出：{}", self.stdout);
        };
        tokio::time::timeout(Duration::from_secs(600), wait)
            .await
            .unwrap_or_else(|_| panic!("等不到 {kind}"))
    }

    /// 读到程序输出里出现 `text` 为止。
    async fn until_stdout(&mut self, text: &str) {
        while !self.stdout.contains(text) {
            let event = self.next().await.expect("事件流提前结束");
            assert_ne!(event["event"], "finished", "{event}");
        }
    }
}

// ---------------------------------------------------------------- 安全

/// 随便什么代码：被拒绝的请求根本不该走到编译这一步。
const HELLO: &str = "fn main() { println!(\"你好\"); }";

#[tokio::test]
async fn refused_requests_get_403_and_nothing_is_compiled() {
    let notebook = Notebook::with_token(TOKEN, config("refused"));
    let runner = notebook.runner().clone();
    let app = app(notebook);
    let cases: Vec<(&str, Request<Body>)> = vec![
        (
            "没有令牌",
            run_request_with(|h| {
                h.remove(TOKEN_HEADER);
            }),
        ),
        (
            "令牌不对",
            run_request_with(|h| {
                h.insert(
                    TOKEN_HEADER,
                    "0123456789abcdef0123456789abcdee".parse().unwrap(),
                );
            }),
        ),
        (
            "令牌只是前缀",
            run_request_with(|h| {
                h.insert(TOKEN_HEADER, "0123456789abcdef".parse().unwrap());
            }),
        ),
        (
            "别的网站（CSRF）",
            run_request_with(|h| {
                h.insert("origin", "https://evil.example".parse().unwrap());
            }),
        ),
        (
            "本机别的端口上的网页",
            run_request_with(|h| {
                h.insert("origin", "http://127.0.0.1:8000".parse().unwrap());
            }),
        ),
        (
            "Origin: null（沙箱里的页面、本地文件）",
            run_request_with(|h| {
                h.insert("origin", "null".parse().unwrap());
            }),
        ),
        (
            "Host 是别的域名（DNS 重绑定）",
            run_request_with(|h| {
                h.insert("host", "evil.example:3000".parse().unwrap());
                h.insert("origin", "http://evil.example:3000".parse().unwrap());
            }),
        ),
        (
            "没有 Host",
            run_request_with(|h| {
                h.remove("host");
            }),
        ),
        ("停止也要令牌", {
            let mut request = post("/api/stop", json!({ "id": 1 }));
            request.headers_mut().remove(TOKEN_HEADER);
            request
        }),
        (
            "DNS 重绑定的页面读书的内容",
            Request::get("/index.html")
                .header("host", "evil.example:3000")
                .body(Body::empty())
                .unwrap(),
        ),
    ];
    for (what, request) in cases {
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{what}");
        let text = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&text).starts_with("403 拒绝："),
            "{what}"
        );
    }
    assert_eq!(runner.builds_started(), 0, "被拒绝的请求不应触发编译");
    assert!(!scratch("refused").exists(), "被拒绝的请求不应写下任何代码");
}

/// 除了 `/api/status`，每个接口都要口令：不带口令的 GET 和 POST 都被拒绝
/// （GET 一个只收 POST 的接口，得到的是 405，同样什么也没做）。
#[tokio::test]
async fn every_route_but_status_needs_the_token() {
    let notebook = Notebook::with_token(TOKEN, config("routes"));
    let runner = notebook.runner().clone();
    let app = app(notebook);
    let paths = server::private_paths();
    assert!(paths.contains(&"/api/run") && !paths.contains(&"/api/status"));
    for path in paths {
        let mut post = post(path, json!({ "id": 1, "code": HELLO }));
        post.headers_mut().remove(TOKEN_HEADER);
        let get = Request::get(path)
            .header("host", HOST)
            .header("origin", format!("http://{HOST}"))
            .body(Body::empty())
            .unwrap();
        for request in [post, get] {
            let method = request.method().clone();
            let status = app.clone().oneshot(request).await.unwrap().status();
            assert!(
                [StatusCode::FORBIDDEN, StatusCode::METHOD_NOT_ALLOWED].contains(&status),
                "{method} {path} 没带口令却得到 {status}"
            );
        }
    }
    assert_eq!(runner.builds_started(), 0, "被拒绝的请求不应触发编译");
}

#[tokio::test]
async fn the_page_learns_it_can_run_locally_only_with_the_token() {
    let app = app(Notebook::with_token(TOKEN, config("info")));
    let ask = |token: Option<&str>| {
        let mut request = Request::get("/api/notebook").header("host", "localhost:3000");
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        request.body(Body::empty()).unwrap()
    };
    let response = app.clone().oneshot(ask(Some(TOKEN))).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let info: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(info["runner"], "local");
    assert_eq!(info["time_limit_secs"], 60.0);
    let response = app.clone().oneshot(ask(None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // 不要令牌的 /api/status 只说令牌对不对（页面据此显示“本机运行已断开”的横幅）。
    for (token, expected) in [
        (Some(TOKEN), "ok"),
        (None, "missing"),
        (Some("0123456789abcdef-old"), "wrong"),
    ] {
        let mut request = Request::get("/api/status").header("host", "localhost:3000");
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let status: Value =
            serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes())
                .unwrap();
        assert_eq!(status["token"], expected);
        assert_eq!(
            status.get("max_runs").is_some(),
            expected == "ok",
            "{status}"
        );
    }

    // 书本身的页面不要令牌：书里的链接不带它也能打开。
    let page = Request::get("/index.html")
        .header("host", HOST)
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(page).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["referrer-policy"], "same-origin");
}

#[tokio::test]
async fn the_server_listens_on_loopback_only() {
    let (_listener, addr) = server::bind(0).await.unwrap();
    assert!(addr.ip().is_loopback(), "{addr}");
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
}

// ---------------------------------------------------------------- 运行

/// 在真实的 127.0.0.1 监听器上启动服务器。
async fn start_server(
    name: &str,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    JoinHandle<anyhow::Result<()>>,
) {
    let notebook = Notebook::with_token(TOKEN, config(name));
    let (listener, addr) = server::bind(0).await.unwrap();
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("notebook-runner-site");
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        server::serve(listener, &site, notebook, async {
            let _ = stopped.await;
        })
        .await
    });
    (addr, stop_server, server)
}

/// 像浏览器一样用 HTTP/1.1 发出运行请求，读完响应头，返回读响应体的一端。
async fn http_run(addr: SocketAddr, code: &str) -> BufReader<TcpStream> {
    let body = json!({ "code": code }).to_string();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/run HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{TOKEN_HEADER}: {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await.unwrap();
    assert_eq!(line.trim_end(), "HTTP/1.1 200 OK");
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            break;
        }
        chunked |= line.eq_ignore_ascii_case("transfer-encoding: chunked\r\n");
    }
    assert!(chunked, "流式响应应当分块传送");
    reader
}

/// 读下一块的事件；响应结束时返回 `None`。
/// 分块编码：每块是“十六进制长度\r\n内容\r\n”，服务器每个事件发一块。
async fn next_chunk(reader: &mut BufReader<TcpStream>) -> Option<Vec<Value>> {
    let mut line = String::new();
    reader.read_line(&mut line).await.unwrap();
    let size = usize::from_str_radix(line.trim_end(), 16).unwrap();
    if size == 0 {
        return None;
    }
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).await.unwrap();
    let events = chunk[..size]
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    Some(events)
}

/// 在真实的 127.0.0.1 监听器上，用 HTTP/1.1 运行一段代码，一边读一边核对：
/// 程序打印第一行之后停下来等一个文件；测试读到第一行才创建它。
/// 所以能走到第二行，就证明第一行是在程序运行时送到的，而不是结束后一起送来。
#[tokio::test]
async fn a_cell_runs_over_http_and_its_output_is_streamed() {
    let go = scratch("stream-go");
    let _ = std::fs::remove_file(&go);
    let code = format!(
        r#"use std::time::Duration;
fn main() {{
    println!("第一行");
    while !std::path::Path::new({go:?}).exists() {{
        std::thread::sleep(Duration::from_millis(10));
    }}
    eprintln!("第二行写到 stderr");
    // 草稿包有代码单元的依赖（tokio、rand、anyhow），和读者自己的项目一样。
    println!("收到信号，掷出 {{}}", rand::random_range(6..=6));
    std::process::exit(3);
}}
"#
    );
    let (addr, stop_server, server) = start_server("stream").await;
    let mut reader = http_run(addr, &code).await;
    let mut events = Vec::new();
    let mut released = false;
    while let Some(chunk) = next_chunk(&mut reader).await {
        for event in chunk {
            if event["event"] == "output" && event["text"] == "第一行\n" {
                assert!(!released);
                std::fs::write(&go, "").unwrap(); // 程序还在等：它的第一行已经到了
                released = true;
            }
            events.push(event);
        }
    }
    assert!(released, "没有读到第一行：{events:?}");
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[..2], ["accepted", "building"], "{kinds:?}");
    let running = kinds.iter().position(|&k| k == "running").unwrap();
    // stdout 与 stderr 走两根管道分开送（页面用不同的颜色显示）。两根管道之间谁先到
    // 取决于调度，所以分别核对每一路的内容和顺序，不核对两路交错的先后。
    let stream = |name: &str| -> String {
        events[running..]
            .iter()
            .filter(|e| e["event"] == "output" && e["stream"] == name)
            .map(|e| e["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(stream("program"), "第一行\n收到信号，掷出 6\n");
    assert_eq!(stream("stderr"), "第二行写到 stderr\n");
    let last = events.last().unwrap();
    assert_eq!(last["event"], "finished");
    assert_eq!(last["outcome"], "exited");
    assert_eq!(last["code"], 3);
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .starts_with("退出码 3，用时 ")
    );

    stop_server.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_compile_error_is_shown_and_nothing_runs() {
    let app = app(Notebook::with_token(TOKEN, config("compile-error")));
    let code = "fn main() {\n    let n: i32 = \"三\";\n    println!(\"{n}\");\n}\n";
    let response = app.oneshot(run_request(code)).await.unwrap();
    let mut events = Events::new(response.into_body());
    let mut build_output = String::new();
    let finished = loop {
        let event = events.next().await.unwrap();
        assert_ne!(event["event"], "running");
        if event["event"] == "output" {
            assert_eq!(event["stream"], "build");
            build_output.push_str(event["text"].as_str().unwrap());
        }
        if event["event"] == "finished" {
            break event;
        }
    };
    assert_eq!(finished["outcome"], "build_failed");
    assert!(build_output.contains("error[E0308]"), "{build_output}");
}

// ---------------------------------------------------------------- Python

fn python_request(code: &str, name: &str) -> Request<Body> {
    post(
        "/api/run",
        json!({ "code": code, "language": "python", "name": name }),
    )
}

/// 书里的 Python 程序也能 ▶：走同一个运行器，不编译，stdout 与 stderr 分开，边运行边送到；
/// 在仓库根目录运行，环境变量与生成书中输出时相同，代码写在草稿文件里。
#[tokio::test]
async fn a_python_program_runs_and_its_output_is_streamed() {
    if notebook::outputs::python3().is_none() {
        eprintln!("注意：找不到 python3，跳过这个测试");
        return;
    }
    let go = scratch("python-go");
    let _ = std::fs::remove_file(&go);
    let code = format!(
        r#"import os, sys, time
print("第一行")
while not os.path.exists({go:?}):
    time.sleep(0.01)
print("第二行写到 stderr", file=sys.stderr)
print(os.getcwd() == {repo:?}, os.environ["PYTHONUNBUFFERED"], os.path.basename(__file__))
sys.exit(3)
"#,
        repo = notebook::repo_root()
            .canonicalize()
            .unwrap()
            .display()
            .to_string(),
    );
    let app = app(Notebook::with_token(TOKEN, config("python")));
    let response = app
        .oneshot(python_request(&code, "ch02_99_demo"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut events = Events::new(response.into_body());
    let mut all = Vec::new();
    let mut released = false;
    loop {
        let event = events.next().await.expect("事件流提前结束");
        // 不缓冲的 stdout 上，print 的文字和换行可能分两次写出：看合起来的输出。
        if !released && events.stdout == "第一行\n" {
            std::fs::write(&go, "").unwrap(); // 程序还在等：它的第一行已经到了
            released = true;
        }
        all.push(event.clone());
        if event["event"] == "finished" {
            break;
        }
    }
    let kinds: Vec<&str> = all.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(
        kinds[..2],
        ["accepted", "running"],
        "Python 不编译：{kinds:?}"
    );
    assert_eq!(all[1]["build_ms"], 0);
    let stream = |name: &str| -> String {
        all.iter()
            .filter(|e| e["event"] == "output" && e["stream"] == name)
            .map(|e| e["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(stream("program"), "第一行\nTrue 1 ch02_99_demo.py\n");
    assert_eq!(stream("stderr"), "第二行写到 stderr\n");
    assert_eq!(stream("build"), "");
    let last = all.last().unwrap();
    assert_eq!(
        (&last["outcome"], &last["code"]),
        (&json!("exited"), &json!(3))
    );
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .starts_with("退出码 3，用时 ")
    );
}

/// 没有 python3 时，运行以一句中文说明结束（用一个不存在的解释器名字模拟）。
#[tokio::test]
async fn a_missing_python_is_explained_in_chinese() {
    for python in ["python3-这台电脑上没有", "/没有这个目录/python3"] {
        let mut config = config("no-python");
        config.python = python.into();
        let app = app(Notebook::with_token(TOKEN, config));
        let response = app
            .oneshot(python_request("print('你好')\n", "ch02_02_gil_primes"))
            .await
            .unwrap();
        let mut events = Events::new(response.into_body());
        let mut kinds = Vec::new();
        let finished = loop {
            let event = events.next().await.expect("事件流提前结束");
            kinds.push(event["event"].as_str().unwrap().to_owned());
            if event["event"] == "finished" {
                break event;
            }
        };
        assert_eq!(kinds, ["accepted", "finished"], "{python}");
        assert_eq!(finished["outcome"], "error");
        let message = finished["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("找不到 {python}，没法运行这段 Python 程序")),
            "{message}"
        );
    }
}

/// Python 程序不能「检查」；语言写错了也不运行。
#[tokio::test]
async fn a_python_check_or_an_unknown_language_is_refused() {
    let notebook = Notebook::with_token(TOKEN, config("python-refused"));
    let runner = notebook.runner().clone();
    let app = app(notebook);
    for body in [
        json!({ "code": "print(1)", "language": "python", "check": "ch01_e1_run_all" }),
        json!({ "code": "print(1)", "language": "ruby" }),
    ] {
        let response = app
            .clone()
            .oneshot(post("/api/run", body.clone()))
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{body}：{}",
            response.status()
        );
    }
    assert_eq!(runner.builds_started(), 0);
    assert!(!scratch("python-refused").exists());
}

// ---------------------------------------------------------------- 收尾

/// 一个不会自己结束的多进程程序：把自己再启动一次当子进程，打印两个进程号，然后一直睡。
const FOREVER: &str = r#"use std::time::Duration;
fn main() {
    if std::env::args().nth(1).as_deref() == Some("child") {
        println!("子进程 {}", std::process::id());
    } else {
        let me = std::env::current_exe().unwrap();
        let child = std::process::Command::new(me).arg("child").spawn().unwrap();
        println!("父进程 {} 启动了 {}", std::process::id(), child.id());
    }
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
"#;

/// 从输出里找出 FOREVER 的两个进程号。
fn pids(stdout: &str) -> Vec<u32> {
    stdout
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect()
}

/// 等到这些进程都不在了（僵尸也算不在：它已经死了，只是还没被回收）。
#[cfg(target_os = "linux")]
async fn assert_gone(pids: &[u32]) {
    let alive = |pid: &u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap()
                .trim_start()
                .starts_with('Z')
        })
    };
    // 等的是内核把信号送到、进程退出，机器再忙也用不了几秒；60 秒还在就是真的没杀掉。
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while pids.iter().any(alive) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "进程还活着：{:?}",
            pids.iter().filter(|p| alive(p)).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// 运行 FOREVER，读到它和它的子进程的进程号为止。
async fn start_forever(app: &axum::Router) -> (Events, u64, Vec<u32>) {
    let response = app.clone().oneshot(run_request(FOREVER)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut events = Events::new(response.into_body());
    let accepted = events.until("accepted").await;
    let id = accepted["id"].as_u64().unwrap();
    events.until("running").await;
    events.until_stdout("子进程 ").await;
    events.until_stdout("父进程 ").await;
    // 两行都以换行结尾后再取进程号，免得读到半个数字。
    while events.stdout.matches('\n').count() < 2 {
        events.next().await.unwrap();
    }
    let pids = pids(&events.stdout);
    assert_eq!(pids.len(), 3, "{}", events.stdout); // 父、父启动的子、子自己报的
    (events, id, pids)
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn stop_kills_the_program_and_its_children() {
    let app = app(Notebook::with_token(TOKEN, config("stop")));
    let (mut events, id, pids) = start_forever(&app).await;

    let response = app
        .clone()
        .oneshot(post("/api/stop", json!({ "id": id })))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let finished = events.until("finished").await;
    assert_eq!(finished["outcome"], "stopped");
    assert!(events.next().await.is_none(), "finished 之后事件流应当结束");
    assert_gone(&pids).await;

    // 已经结束的运行不能再停。
    let response = app
        .oneshot(post("/api/stop", json!({ "id": id })))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_run_past_the_time_limit_is_killed_with_its_children() {
    let mut config = config("timeout");
    config.time_limit = Duration::from_secs(3);
    let app = app(Notebook::with_token(TOKEN, config));
    let (mut events, _, pids) = start_forever(&app).await;
    let finished = events.until("finished").await;
    assert_eq!(finished["outcome"], "timed_out");
    assert!(
        finished["elapsed_ms"].as_u64().unwrap() >= 3000,
        "{finished}"
    );
    assert_gone(&pids).await;
}

/// 进程组 `group` 里还活着的进程（僵尸不算）。
#[cfg(target_os = "linux")]
fn members_of(group: u32) -> Vec<u32> {
    let alive = common::processes().into_iter();
    alive
        .filter(|p| p.group == group && p.state != 'Z')
        .map(|p| p.pid)
        .collect()
}

/// 失控的代码单元被它碰到的那个上限杀掉，整组不留一个进程，服务器接着运行别的代码单元。
/// 时间上限设成 10 分钟：结局是 `expected` 而不是超时，说明是那个上限起的作用。
#[cfg(target_os = "linux")]
async fn a_runaway_is_stopped_by(name: &str, code: &str, expected: &str, limit: &str) {
    let mut config = config(name);
    config.time_limit = Duration::from_secs(600);
    config.memory_limit = 256 << 20;
    config.task_limit = 64;
    let app = app(Notebook::with_token(TOKEN, config));
    let response = app.clone().oneshot(run_request(code)).await.unwrap();
    let mut events = Events::new(response.into_body());
    events.until_stdout("进程号 ").await;
    while !events.stdout.contains('\n') {
        events.next().await.unwrap();
    }
    let group = pids(&events.stdout)[0];
    let finished = events.until("finished").await;
    assert_eq!(finished["outcome"], expected, "{finished}");
    let message = finished["message"].as_str().unwrap();
    assert!(message.contains(limit), "页面要说明是哪个上限：{message}");
    // 整组已经收到 SIGKILL；刚才还在的，等内核把它们收拾完。
    assert_gone(&members_of(group)).await;

    let response = app.oneshot(run_request(HELLO)).await.unwrap();
    let mut events = Events::new(response.into_body());
    let finished = events.until("finished").await;
    assert_eq!(
        (&finished["outcome"], &finished["code"]),
        (&json!("exited"), &json!(0))
    );
    assert_eq!(events.stdout, "你好\n");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_cell_that_keeps_allocating_is_stopped_by_the_memory_limit() {
    let hog = r#"use std::time::Duration;
fn main() {
    println!("进程号 {}", std::process::id());
    let mut blocks = Vec::new();
    loop {
        blocks.push(vec![1u8; 8 << 20]); // 每次 8 MiB，都写过一遍：真的占着物理内存
        std::thread::sleep(Duration::from_millis(5));
    }
}
"#;
    a_runaway_is_stopped_by("memory", hog, "memory_limit", "内存超过 256 MiB 的上限").await;
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_cell_that_keeps_spawning_is_stopped_by_the_process_limit() {
    let spawner = r#"use std::process::Command;
use std::time::Duration;
fn main() {
    println!("进程号 {}", std::process::id());
    let mut children = Vec::new();
    loop {
        children.push(Command::new("sleep").arg("600").spawn().unwrap());
        std::thread::sleep(Duration::from_millis(5));
    }
}
"#;
    a_runaway_is_stopped_by("tasks", spawner, "task_limit", "超过 64 个的上限").await;
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn closing_the_page_kills_the_run() {
    let app = app(Notebook::with_token(TOKEN, config("disconnect")));
    let (events, _, pids) = start_forever(&app).await;
    drop(events); // 页面关闭：连接断开，响应体被丢弃
    assert_gone(&pids).await;
}

/// 同上，但走真实的 TCP 连接：浏览器关掉页面时连接断开，服务器要自己发现。
/// 程序不输出时服务器每秒送一个 tick 事件，往断开的连接上写就会出错。
#[cfg(target_os = "linux")]
#[tokio::test]
async fn closing_the_connection_kills_the_run() {
    let (addr, stop_server, server) = start_server("disconnect-tcp").await;
    let mut reader = http_run(addr, FOREVER).await;
    let mut output = String::new();
    while output.matches('\n').count() < 2 {
        let chunk = next_chunk(&mut reader).await.expect("事件流提前结束");
        for event in chunk
            .iter()
            .filter(|e| e["event"] == "output" && e["stream"] == "program")
        {
            output.push_str(event["text"].as_str().unwrap());
        }
    }
    let pids = pids(&output);
    assert_eq!(pids.len(), 3, "{output}");
    drop(reader); // 关闭连接
    assert_gone(&pids).await;
    stop_server.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn too_much_output_is_cut_and_the_program_killed() {
    let mut config = config("flood");
    config.output_limit = 10_000;
    let app = app(Notebook::with_token(TOKEN, config));
    let code = "fn main() {\n    println!(\"进程号 {}\", std::process::id());\n    loop {\n        println!(\"停不下来\");\n    }\n}\n";
    let response = app.oneshot(run_request(code)).await.unwrap();
    let mut events = Events::new(response.into_body());
    let finished = events.until("finished").await;
    assert_eq!(finished["outcome"], "output_limit");
    assert!(events.stdout.len() <= 10_000, "{}", events.stdout.len());
    assert!(events.stdout.len() > 9_000, "{}", events.stdout.len());
    let pid = pids(&events.stdout);
    assert_gone(&pid[..1]).await;
}

/// 同时最多运行 1 个时，第二个请求先排队，等第一个结束再运行。
#[tokio::test]
async fn runs_beyond_the_limit_wait_in_a_queue() {
    let go = scratch("queue-go");
    let _ = std::fs::remove_file(&go);
    let code = format!(
        r#"fn main() {{
    println!("开始");
    while !std::path::Path::new({go:?}).exists() {{
        std::thread::sleep(std::time::Duration::from_millis(10));
    }}
    println!("结束");
}}
"#
    );
    let mut config = config("queue");
    config.max_runs = 1;
    let app = app(Notebook::with_token(TOKEN, config));

    let response = app.clone().oneshot(run_request(&code)).await.unwrap();
    let mut first = Events::new(response.into_body());
    first.until_stdout("开始").await; // 第一个占着唯一的位置

    let response = app.clone().oneshot(run_request(&code)).await.unwrap();
    let mut second = Events::new(response.into_body());
    assert_eq!(second.next().await.unwrap()["event"], "accepted");
    assert_eq!(second.next().await.unwrap()["event"], "queued");

    std::fs::write(&go, "").unwrap();
    let finished = first.until("finished").await;
    assert_eq!(finished["code"], 0);
    assert_eq!(first.stdout, "开始\n结束\n");
    let finished = second.until("finished").await;
    assert_eq!(finished["code"], 0);
    assert_eq!(second.stdout, "开始\n结束\n");
}

// ---------------------------------------------------------------- 其他限制

#[tokio::test]
async fn oversized_code_is_refused_before_anything_is_written() {
    let notebook = Notebook::with_token(TOKEN, config("oversized"));
    let runner = notebook.runner().clone();
    let code = "// 很长的注释\n".repeat(20_000); // 约 360 KB，超过 256 KiB 的上限
    let response = app(notebook).oneshot(run_request(&code)).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(runner.builds_started(), 0);
    assert!(!scratch("oversized").exists());
}

#[test]
fn serve_options_out_of_range_are_refused_with_exit_code_2() {
    for (args, expected) in [
        (
            &["serve", "--time-limit", "0"][..],
            "--time-limit 必须是 1–3600 之间的整数，收到 `0`",
        ),
        (
            &["serve", "--max-runs", "100"],
            "--max-runs 必须是 1–16 之间的整数，收到 `100`",
        ),
        (
            &["serve", "--port", "0"],
            "--port 必须是 1–65535 之间的整数，收到 `0`",
        ),
        (&["serve", "--port"], "--port 后面缺少取值"),
        (&["serve", "--jobs", "2"], "不认识的参数 `--jobs`"),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_notebook"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}：{stderr}");
    }
}
