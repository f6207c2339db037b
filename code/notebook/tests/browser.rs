//! 在无头 Chromium 里像读者一样使用这本书：
//!
//! - 打开 SUMMARY.md 列出的每一页：没有 JavaScript 错误，链接、图片、样式和脚本都能取到；
//! - 按 S 打开搜索，输入几个中文术语，结果里有对应的章节；
//! - 截图（首页、一章、一次搜索结果）存到 target/browser-screenshots/；
//! - 代码单元的用法见 `browser/notebook_ui.rs`，每个读者都能用（配色、表格、打印、键盘、
//!   子路径下的书）见 `browser/reader.rs`，Python 程序的 ▶ 和每个线程的泳道见 `browser/lanes.rs`。
//!
//! 需要 `chromium` 和 `chromedriver`（Debian 包 chromium、chromium-driver），所以不在
//! 读者的 `cargo test` 里。运行：`cargo test -p notebook --features browser --test browser`。

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use notebook::server::{Notebook, RunnerConfig};
use serde_json::{Value, json};

// 代码单元的「检查」、保存的改动、↺、■、断开的横幅、网络请求、stderr、中文界面和截图。
#[path = "browser/notebook_ui.rs"]
mod notebook_ui;

// 每个读者都能用：✎ 一份代码、对比度、表格、打印、键盘与读屏、图、搜索、子路径下的书（issue 28）。
#[path = "browser/reader.rs"]
mod reader;

// Python 程序的 ▶，每次运行下面每个线程的泳道（issue 30）。
#[path = "browser/lanes.rs"]
mod lanes;

/// 不在术语表里、读者也常搜的词：结果里要有讲它的那一页。
/// （术语表里的每个词都要搜，排在第一的必须是讲它的那一节。）
const SEARCHES: &[(&str, &str)] = &[
    ("进程池", "ch01-02-ipc.html"),
    ("事件循环", "ch03-01-basics.html"),
    ("全局解释器锁", "ch02-01-spawn.html"),
];

/// 浏览器测试逐页检查的两种配色：mdBook 默认的浅色，和本书选的深色（book.toml 的
/// `preferred-dark-theme`）。
const THEMES: [&str; 2] = ["light", "navy"];

/// mdBook 的五种配色：对比度在每一种下都量。
const ALL_THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

/// 代码单元和泳道的截图：浅色与藏青，各在 1280 与 390 像素宽时截一张。
const LIGHT_AND_NAVY: [(&str, u32); 4] = [
    ("light", 1280),
    ("navy", 1280),
    ("light", 390),
    ("navy", 390),
];

const PATIENCE: Duration = Duration::from_secs(20);

/// 本地运行代码单元的口令；真实的服务器每次启动随机生成。
const TOKEN: &str = "browser-test-token";

#[test]
fn the_served_book_works_in_a_browser() -> anyhow::Result<()> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let (book, warnings) = notebook::build_book(Some(&target.join("browser-book")))?;
    ensure!(warnings.is_empty(), "mdBook 警告：{warnings:?}");
    let shots = target.join("browser-screenshots");
    std::fs::create_dir_all(&shots)?;

    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let (listener, addr) = notebook::server::bind(0).await?;
        let mut config = RunnerConfig::new(&notebook::repo_root(), &target);
        config.scratch = target.join("tmp/browser-cells");
        config.prefix = "browser-cell".into();
        let notebook = Notebook::with_token(TOKEN, config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn({
            let book = book.clone();
            async move {
                let shutdown = async {
                    stopped.await.ok();
                };
                notebook::server::serve(listener, &book, notebook, shutdown).await
            }
        });

        let driver = Chromedriver::start()?;
        let client = driver.connect().await?;
        let result = check_book(&client, &format!("http://{addr}/"), &shots, &target).await;
        client.close().await.ok();
        drop(driver);
        stop.send(()).ok();
        server.await??;
        result
    })
}

