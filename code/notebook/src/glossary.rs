//! 术语表（`book/appendix-05-glossary.md`）：每个概念一个中文词，和讲它的那一节。
//!
//! 搜索也用它。Pagefind 给中文分词之后，按词在各页出现的多少排序：搜“信号量”，
//! 提到“信号”最多的一页（讲 Ctrl-C 的那一节）和讲信号量的那一节分数几乎一样，
//! 谁在前面说不准。读者搜一个概念的名字，要找的是讲它的地方，所以搜索框先查术语表：
//! 搜的正好是一个术语，就把术语表“见”一栏指向的那一节连同一句话的意思放在最前面，
//! 下面才是 Pagefind 的结果（见 [`write_for_search`] 和 `book/assets/search.js`）。
//! 搜英文名字（`mutex`、`barrier`、`semaphore`）也一样：术语表“英文 / Rust”一栏里的
//! 每个名字都认（[`Term::english`]）。

use std::path::Path;

use anyhow::{Context, bail};

/// 术语表里的一个词和讲它的地方。
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// 术语，例如 `信号量`。
    pub name: String,
    /// 讲它的页面，例如 `ch02-03-sync.html`。
    pub page: String,
    /// 那一节标题的锚点；指向整页（例如“第 1 章”）时为 `None`。
    pub anchor: Option<String>,
    /// 术语表里一句话的意思。
    pub meaning: String,
    /// 链接的文字，例如 `信号量`、`第 1 章`。
    pub section: String,
    /// “英文 / Rust”一栏里的名字，小写，搜索时和术语本身一样认：`Mutex<T>` 记作
    /// `mutex<t>` 和 `mutex`，`Child::wait()` 记作 `child::wait()` 和 `child::wait`。
    pub english: Vec<String>,
}

impl Term {
    /// 讲它的那一节在书里的地址（相对于书的根目录），例如 `ch02-03-sync.html#锚点`。
    pub fn url(&self) -> String {
        match &self.anchor {
            Some(anchor) => format!("{}#{anchor}", self.page),
            None => self.page.clone(),
        }
    }
}

/// 术语表所在的页。
pub const GLOSSARY: &str = "book/appendix-05-glossary.md";

/// 读出术语表里全部有“见”的术语。“同上”沿用上一行的地方；一格里用“、”隔开的
/// 几个词（“发送端、接收端”）各算一个。
pub fn terms(root: &Path) -> anyhow::Result<Vec<Term>> {
    let path = root.join(GLOSSARY);
    let text = std::fs::read_to_string(&path).with_context(|| format!("读不到 {GLOSSARY}"))?;
    parse(&text)
}

fn parse(text: &str) -> anyhow::Result<Vec<Term>> {
    let mut terms = Vec::new();
    let mut previous: Option<(String, Option<String>, String)> = None;
    for line in text.lines().filter(|line| line.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() < 4 || cells[0] == "术语" || cells[0].starts_with("---") {
            continue;
        }
        let place = cells[3];
        let target = if place == "同上" {
            previous.clone()
        } else {
            link_target(place)
        };
        let Some((page, anchor, section)) = target else {
            previous = None;
            continue;
        };
        let names: Vec<&str> = cells[0]
            .split('、')
            .map(|name| name.trim_matches('`'))
            .collect();
        let english = english_names(cells[1]);
        for (index, name) in names.iter().copied().enumerate() {
            // “发送端、接收端 | `Sender`、`Receiver`”：个数相同就一一对应。
            let english = if names.len() > 1 && english.len() == names.len() {
                english[index].clone()
            } else {
                english.concat()
            };
            if name.is_empty() {
                bail!("术语表有一行没有术语：{line}");
            }
            terms.push(Term {
                name: name.to_owned(),
                page: page.clone(),
                anchor: anchor.clone(),
                meaning: cells[2].replace('`', ""),
                section: section.clone(),
                english,
            });
        }
        previous = Some((page, anchor, section));
    }
    Ok(terms)
}

/// “英文 / Rust”一格里的名字，每个名字一组：用“，”“、”隔开，去掉反引号和“等”；
/// 泛型参数和末尾的 `()` 另记一个去掉它们的写法。“—”表示没有。
fn english_names(cell: &str) -> Vec<Vec<String>> {
    let mut names = Vec::new();
    for part in cell.split(['，', '、', ',']) {
        let name = part.replace('`', "");
        let name = name.trim().trim_end_matches('等').trim().to_lowercase();
        if name.is_empty() || name == "—" {
            continue;
        }
        let bare = name
            .split_once('<')
            .map_or(name.as_str(), |(head, _)| head)
            .trim_end_matches("()")
            .to_owned();
        if bare == name {
            names.push(vec![name]);
        } else {
            names.push(vec![name, bare]);
        }
    }
    names
}

