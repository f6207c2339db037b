//! 构建好的书：整本书只构建一次（[`site`]），读生成的 HTML 的规则在这里。

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use super::assert_none;
use super::model::BOOK;

struct Site {
    /// 输出目录。
    out: PathBuf,
    /// mdBook 在构建中报告的警告和错误。
    warnings: Vec<String>,
    /// 页面文件名（`ch01-01-spawn.html`）→ 生成的 HTML，SUMMARY.md 里的每一页。
    pages: BTreeMap<String, String>,
    /// 没有生成页面的章节。
    missing: Vec<String>,
}

static SITE: LazyLock<Result<Site, String>> = LazyLock::new(|| {
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-test");
    let (out, warnings) = notebook::build_book(Some(&dest)).map_err(|e| format!("{e:#}"))?;
    let mut pages = BTreeMap::new();
    let mut missing = Vec::new();
    for chapter in &BOOK.chapters {
        let page = chapter.page();
        match std::fs::read_to_string(out.join(&page)) {
            Ok(html) => {
                pages.insert(page, html);
            }
            Err(_) => missing.push(page),
        }
    }
    Ok(Site {
        out,
        warnings,
        pages,
        missing,
    })
});

/// 构建好的书；构建失败时，用到它的每条规则都报告这个错误。
fn site() -> &'static Site {
    SITE.as_ref()
        .unwrap_or_else(|e| panic!("mdBook 构建失败：{e}"))
}

/// HTML 里某个属性的所有值，例如 `attribute_values(html, "id")`。
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let prefix = format!(" {attribute}=\"");
    html.split(prefix.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(value, _)| value.to_string())
        .collect()
}

#[test]
fn the_book_builds_without_warnings() {
    let site = site();
    assert!(
        site.warnings.is_empty(),
        "mdBook 的警告：\n{}",
        site.warnings.join("\n")
    );
    assert!(site.out.join("index.html").is_file());
}

/// SUMMARY.md 里列出的每一章都生成了页面。
#[test]
fn every_chapter_has_a_page() {
    assert_none(
        "没有生成的页面",
        site().missing.iter().map(|page| format!("缺少 {page}")),
    );
}