async fn check_book(
    client: &Client,
    base: &str,
    shots: &Path,
    target: &Path,
) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    // 每一页都在浅色和深色（navy）两种配色下打开一遍：链接、图片都取得到，图片都显示得出来。
    for theme in THEMES {
        client.goto(&format!("{base}ch00-preface.html")).await?;
        remember_theme(client, theme).await?;
        for page in summary_pages()? {
            client.goto(&format!("{base}{page}")).await?;
            wait_until_loaded(client).await?;
            let shown = "return document.documentElement.classList.value";
            let classes = client.execute(shown, vec![]).await?;
            if !classes
                .as_str()
                .is_some_and(|c| c.split(' ').any(|c| c == theme))
            {
                problems.push(format!(
                    "{page}：选了 {theme} 配色，页面的 class 是 {classes}"
                ));
            }
            for error in browser_errors(client).await? {
                problems.push(format!("{page}（{theme}）：脚本错误 {error}"));
            }
            for part in mdbook_missing(client).await? {
                problems.push(format!("{page}（{theme}）：{}", adapter_broken(&part)));
            }
            for (url, status) in broken_resources(client).await? {
                problems.push(format!("{page}（{theme}）：{url} → {status}"));
            }
            let title = client.title().await?;
            ensure!(title.contains("Rust 并发编程"), "{page} 的标题是 {title:?}");
        }
        // 深色配色下看一张有图的页面。
        if theme == "navy" {
            client.goto(&format!("{base}ch04-02-choosing.html")).await?;
            wait_until_loaded(client).await?;
            save_screenshot(client, &shots.join("navy-pictures.png")).await?;
        }
    }
    client.goto(&format!("{base}ch00-preface.html")).await?;
    client
        .execute("localStorage.removeItem('mdbook-theme')", vec![])
        .await?;
    if let Err(error) = adapter_notices_a_change(client, base).await {
        problems.push(format!("{ADAPTER} 的 missing()：{error:#}"));
    }

    // 带着口令打开首页：页面脚本把它存进 localStorage，之后 ▶ 在本机运行代码。
    client.goto(&format!("{base}?token={TOKEN}")).await?;
    wait_until_loaded(client).await?;
    save_screenshot(client, &shots.join("front-page.png")).await?;

    // ▶ 在本机运行一个多进程的代码单元和一个异步的代码单元，输出出现在页面上。
    for (page, expected) in [
        ("ch01-01-spawn.html", "子进程：进程号"),
        ("ch03-01-basics.html", "await 之后得到"),
    ] {
        client.goto(&format!("{base}{page}")).await?;
        wait_until_loaded(client).await?;
        // 按钮只在鼠标悬停时显示，WebDriver 不能直接点不可见的元素，所以由脚本点击。
        let click = "document.querySelector('pre.playground .nb-play-button').click()";
        client.execute(click, vec![]).await?;
        // 第一次运行要编译草稿包的依赖，给足时间。
        let shown = wait_for_output(client, expected, Duration::from_secs(600)).await;
        if let Err(error) = shown {
            problems.push(format!("{page}：▶ 没有显示“{expected}”：{error:#}"));
        }
    }
    // 截图对准刚运行的代码单元：输出、两个标签和资源条都在画面里。
    let scroll = "document.querySelector('.nb-output').scrollIntoView({block: 'center'})";
    client.execute(scroll, vec![]).await?;
    save_screenshot(client, &shots.join("run-cell.png")).await?;
    // 这次运行的输出和书中记录的输出各有标签，不会混成两个一样的框。
    let labels = "const out = document.querySelector('.nb-output');\
                  const recorded = out.nextElementSibling;\
                  return [out.querySelector('.nb-caption').textContent,\
                          getComputedStyle(recorded, '::before').content];";
    let labels: Vec<String> = serde_json::from_value(client.execute(labels, vec![]).await?)?;
    if labels[0] != "这次运行的输出" || !labels[1].contains("书中记录的输出") {
        problems.push(format!("▶ 之后两个输出框的标签不对：{labels:?}"));
    }
    // 运行时的资源：峰值一行和三张小图，峰值就是服务器送来的采样里的最大值。
    // 用一个要运行一两秒的代码单元（两个异步的“下载”），采样才有好几个。
    #[cfg(target_os = "linux")]
    if let Err(error) = check_usage_strip(client, base).await {
        problems.push(format!("▶ 之后的资源条：{error:#}"));
    }
    // ✎ 改代码、Ctrl-Enter 运行改过的代码、■ 停下运行中的代码、↺ 还原：mdBook 的页面结构
    // 一变，最先坏的就是这几样。
    if let Err(error) = check_editing(client, base).await {
        problems.push(format!("✎ ↺ ■ Ctrl-Enter：{error:#}"));
    }
    problems.extend(notebook_ui::check(client, base, shots).await);
    problems.extend(reader::check(client, base, shots).await);
    problems.extend(reader::hosted(client, target, shots).await);
    problems.extend(lanes::check(client, base, target, shots).await);

    // 只显示一部分的代码单元，上方写着运行它的命令；整个文件都显示的单元不重复写。
    client.goto(&format!("{base}ch01-01-spawn.html")).await?;
    wait_until_loaded(client).await?;
    let read =
        "return Array.from(document.querySelectorAll('.nb-command code'), c => c.textContent)";
    let commands = client.execute(read, vec![]).await?;
    let commands: Vec<String> = serde_json::from_value(commands)?;
    if !commands.contains(&"cargo run --example ch01_02_command".to_string())
        || commands.iter().any(|c| c.contains("ch01_01_pid"))
    {
        problems.push(format!(
            "ch01-01-spawn.html：代码框上方的运行命令不对：{commands:?}"
        ));
    }
    client.goto(&format!("{base}ch02-01-spawn.html")).await?;
    wait_until_loaded(client).await?;
    save_screenshot(client, &shots.join("chapter.png")).await?;

    // 术语表里的每个词：排在第一的是讲它的那一节（术语表“见”一栏指向的地方）。
    let terms = notebook::glossary::terms(&notebook::repo_root())?;
    ensure!(terms.len() > 30, "术语表里只读到 {} 个术语", terms.len());
    let glossary = terms.iter().map(|t| (t.name.as_str(), t.url(), true));
    // 另一些常搜的词不在术语表里：讲它的那一页要在结果里。
    let others = SEARCHES
        .iter()
        .map(|&(term, page)| (term, page.to_owned(), false));
    for (term, expected, first) in glossary.chain(others) {
        // 一个词搜不到不妨碍检查别的词：记下问题，接着搜。
        let found = match search(client, base, term, first).await {
            Ok(found) => found,
            Err(error) => {
                problems.push(format!("{error:#}"));
                continue;
            }
        };
        let expected_href = |href: &String| {
            // Pagefind 的链接把中文锚点转义成 %E4%BF%A1 这样；术语表那一条的没有转义。
            let href = percent_encoding::percent_decode_str(href).decode_utf8_lossy();
            href.trim_start_matches('/') == expected || href.ends_with(&format!("/{expected}"))
        };
        if first && !found.first().is_some_and(expected_href) {
            problems.push(format!(
                "搜索“{term}”排在第一的不是 {expected}，结果：{found:?}"
            ));
        }
        let page = expected.split('#').next().unwrap_or_default();
        if !first && !found.iter().any(|href| href.contains(page)) {
            problems.push(format!("搜索“{term}”没有找到 {page}，结果：{found:?}"));
        }
        if term == "信号量" {
            save_screenshot(client, &shots.join("search.png")).await?;
        }
        for error in browser_errors(client).await? {
            problems.push(format!("搜索“{term}”时脚本错误 {error}"));
        }
    }

    ensure!(
        problems.is_empty(),
        "浏览器里发现的问题：\n{}",
        problems.join("\n")
    );
    Ok(())
}

