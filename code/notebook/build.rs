//! 把书的每一章交给 mdBook 自己的预处理器（展开 `{{#include}}`、
//! `{{#rustdoc_include}}`），写进 OUT_DIR，再由 `src/chapters.rs` 用
//! `#[doc = include_str!(…)]` 挂成文档：于是书里读者看到的每个 Rust 代码块
//! 都是一个文档测试，在 `cargo test` 时以真实的 tokio、rand 编译并运行。

use std::fmt::Write as _;
use std::path::Path;

use mdbook_driver::MDBook;
use mdbook_driver::builtin_renderers::MarkdownRenderer;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for watched in [
        "book.toml",
        "book",
        "code/examples",
        "code/exercises",
        "code/outputs",
    ] {
        println!("cargo::rerun-if-changed={}", root.join(watched).display());
    }

    let book = MDBook::load(&root)?;
    let (expanded, _) = book.preprocess_book(&MarkdownRenderer::new())?;

    let out_dir = std::env::var("OUT_DIR")?;
    let mut modules = String::new();
    for chapter in expanded.chapters() {
        let Some(path) = &chapter.path else { continue };
        // 引用的文件不存在时 mdBook 原样保留指令。这里只提醒，不中断构建：
        // 否则缺一个输出文件，就连重新生成输出的 `cargo run -- outputs` 也编译不了。
        // 缺的示例会让文档测试编译失败，缺的输出由 tests/book.rs 报告。
        for line in chapter.content.lines().filter(|l| l.contains("{{#")) {
            println!(
                "cargo::warning={}：未能展开 {}",
                path.display(),
                line.trim()
            );
        }
        let stem = path.file_stem().unwrap().to_string_lossy();
        let file = format!("{stem}.md");
        std::fs::write(Path::new(&out_dir).join(&file), &chapter.content)?;
        let module = stem.replace('-', "_").to_lowercase();
        writeln!(
            modules,
            "#[doc = include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))]\npub mod {module} {{}}"
        )?;
    }
    std::fs::write(Path::new(&out_dir).join("chapters.rs"), modules)?;
    Ok(())
}
