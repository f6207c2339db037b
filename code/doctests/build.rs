//! 把书的每一章交给 mdBook 自己的预处理器（展开 `{{#include}}`、
//! `{{#rustdoc_include}}`），写进 OUT_DIR，再由 `src/lib.rs` 用
//! `#[doc = include_str!(…)]` 挂成文档：于是书里读者看到的每个 Rust 代码块
//! 都是一个文档测试，在 `cargo test` 时以真实的 tokio、rand 编译。
//!
//! 代码单元（第一行是 `//! 运行：cargo run … --example NAME`）在这里只编译（`no_run`）：
//! 运行它们、并把输出与书中记录的比对，是 `tests/outputs.rs` 的事。每个代码单元都要
//! 真的等上零点几秒到两秒，运行两遍只是白白多等。起始代码（`should_panic`）照样运行。

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
        std::fs::write(
            Path::new(&out_dir).join(&file),
            compile_only_cells(&chapter.content),
        )?;
        let module = stem.replace('-', "_").to_lowercase();
        writeln!(
            modules,
            "#[doc = include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))]\npub mod {module} {{}}"
        )?;
    }
    std::fs::write(Path::new(&out_dir).join("chapters.rs"), modules)?;
    Ok(())
}

/// 给代码单元的代码块加上 `no_run`：代码块以 ```` ```rust ```` 开头、第一行（可能被隐藏，
/// 前面是 `# `）是运行命令、又不是 `should_panic` 或 `compile_fail` 的。
fn compile_only_cells(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = String::with_capacity(markdown.len() + 256);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let is_cell = line.starts_with("```rust")
            && !line.contains("should_panic")
            && !line.contains("compile_fail")
            && lines.get(i + 1).is_some_and(|next| {
                next.trim_start_matches("# ")
                    .starts_with("//! 运行：cargo run")
            });
        if is_cell {
            out.push_str(",no_run");
        }
        out.push('\n');
    }
    out
}