/// 在前言页按 S 打开搜索框，输入 `term`，返回结果链接。
/// `glossary_term`：搜的是术语表里的词，还要等术语表的那一条出现。
async fn search(
    client: &Client,
    base: &str,
    term: &str,
    glossary_term: bool,
) -> anyhow::Result<Vec<String>> {
    open_and_press_s(client, &format!("{base}ch00-preface.html")).await?;
    let input = wait_for_element(client, "#bingfa-search input")
        .await
        .context("按 S 之后没有出现搜索框")?;
    input.send_keys(term).await?;
    let results = wait_for_element(client, "#bingfa-search .pagefind-ui__result-link").await;
    if results.is_err() {
        let shot =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots/search-failed.png");
        save_screenshot(client, &shot).await?;
        let errors = browser_errors(client).await?;
        bail!(
            "搜索“{term}”没有任何结果（截图见 {}），脚本错误：{errors:?}",
            shot.display()
        );
    }
    if glossary_term {
        wait_for_element(client, "#bingfa-search .bingfa-term a")
            .await
            .with_context(|| format!("搜索术语“{term}”，没有出现术语表的那一条"))?;
    }
    // 术语表的那一条（搜的是术语时才有）和 Pagefind 的结果，按页面上的先后。
    let read = "return Array.from(document.querySelectorAll(\
                '#bingfa-search .bingfa-term a, #bingfa-search .pagefind-ui__result-link'),\
                a => a.getAttribute('href'))";
    Ok(serde_json::from_value(client.execute(read, vec![]).await?)?)
}

