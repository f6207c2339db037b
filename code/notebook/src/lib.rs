//! 构建、服务和测试《Rust 并发编程》的小工具。
//!
//! - [`build_book`]：用 mdBook 的库把 `book/` 渲染到 `target/book`，再用 Pagefind
//!   建中文全文搜索的索引；
//! - [`server`]：在 127.0.0.1 上提供渲染好的书，并让书页上的 ▶ 在本机编译、运行代码单元；
//! - [`cells`]：代码单元和 Python 程序的目录，名字和运行命令只在这里解析
//!   （书页的脚本也不解析，查的是这里生成的 `cells.js`）；
//! - [`process`]：看管一个程序（进程组、输出、时间和资源的上限、`/proc` 采样），不知道 HTTP；
//! - [`outputs`]：运行 `code/examples/` 里的每个代码单元，生成或核对书中展示的输出；
//! - [`scratch`]：把代码单元写成各自独立的包（▶ 的草稿包、可复制性测试）；
//! - [`starters`]：由练习的参考答案生成起始代码；
//! - [`renumber`]：移动小节之后，按阅读顺序给代码单元重新编号；
//! - [`glossary`]：附录的术语表，写成搜索框用的 `search-terms.json`；
//! - 文档测试在另一个小包 `code/doctests` 里：改一章不必重新编译这个服务器。
//!
//! 模块之间的依赖（只向下、没有环）画在仓库根目录的 `ARCHITECTURE.md` 里。

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use mdbook_driver::MDBook;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

// 依赖只向下：cells、process 在最底层（互不依赖）；scratch、outputs、starters、glossary
// 用它们；server 用上面这些；main.rs 和 cli.rs 在最上面。
pub mod cells;
pub mod glossary;
pub mod outputs;
pub mod process;
pub mod renumber;
pub mod scratch;
pub mod server;
pub mod starters;

/// 仓库根目录（`book.toml` 所在处）。
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("仓库根目录必须存在")
}

/// 内容不同（或文件不存在）时才写：不改动的文件保持原来的修改时间。写了返回 `true`。
pub fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("无法写入 {}", path.display()))?;
    Ok(true)
}

/// 把整本书渲染到 `dest`（`None` 时用 `book.toml` 里的 `target/book`）并建搜索索引，
/// 返回输出目录和 mdBook 在构建中报告的全部警告与错误。
///
/// 要放到网站的子路径下（`https://example.org/rust-book/`）的书，mdBook 的 404 页要知道
/// 这个路径（`output.html.site-url`）：读者用环境变量 `MDBOOK_OUTPUT__HTML__SITE_URL=/rust-book/`
/// 给出（mdBook 加载配置时读它，README 里写着），测试用 [`build_book_for_site`]。
pub fn build_book(dest: Option<&Path>) -> anyhow::Result<(PathBuf, Vec<String>)> {
    build(dest, None)
}

/// 同 [`build_book`]，书将放在网站的 `site_url`（例如 `/rust-book/`）下。
pub fn build_book_for_site(dest: &Path, site_url: &str) -> anyhow::Result<(PathBuf, Vec<String>)> {
    build(Some(dest), Some(site_url))
}

fn build(dest: Option<&Path>, site_url: Option<&str>) -> anyhow::Result<(PathBuf, Vec<String>)> {
    let log = SharedLog::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .without_time()
        .with_writer({
            let log = log.clone();
            move || log.clone()
        })
        .finish();

    let root = repo_root();
    let out = tracing::subscriber::with_default(subscriber, || -> anyhow::Result<PathBuf> {
        let mut book = MDBook::load(&root).context("无法加载 book.toml 或 book/SUMMARY.md")?;
        if let Some(dest) = dest {
            book.config.build.build_dir = dest.to_path_buf();
        }
        if let Some(site_url) = site_url {
            book.config.set("output.html.site-url", site_url)?;
        }
        book.build().context("mdBook 构建失败")?;
        Ok(root.join(&book.config.build.build_dir))
    })?;
    index_for_search(&out).context("建立搜索索引失败")?;
    glossary::write_for_search(&root, &out).context("无法写出搜索用的术语表")?;
    write_static_status(&out).context("无法写出 api/status")?;
    let warnings = String::from_utf8_lossy(&log.0.lock().unwrap())
        .lines()
        .map(str::to_owned)
        .collect();
    Ok((out, warnings))
}

/// 书页问 `api/status`（相对于书的根目录）来决定 ▶ 怎么运行（`code/notebook/assets/notebook.js`）。
/// `cargo run` 的服务器自己回答这个地址；书放到别的网站上时，回答它的是这里写出的静态文件：
/// 页面知道没有本机服务器，也不会因为 404 在控制台里报错，书放在子路径下时也不去问网站的根目录。
pub const STATIC_STATUS: &str = r#"{"runner": "static"}"#;

fn write_static_status(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir.join("api"))?;
    std::fs::write(dir.join("api/status"), STATIC_STATUS)?;
    Ok(())
}

/// 搜索索引收录的页面：前言、各章和附录的每一页（`ch02-03-sync.html` 这样的名字）。
/// `index.html` 是前言的副本，`print.html` 把全书拼成一页，收录它们只会让每条结果出现两次；
/// 旧的整章页面（`ch02-threads.html` 等）现在只是跳转页，也不收录。
pub const SEARCH_GLOB: &str = "{ch00,ch??-??,appendix-??}-*.html";

/// 用 Pagefind 给 `dir` 里构建好的书建全文索引，写到 `dir/pagefind/`，返回收录的页数。
///
/// mdBook 自带的搜索按空格切词，中文整句被当成一个“词”，搜“互斥锁”什么也找不到；
/// Pagefind 的 extended 版本在建索引时对中文分词。
pub fn index_for_search(dir: &Path) -> anyhow::Result<usize> {
    // 代码块和输出块不进索引：摘录里只有正文，不会冒出“//! 运行：cargo run …”这样的注释。
    let config = PagefindServiceConfig::builder()
        .root_selector("main".into())
        .exclude_selectors(vec!["pre".into()])
        .force_language("zh-cn".into())
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(config))?;
        let dir_text = dir.to_string_lossy().into_owned();
        let pages = index
            .add_directory(dir_text, Some(SEARCH_GLOB.into()))
            .await?;
        let bundle = dir.join("pagefind").to_string_lossy().into_owned();
        index.write_files(Some(bundle)).await?;
        Ok(pages)
    })
}

/// 收集 mdBook 日志的缓冲区。
#[derive(Clone, Default)]
struct SharedLog(Arc<Mutex<Vec<u8>>>);

impl Write for SharedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