/// 读者看到的 Rust 代码块，正好是 tests/book.rs 的规则逐个检查过的那些。
#[test]
fn every_rust_block_on_the_pages_is_checked() {
    let site = site();
    assert_none(
        "页面上的 Rust 代码块数目与源文件不符",
        BOOK.chapters.iter().filter_map(|chapter| {
            let html = site.pages.get(&chapter.page())?;
            let shown = html.matches(r#"<code class="language-rust"#).count();
            let written = chapter.fences.iter().filter(|f| f.lang() == "rust").count();
            (shown != written).then(|| {
                format!(
                    "book/{}：页面上 {shown} 个，源文件里 {written} 个",
                    chapter.file
                )
            })
        }),
    );
}

/// 指向某一节的链接（`#节`、`别的页.html#节`）都找得到那一节：改了标题而没改链接时，
/// 浏览器只会停在页首，不报错，所以在这里查。
#[test]
fn every_section_link_points_at_a_heading() {
    let pages = &site().pages;
    let ids: BTreeMap<&str, Vec<String>> = pages
        .iter()
        .map(|(page, html)| (page.as_str(), attribute_values(html, "id")))
        .collect();
    let mut problems = Vec::new();
    for (page, html) in pages {
        for href in attribute_values(html, "href") {
            let Some((target, id)) = href.split_once('#') else {
                continue;
            };
            if target.contains("://") {
                continue;
            }
            let target = if target.is_empty() { page } else { target };
            if !ids
                .get(target)
                .is_some_and(|ids| ids.iter().any(|i| i == id))
            {
                problems.push(format!("{page}：链接 {href} 指向的那一节不存在"));
            }
        }
    }
    assert_none("坏的章节链接", problems);
}

/// 中文搜索收录了每一章，而不是多收（print.html、index.html）或漏收。
#[test]
fn search_indexes_every_chapter() {
    let pages = notebook::index_for_search(&site().out).unwrap();
    assert_eq!(
        pages,
        BOOK.chapters.len(),
        "搜索索引收录的页数与 SUMMARY.md 的章节数不符"
    );
}

/// 拆分之前的旧地址（`ch02-threads.html#锁中毒poisoning`）仍然落到那一节：book.toml 的
/// `[output.html.redirect]` 把旧页面转到章首页（mdBook 的转向页保留 `#锚点`），锚点不在
/// 章首页上时，`book/assets/moved-sections.js` 按它的 `MOVED` 表转到同一章里带这个锚点的页面。
/// 这里照着这两步走一遍 `tests/book/old-anchors.txt` 里的每个旧锚点。
#[test]
fn every_old_anchor_lands_on_its_section() {
    let site = site();
    let root = notebook::repo_root();
    let config: toml::Table = std::fs::read_to_string(root.join("book.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let redirects = &config["output"]["html"]["redirect"];
    let script = std::fs::read_to_string(root.join("book/assets/moved-sections.js")).unwrap();
    let moved = moved_sections(&script);
    let ids = |page: &str| {
        site.pages
            .get(page)
            .map(|html| attribute_values(html, "id"))
            .unwrap_or_default()
    };
    let old_anchors = include_str!("old-anchors.txt");
    let mut problems = Vec::new();
    for line in old_anchors
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (old, id) = line.split_once('#').unwrap();
        let Some(chapter) = redirects.get(format!("/{old}")).and_then(|v| v.as_str()) else {
            problems.push(format!(
                "{old}：book.toml 的 [output.html.redirect] 里没有它"
            ));
            continue;
        };
        let redirect = std::fs::read_to_string(site.out.join(old)).unwrap_or_default();
        if !redirect.contains(&format!("URL={chapter}")) {
            problems.push(format!("{old}：没有生成转到 {chapter} 的转向页"));
        }
        if ids(chapter).iter().any(|i| i == id) {
            continue;
        }
        let prefix = format!("{}-", chapter.split('-').next().unwrap());
        let target = moved.iter().find_map(|(page, entries)| {
            let (_, now) = entries.iter().find(|(old, _)| old == id)?;
            page.starts_with(&prefix).then_some((page, now))
        });
        match target {
            None => problems.push(format!(
                "{line}：{chapter} 上没有这个锚点，moved-sections.js 的 MOVED 里也没有"
            )),
            Some((page, now)) if !ids(page).iter().any(|i| i == now) => problems.push(format!(
                "{line}：moved-sections.js 把它转到 {page}#{now}，那一页上没有这个锚点"
            )),
            Some(_) => {}
        }
    }
    // 改过字的标题：书签里的旧锚点在那一页上转到新锚点，新锚点得在那一页上。
    for (page, entries) in &moved {
        for (old, now) in entries.iter().filter(|(old, now)| old != now) {
            if !ids(page).iter().any(|i| i == now) {
                problems.push(format!(
                    "moved-sections.js 把 {page}#{old} 转到 #{now}，那一页上没有这个锚点"
                ));
            }
        }
    }
    assert_none("旧地址的锚点", problems);
}

/// `moved-sections.js` 里 `MOVED` 表的一项：锚点本身（标题没改字），或者 `["旧锚点", "新锚点"]`。
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Moved {
    Same(String),
    Renamed(String, String),
}

/// `moved-sections.js` 里的 `MOVED` 表：每行一页，`"页面": ["锚点", ["旧锚点", "新锚点"], …],`。
/// 每页列出（旧锚点，现在的锚点）。
fn moved_sections(script: &str) -> Vec<(String, Vec<(String, String)>)> {
    let table = script
        .split_once("const MOVED = {")
        .and_then(|(_, rest)| rest.split_once("};"))
        .expect("moved-sections.js 里没有 const MOVED = { … };")
        .0;
    table
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let entry = format!("{{{}}}", line.trim().trim_end_matches(','));
            let entry: BTreeMap<String, Vec<Moved>> =
                serde_json::from_str(&entry).unwrap_or_else(|e| {
                    panic!("moved-sections.js 的 MOVED 里这一行读不懂（{e}）：{line}")
                });
            let (page, entries) = entry.into_iter().next().unwrap();
            let entries = entries
                .into_iter()
                .map(|moved| match moved {
                    Moved::Same(id) => (id.clone(), id),
                    Moved::Renamed(old, now) => (old, now),
                })
                .collect();
            (page, entries)
        })
        .collect()
}