/// 打开 `url`，等它加载完，按 S（落在整页上，和读者按键盘一样）：本书的搜索键。
async fn open_and_press_s(client: &Client, url: &str) -> anyhow::Result<()> {
    client.goto(url).await?;
    wait_until_loaded(client).await?;
    client
        .find(Locator::Css("body"))
        .await?
        .send_keys("s")
        .await?;
    Ok(())
}

/// 等到页面上出现 `selector`（至多 [`PATIENCE`]）。
async fn wait_for_element(client: &Client, selector: &str) -> Result<Element, CmdError> {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(selector))
        .await
}

/// 运行第 3 章的 `ch03_04_download`，看它的资源条：峰值文字与页面收到的采样一致，
/// 线程、CPU、内存各一张小图。
#[cfg(target_os = "linux")]
async fn check_usage_strip(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}ch03-01-basics.html")).await?;
    wait_until_loaded(client).await?;
    let find = "const pre = Array.from(document.querySelectorAll('pre.playground'))\
                    .find(p => p.textContent.includes('ch03_04_download'));\
                pre.id = 'nb-under-test';\
                pre.querySelector('.nb-play-button').click();";
    client.execute(find, vec![]).await?;
    let done = "const out = document.querySelector('#nb-under-test + .nb-output');\
                return out.querySelector('.nb-status').className.includes('ok');";
    let deadline = Instant::now() + Duration::from_secs(600);
    while !client
        .execute(done, vec![])
        .await?
        .as_bool()
        .unwrap_or(false)
    {
        ensure!(
            Instant::now() < deadline,
            "ch03_04_download 没有在 600 秒内运行完"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let scroll = "document.querySelector('#nb-under-test + .nb-output .nb-usage')\
                      .scrollIntoView({block: 'center'})";
    client.execute(scroll, vec![]).await?;
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots");
    save_screenshot(client, &shots.join("usage-strip.png")).await?;
    let read = "const pre = document.querySelector('#nb-under-test');\
                const usage = document.querySelector('#nb-under-test + .nb-output .nb-usage');\
                return [JSON.stringify(pre.nbSamples || []), usage.hidden,\
                        usage.querySelector('.nb-usage-peaks')?.textContent || '',\
                        usage.querySelectorAll('.nb-spark svg polyline').length];";
    let (samples, hidden, text, charts): (String, bool, String, usize) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    let samples: Vec<serde_json::Value> = serde_json::from_str(&samples)?;
    ensure!(
        samples.len() >= 5,
        "一两秒的运行只收到 {} 个采样",
        samples.len()
    );
    ensure!(!hidden, "有采样，资源条却是隐藏的");
    ensure!(charts == 3, "应有 3 张小图，找到 {charts} 张");
    let peak = |key: &str| {
        samples
            .iter()
            .filter_map(|s| s[key].as_u64())
            .max()
            .unwrap_or(0)
    };
    for expected in [
        format!("线程峰值 {}", peak("threads")),
        format!("进程峰值 {}", peak("processes")),
        format!("CPU 峰值 {}%", peak("cpu_percent")),
    ] {
        ensure!(
            text.contains(&expected),
            "资源条写的是“{text}”，缺少“{expected}”"
        );
    }
    Ok(())
}

/// 在第 2 章第一个代码单元上：✎ 打开编辑器，改成别的程序，在编辑器里按 Ctrl-Enter
/// 运行；再改成一直运行的程序，▶ 运行后按 ■ 停下；最后 ↺ 还原成书中的代码。
async fn check_editing(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}ch02-01-spawn.html")).await?;
    wait_until_loaded(client).await?;
    let open = "document.querySelector('pre.playground .nb-edit-button').click();\
                return window.editors[window.editors.length - 1].originalCode;";
    let original: String = serde_json::from_value(client.execute(open, vec![]).await?)?;
    let set = |code: &str| {
        format!(
            "const editor = window.editors[window.editors.length - 1];\
             editor.setValue({code:?}); editor.clearSelection(); editor.focus();"
        )
    };
    client
        .execute(&set("fn main() { println!(\"改过的代码\"); }"), vec![])
        .await?;
    // WebDriver 的 Ctrl（U+E009）按住直到这一串按键结束，U+E000 把它松开。
    client
        .find(Locator::Css("pre.playground textarea.ace_text-input"))
        .await?
        .send_keys("\u{E009}\u{E007}\u{E000}")
        .await?;
    wait_for_output(client, "改过的代码", Duration::from_secs(600)).await?;

    let forever = "fn main() { loop { println!(\"还在运行\"); \
                   std::thread::sleep(std::time::Duration::from_millis(100)); } }";
    client.execute(&set(forever), vec![]).await?;
    let play = "document.querySelector('pre.playground').nbRun()";
    client.execute(play, vec![]).await?;
    wait_for_output(client, "还在运行", Duration::from_secs(600)).await?;
    // 运行中，▶ 变成了 ■：点它。
    let stop = "const button = document.querySelector('pre.playground .nb-play-button');\
                const was = button.title; button.click(); return was;";
    let title: String = serde_json::from_value(client.execute(stop, vec![]).await?)?;
    ensure!(title == "停止", "运行中的按钮应是 ■（停止），却是“{title}”");
    wait_for_output(client, "已停止", Duration::from_secs(20)).await?;

    let restore = "const pre = document.querySelector('pre.playground');\
                   pre.querySelector('.nb-reset-button').click();\
                   return window.bingfaEditing.text(pre);";
    let restored: String = serde_json::from_value(client.execute(restore, vec![]).await?)?;
    ensure!(restored == original, "↺ 之后的代码与书中的不同");
    Ok(())
}