/// `[文字](ch02-03-sync.md#锚点)` → (`ch02-03-sync.html`, `Some("锚点")`, `文字`)。
fn link_target(cell: &str) -> Option<(String, Option<String>, String)> {
    let (text, rest) = cell.split_once("](")?;
    let text = text.strip_prefix('[')?.to_owned();
    let inner = rest.split_once(')')?.0;
    let (file, anchor) = match inner.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor.to_owned())),
        None => (inner, None),
    };
    let page = file.strip_suffix(".md")?;
    Some((format!("{page}.html"), anchor, text))
}

/// 搜索框用的术语表，写在书的输出目录里（`search-terms.json`）：搜索的词正好是一个术语时，
/// `book/assets/search.js` 把讲它的那一节放在结果的最前面。
pub const SEARCH_TERMS: &str = "search-terms.json";

/// 把 [`terms`] 写成 `dir/search-terms.json`：`[{"term", "meaning", "section", "english", "url"}, …]`。
pub fn write_for_search(root: &Path, dir: &Path) -> anyhow::Result<usize> {
    let terms = terms(root)?;
    let list: Vec<serde_json::Value> = terms
        .iter()
        .map(|t| {
            serde_json::json!({
                "term": t.name,
                "meaning": t.meaning,
                "section": t.section,
                "english": t.english,
                "url": t.url(),
            })
        })
        .collect();
    std::fs::write(dir.join(SEARCH_TERMS), serde_json::to_string(&list)?)?;
    Ok(list.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
| 术语 | 英文 | 意思 | 见 |
|---|---|---|---|
| 信号量 | semaphore | … | [信号量](ch02-03-sync.md#semaphore最多同时-3-个下载) |
| 屏障 | `Barrier` | … | 同上 |
| 进程 | process | … | [第 1 章](ch01-00-processes.md) |
| 发送端、接收端 | `Sender`、`Receiver` | … | [通道](ch02-04-channels.md#通道) |
| 互斥锁 | `Mutex<T>` | … | 同上 |
| 回收 | wait，`Child::wait()` | … | 同上 |
| 原子类型 | `AtomicU64` 等 | … | 同上 |
| 笔记 | — | … | — |
| 代码单元 | cell | … | 同上 |
";

    #[test]
    fn the_glossary_says_where_each_term_is_taught() {
        let terms = parse(TABLE).unwrap();
        let names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "信号量",
                "屏障",
                "进程",
                "发送端",
                "接收端",
                "互斥锁",
                "回收",
                "原子类型"
            ]
        );
        assert_eq!(terms[1].page, "ch02-03-sync.html");
        assert_eq!(
            terms[1].anchor.as_deref(),
            Some("semaphore最多同时-3-个下载")
        );
        assert_eq!(terms[2].anchor, None);
        assert_eq!(terms[1].section, "信号量");
        assert_eq!(terms[0].meaning, "…");
    }

    #[test]
    fn english_names_are_found_in_lower_case_with_and_without_generics() {
        let terms = parse(TABLE).unwrap();
        let english = |name: &str| {
            terms
                .iter()
                .find(|t| t.name == name)
                .unwrap()
                .english
                .clone()
        };
        assert_eq!(english("信号量"), ["semaphore"]);
        assert_eq!(english("屏障"), ["barrier"]);
        assert_eq!(english("互斥锁"), ["mutex<t>", "mutex"]);
        assert_eq!(english("回收"), ["wait", "child::wait()", "child::wait"]);
        assert_eq!(english("原子类型"), ["atomicu64"]);
        assert_eq!(english("发送端"), ["sender"]);
        assert_eq!(english("接收端"), ["receiver"]);
    }

    #[test]
    fn english_names_of_the_real_glossary_find_their_terms() {
        let terms = terms(&crate::repo_root()).unwrap();
        for (english, chinese) in [
            ("mutex", "互斥锁"),
            ("barrier", "屏障"),
            ("semaphore", "信号量"),
        ] {
            let found: Vec<&str> = terms
                .iter()
                .filter(|t| t.english.iter().any(|e| e == english))
                .map(|t| t.name.as_str())
                .collect();
            assert_eq!(found, [chinese], "搜 {english}");
        }
    }
}