/// 代码单元 `pre`（CSS 选择器）：✎ 打开编辑器，代码换成 `code`，▶ 在本机运行。
async fn edit_and_run(client: &Client, pre: &str, code: &str) -> anyhow::Result<()> {
    let run = "const pre = document.querySelector(arguments[0]);\
               pre.querySelector('.nb-edit-button').click();\
               pre.nbEditor.setValue(arguments[1]); pre.nbEditor.clearSelection();\
               pre.querySelector('.nb-play-button').click();";
    client.execute(run, vec![json!(pre), json!(code)]).await?;
    Ok(())
}

/// 等到代码单元 `pre`（CSS 选择器）下面这次运行的输出里出现 `text`。
async fn wait_for_printed(client: &Client, pre: &str, text: &str) -> anyhow::Result<()> {
    let printed =
        format!("return document.querySelector('{pre} + .nb-output').innerText.includes({text:?})");
    notebook_ui::wait_for(client, &printed).await
}

/// 等到页面上第一个代码单元的本机运行输出（`.nb-output`，紧跟在代码块后面）里出现 `expected`。
async fn wait_for_output(
    client: &Client,
    expected: &str,
    patience: Duration,
) -> anyhow::Result<()> {
    let read = "const out = document.querySelector('.nb-output'); return out ? out.innerText : '';";
    let deadline = Instant::now() + patience;
    loop {
        let shown = client.execute(read, vec![]).await?;
        let shown = shown.as_str().unwrap_or_default();
        if shown.contains(expected) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{patience:?} 内没有等到，页面上显示的是：{shown}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn summary_pages() -> anyhow::Result<Vec<String>> {
    let summary = std::fs::read_to_string(notebook::repo_root().join("book/SUMMARY.md"))?;
    let pages: Vec<String> = summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(".md)"))
        .map(|(stem, _)| format!("{stem}.html"))
        .collect();
    ensure!(!pages.is_empty(), "SUMMARY.md 里没有章节");
    Ok(pages)
}

async fn wait_until_loaded(client: &Client) -> anyhow::Result<()> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let state = client.execute("return document.readyState", vec![]).await?;
        if state == "complete" {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("页面 {PATIENCE:?} 内没有加载完");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// 页面引用的同源资源（链接、图片、样式、脚本）中取不到的那些，以及没能显示的图片。
async fn broken_resources(client: &Client) -> anyhow::Result<Vec<(String, String)>> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const nodes = document.querySelectorAll("a[href], img[src], link[href], script[src]");
        const urls = new Set();
        for (const node of nodes) {
            const url = new URL(node.href || node.src, location.href);
            if (url.origin === location.origin) { url.hash = ""; urls.add(url.href); }
        }
        const broken = [...document.images]
            .filter(img => img.complete && img.naturalWidth === 0)
            .map(img => [img.src, "图片无法显示"]);
        Promise.all([...urls].map(url =>
            fetch(url).then(r => [url, String(r.status)]).catch(e => [url, String(e)])
        )).then(results => done(broken.concat(results.filter(([, status]) => status !== "200"))));
    "#;
    let value = client.execute_async(script, vec![]).await?;
    Ok(serde_json::from_value(value)?)
}

/// chromedriver 在 WebDriver 之外的一条命令：POST 到 `session/{会话}/{path}`，正文是 `body`。
/// 由 [`chrome_log`] 和 [`cdp`] 造出来。
#[derive(Debug)]
pub(crate) struct ChromeCommand {
    path: &'static str,
    body: Value,
}

/// chromedriver 的日志接口：`chrome_log("browser")` 是浏览器控制台的消息（脚本错误、加载失败），
/// `chrome_log("performance")` 是性能日志（里面有浏览器发出的每个请求）。读一次就清空。
pub(crate) fn chrome_log(kind: &'static str) -> ChromeCommand {
    ChromeCommand {
        path: "se/log",
        body: json!({ "type": kind }),
    }
}

/// chromedriver 转给 Chrome DevTools 协议的一条命令（`goog/cdp/execute`）：按打印的样式排版、
/// 在页面的脚本之前注入脚本、挡住某个网站。返回 DevTools 的回答。
pub(crate) fn cdp(cmd: &'static str, params: Value) -> ChromeCommand {
    ChromeCommand {
        path: "goog/cdp/execute",
        body: json!({ "cmd": cmd, "params": params }),
    }
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// 取出浏览器控制台里级别为 SEVERE 的消息（脚本错误、加载失败），
/// 除了一种：向 Rust Playground 询问 crate 列表的请求。测试机没有外网，
/// 那个请求必然失败；它与本书无关（离线时页面的处理见 book/assets/offline.js）。
/// 本书的脚本和样式用到的 mdBook 页面结构，只写在这个文件里（见它的开头）。
const ADAPTER: &str = "code/notebook/assets/mdbook-adapter.js";

/// 这一页上，本书的脚本和样式要用、却找不到的 mdBook 结构（`bingfaMdbook.missing()`）。
async fn mdbook_missing(client: &Client) -> anyhow::Result<Vec<String>> {
    let ask = "return window.bingfaMdbook \
               ? window.bingfaMdbook.missing() \
               : ['window.bingfaMdbook（这个文件没有载入）']";
    Ok(serde_json::from_value(client.execute(ask, vec![]).await?)?)
}

/// 找不到 `part` 时怎么说：升级 mdBook 后页面结构变了，要改的是哪个文件。
fn adapter_broken(part: &str) -> String {
    format!(
        "mdBook 的页面上找不到 {part}。页面结构和 {ADAPTER} 写的（mdBook 0.5.4）不一样了：\
         照新的结构改这个文件"
    )
}

/// `missing()` 不是空的检查：删掉一页的菜单栏和一个 ▶，它要写出这两项。
async fn adapter_notices_a_change(client: &Client, base: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}ch01-01-spawn.html")).await?;
    wait_until_loaded(client).await?;
    let before = mdbook_missing(client).await?;
    ensure!(before.is_empty(), "没改页面时就说缺了 {before:?}");
    let break_page = "document.getElementById('mdbook-menu-bar').remove();\
                      document.querySelector('pre.playground .play-button').remove();";
    client.execute(break_page, vec![]).await?;
    let after = mdbook_missing(client).await?;
    for expected in ["PAGE.menuBar", "CODE.playButton"] {
        ensure!(
            after.iter().any(|part| part.starts_with(expected)),
            "删掉了 {expected} 指的元素，missing() 却只说缺了 {after:?}"
        );
    }
    Ok(())
}

async fn browser_errors(client: &Client) -> anyhow::Result<Vec<String>> {
    let entries = client.issue_cmd(chrome_log("browser")).await?;
    let entries = entries.as_array().cloned().unwrap_or_default();
    Ok(entries
        .iter()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .filter(|message| !message.starts_with("https://play.rust-lang.org/"))
        .collect())
}

/// 在 localStorage 里选好 `theme` 配色：之后打开的页面都用它。
async fn remember_theme(client: &Client, theme: &str) -> anyhow::Result<()> {
    let remember = format!("localStorage.setItem('mdbook-theme', '{theme}')");
    client.execute(&remember, vec![]).await?;
    Ok(())
}

/// 截图之后回到默认的样子：配色不再指定，窗口 1280 像素宽。
async fn default_look(client: &Client) -> anyhow::Result<()> {
    let forgotten = client
        .execute("localStorage.removeItem('mdbook-theme')", vec![])
        .await;
    client.set_window_size(1280, 1000).await?;
    forgotten?;
    Ok(())
}

/// 把 `selector` 放到菜单栏下面一点，等窄屏上随滚动收起、放下的菜单栏停稳，截图存到 `path`。
async fn shoot_at(client: &Client, selector: &str, path: &PathBuf) -> anyhow::Result<()> {
    let scroll = "const el = document.querySelector(arguments[0]);\
                  window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70);";
    client.execute(scroll, vec![json!(selector)]).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    save_screenshot(client, path).await
}

/// 点 mdBook 的配色按钮换配色，等颜色的过渡（0.5 秒）结束。
async fn choose_theme(client: &Client, theme: &str) -> anyhow::Result<()> {
    let choose = format!("document.getElementById('mdbook-theme-{theme}').click()");
    client.execute(&choose, vec![]).await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    Ok(())
}

/// 五种配色逐个换上，各执行一遍 `measure`（可以用 contrast.js 的函数；返回每项的名字、对比度、
/// 要求的对比度）：量到的项目记进 `measured`，不够的记进 `problems`（同一条只记一次）。
async fn measure_contrast(
    client: &Client,
    measure: &str,
    measured: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> anyhow::Result<()> {
    client
        .execute(include_str!("browser/contrast.js"), vec![])
        .await?;
    for theme in ALL_THEMES {
        choose_theme(client, theme).await?;
        let results: Vec<(String, f64, f64)> =
            serde_json::from_value(client.execute(measure, vec![]).await?)?;
        for (name, ratio, required) in results {
            if ratio + 0.005 < required {
                let problem = format!(
                    "{theme} 配色下，{name} 的对比度是 {ratio:.2}:1，要求至少 {required}:1"
                );
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
            if !measured.contains(&name) {
                measured.push(name);
            }
        }
    }
    Ok(())
}

async fn save_screenshot(client: &Client, path: &PathBuf) -> anyhow::Result<()> {
    std::fs::write(path, client.screenshot().await?)?;
    println!("截图：{}", path.display());
    Ok(())
}

/// 一个 chromedriver 进程；离开作用域时杀掉并回收。
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn start() -> anyhow::Result<Self> {
        // 先让系统挑一个空闲端口，再交给 chromedriver。
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("无法启动 chromedriver：请安装 Debian 包 chromium-driver")?;
        Ok(Self { child, port })
    }

    async fn connect(&self) -> anyhow::Result<Client> {
        let capabilities = json!({
            "goog:chromeOptions": {
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                ],
            },
            // performance：网络日志，见 browser/notebook_ui.rs 的 only_local_requests。
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + PATIENCE;
        loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Ok(client),
                // chromedriver 刚启动时还没开始监听，稍等再连。
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err(error).context("连不上 chromedriver"),
            }
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
