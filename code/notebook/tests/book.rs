//! 书本身的检查：能干净地构建；每个代码单元都按同一种方式写成，
//! 即“示例文件 + 紧随其后的真实输出”；没有被忽略的代码块。
//!
//! 每条规则一个测试，以规则命名：失败的测试名就说出是哪条规则被打破了。
//! 各章只解析一次（`book/model.rs`），书也只构建一次，所有规则共用；
//! 读生成的 HTML 的规则在 `book/site.rs`。

#[path = "book/density.rs"]
mod density;
#[path = "book/model.rs"]
mod model;
#[path = "book/site.rs"]
mod site;
#[path = "book/terms.rs"]
mod terms;

use std::collections::{BTreeMap, BTreeSet};

use model::{BOOK, CELLS, Fence};
use notebook::{cells, repo_root};

/// 代码块可以标的语言。
const LANGUAGES: &[&str] = &["rust", "text", "console", "python"];

/// 一条规则发现的全部问题一起报告，而不是停在第一个。
#[track_caller]
fn assert_none(rule: &str, problems: impl IntoIterator<Item = String>) {
    let problems: Vec<String> = problems.into_iter().collect();
    assert!(problems.is_empty(), "{rule}：\n{}", problems.join("\n"));
}

/// 代码单元 `name` 所在的章的页面名开头，例如 `ch02_03_scope` → `ch02`。
fn chapter_prefix(name: &str) -> String {
    let cell = cells::CellName::parse(name).expect("代码单元的名字");
    format!("ch{:02}", cell.chapter)
}

/// 可运行的 Rust 代码块：文档测试会编译它（代码单元、练习的起始代码）。
fn runnable(fence: &Fence) -> bool {
    fence.lang() == "rust" && !fence.has_attr("compile_fail")
}

/// 书里展示的代码单元：名字 → 展示它的代码块。
fn shown_cells() -> BTreeMap<&'static str, Vec<&'static Fence>> {
    BOOK.uses(|f| f.cell().filter(|_| runnable(f)))
}

/// 书里展示的起始代码：名字 → 展示它的代码块。
fn shown_starters() -> BTreeMap<&'static str, Vec<&'static Fence>> {
    BOOK.uses(|f| f.starter().filter(|_| runnable(f)))
}

fn is_known_cell(name: &str) -> bool {
    CELLS.iter().any(|c| c.name == name)
}

/// 仓库里 `dir` 目录下以 `ext` 结尾的文件名，去掉 `ext`，按名字排序。
fn names_in(dir: &str, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|e| panic!("无法读取 {dir}/：{e}"))
        .filter_map(|entry| {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            file.strip_suffix(ext).map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

// ---------- 章节 ----------

/// book/ 里的每一页都列在 SUMMARY.md 里（列出的每一章都能读到，见 `book/model.rs`）。
#[test]
fn every_page_is_listed_in_the_summary() {
    let listed: BTreeSet<&str> = BOOK.chapters.iter().map(|c| c.file.as_str()).collect();
    assert_none(
        "没有列在 SUMMARY.md 里的页面",
        names_in("book", ".md")
            .into_iter()
            .filter(|name| name != "SUMMARY" && !listed.contains(format!("{name}.md").as_str()))
            .map(|name| format!("book/{name}.md 没有列在 SUMMARY.md 里")),
    );
}

/// 每一页一次读得完（约二十分钟）：正文（代码块之外）不超过这么多字符。
const MAX_PROSE_CHARS: usize = 6_000;

/// 一章太长就拆成几页：章首页（chNN-00-主题.md）加上各节的页面（chNN-MM-主题.md）。
#[test]
fn every_page_has_at_most_6000_characters_of_prose() {
    assert_none(
        "正文太长的页面（拆成几页，见 book/SUMMARY.md）",
        BOOK.chapters.iter().filter_map(|chapter| {
            let count = chapter.prose_chars();
            (count > MAX_PROSE_CHARS).then(|| {
                format!(
                    "book/{}：代码块之外有 {count} 个字符，最多 {MAX_PROSE_CHARS} 个",
                    chapter.file
                )
            })
        }),
    );
}

// ---------- 每个代码块 ----------

/// 没有结尾的围栏会吞掉后面的正文和代码块，下面的规则就看不到它们了。
#[test]
fn every_fence_is_closed() {
    assert_none(
        "没有闭合的代码块",
        BOOK.fences().filter(|f| !f.closed).map(|f| {
            format!(
                "{}：代码块没有闭合，一直延伸到所在列表项或本章的末尾",
                f.place()
            )
        }),
    );
}

#[test]
fn every_fence_names_its_language() {
    let allowed = LANGUAGES.join("、");
    assert_none(
        "代码块的语言",
        BOOK.fences().filter_map(|f| match f.lang() {
            lang if LANGUAGES.contains(&lang) => None,
            "" => Some(format!(
                "{}：代码块必须标明语言（{allowed}）；缩进四格的文字也会成为代码块",
                f.place()
            )),
            lang => Some(format!(
                "{}：代码块的语言 {lang} 不在 {allowed} 之中",
                f.place()
            )),
        }),
    );
}

#[test]
fn no_fence_is_ignored() {
    assert_none(
        "被忽略的代码块",
        BOOK.fences()
            .filter(|f| f.info.contains("ignore"))
            .map(|f| format!("{}：不允许 ignore", f.place())),
    );
}

/// 可运行的代码只来自 code/examples/（练习的起始代码来自 code/exercises/）：
/// 书里内联的 Rust 代码只能是编译不过的例子。
#[test]
fn runnable_rust_comes_from_code_examples() {
    assert_none(
        "内联的可运行代码",
        BOOK.fences()
            .filter(|f| runnable(f) && f.cell().is_none() && f.starter().is_none())
            .map(|f| {
                format!(
                    "{}：可运行的代码必须放在 code/examples/ 里，用 {{{{#rustdoc_include ../code/examples/NAME.rs}}}} 引入",
                    f.place()
                )
            }),
    );
}

/// compile_fail 必须写明错误码，文档测试才能确认代码正是因为这个错误编译失败。
/// 没有错误码的错误：例子在 code/compile_fail/ 里，紧跟着它的报错节选，
/// 由 tests/compile_fail.rs 用真实的编译核对。
#[test]
fn compile_fail_names_its_error_code_or_shows_the_compiler_output() {
    let is_error_code =
        |a: &str| a.len() == 5 && a.starts_with('E') && a[1..].bytes().all(|b| b.is_ascii_digit());
    assert_none(
        "compile_fail 代码块",
        BOOK.fences_in_context()
            .filter(|(_, f, next)| {
                let checked = f.compile_fail_example().is_some_and(|name| {
                    next.and_then(Fence::compile_fail_excerpt) == Some(name)
                });
                f.lang() == "rust"
                    && f.has_attr("compile_fail")
                    && !f.attrs().any(is_error_code)
                    && !checked
            })
            .map(|(_, f, _)| {
                format!(
                    "{}：compile_fail 必须写明错误码（例如 compile_fail,E0373）；\
                     没有错误码的错误，例子放在 code/compile_fail/NAME.rs，后面紧跟 NAME.txt 的报错节选",
                    f.place()
                )
            }),
    );
}

#[test]
fn every_output_follows_its_cell() {
    assert_none(
        "输出的位置",
        BOOK.fences_in_context().filter_map(|(previous, f, _)| {
            let name = f.output()?;
            let after_cell = previous.and_then(Fence::cell) == Some(name);
            (f.lang() != "text" || !after_cell).then(|| {
                format!(
                    "{}：输出 {name}.txt 必须是 text 代码块，紧跟在 {name}.rs 的代码之后",
                    f.place()
                )
            })
        }),
    );
}

/// chNN_… 的代码单元和起始代码出现在第 NN 章的某一页，即 book/chNN-*.md
/// （章首页 chNN-00-主题.md 或某一节的 chNN-MM-主题.md）。
#[test]
fn cells_and_starters_appear_in_their_chapter() {
    assert_none(
        "代码所在的章",
        BOOK.fences().filter(|f| runnable(f)).filter_map(|f| {
            let name = f.cell().or(f.starter())?;
            let prefix = chapter_prefix(name);
            (!f.file.starts_with(&format!("{prefix}-")))
                .then(|| format!("{}：{name} 应该出现在 book/{prefix}-*.md", f.place()))
        }),
    );
}

/// 整个文件引入时，ANCHOR 标记行会原样出现在读者面前。
#[test]
fn cells_with_anchors_are_not_included_whole() {
    assert_none(
        "ANCHOR 标记",
        shown_cells().into_iter().flat_map(|(name, fences)| {
            let source = repo_root().join(format!("code/examples/{name}.rs"));
            let anchored = std::fs::read_to_string(source).is_ok_and(|s| s.contains("// ANCHOR"));
            fences
                .into_iter()
                .filter(move |f| anchored && f.includes_whole_file())
                .map(move |f| format!("{}：{name}.rs 有 ANCHOR 标记，却被整个引入", f.place()))
        }),
    );
}

/// 练习的起始代码：它的 main 走到 todo!() 就 panic，文档测试断言的正是这一点。
#[test]
fn starters_are_marked_should_panic() {
    assert_none(
        "起始代码",
        shown_starters().into_iter().flat_map(|(name, fences)| {
            fences
                .into_iter()
                .filter(|f| !f.has_attr("should_panic"))
                .map(move |f| {
                    format!(
                        "{}：起始代码 {name}.rs 必须标成 rust,should_panic",
                        f.place()
                    )
                })
        }),
    );
}

/// 练习的检查里，`#[should_panic]` 都写明期望的消息：光写 `#[should_panic]` 的测试，
/// 起始代码的 `todo!()` 一 panic 它就通过了，读者还没动手就看到 ✓。
#[test]
fn every_should_panic_in_a_check_names_its_message() {
    assert_none(
        "should_panic",
        names_in("code/exercises", "_check.rs")
            .into_iter()
            .flat_map(|name| {
                let path = format!("code/exercises/{name}_check.rs");
                let text = std::fs::read_to_string(repo_root().join(&path)).unwrap();
                text.lines()
                    .enumerate()
                    .filter(|(_, line)| {
                        line.contains("#[should_panic") && !line.contains("expected = ")
                    })
                    .map(|(n, _)| {
                        format!("{path}:{}：写成 #[should_panic(expected = \"…\")]", n + 1)
                    })
                    .collect::<Vec<_>>()
            }),
    );
}

/// 代码单元、练习和 Python 程序的编号与阅读顺序（SUMMARY.md，页内从上到下）一致：
/// `ls code/examples` 列出的就是书的顺序。移动、插入小节之后运行 `cargo run -- renumber`。
#[test]
fn cell_numbers_follow_the_reading_order() {
    let renames = notebook::renumber::plan(&repo_root()).unwrap();
    assert_none(
        "编号与阅读顺序不一致（运行 cargo run -- renumber）",
        renames
            .iter()
            .map(|(old, new)| format!("{old} 应当是 {new}")),
    );
}

// ---------- 每个代码单元 ----------

#[test]
fn every_cell_starts_with_its_run_command() {
    assert_none(
        "代码单元的第一行",
        CELLS.iter().filter_map(|cell| {
            let source = std::fs::read_to_string(&cell.source).unwrap();
            let first = cell.run_line();
            (source.lines().next() != Some(first.as_str()))
                .then(|| format!("code/examples/{}.rs：第一行必须是 `{first}`", cell.name))
        }),
    );
}

/// 书页上的脚本认代码单元只查 `code/notebook/assets/cells.js`：它要与 `code/` 里的代码单元、
/// 起始代码和 Python 程序一致，第一行的键也要与这些文件真实的第一行一致。
#[test]
fn the_page_cell_table_is_current() {
    let written = std::fs::read_to_string(repo_root().join(cells::PAGE_CELLS)).unwrap();
    assert!(
        written == cells::page_cells_script().unwrap(),
        "{} 过时了：运行 cargo run -- outputs 重新生成它",
        cells::PAGE_CELLS
    );
    let mut firsts = BTreeSet::new();
    for dir in ["code/examples", "code/exercises", "code/python"] {
        for entry in std::fs::read_dir(repo_root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy();
            if path.is_file() && cells::is_cell(&stem) && !stem.ends_with(cells::CHECK_SUFFIX) {
                let text = std::fs::read_to_string(&path).unwrap();
                firsts.insert(text.lines().next().unwrap_or_default().to_owned());
            }
        }
    }
    let keys: BTreeSet<String> = cells::page_cells().unwrap().into_keys().collect();
    assert_eq!(keys, firsts, "表里的键应当正是每个文件的第一行");
}

#[test]
fn every_cell_appears_in_the_book() {
    let shown = shown_cells();
    assert_none(
        "没有出现在书里的代码单元",
        CELLS
            .iter()
            .filter(|cell| !shown.contains_key(cell.name.as_str()))
            .map(|cell| format!("code/examples/{}.rs 没有出现在书里", cell.name)),
    );
}

#[test]
fn every_cell_has_its_output_shown_once() {
    let shown = BOOK.uses(Fence::output);
    let mut problems = Vec::new();
    for cell in CELLS.iter() {
        let name = &cell.name;
        match shown.get(name.as_str()).map(Vec::len) {
            Some(1) => {}
            None => problems.push(format!("code/outputs/{name}.txt 没有出现在书里")),
            Some(n) => problems.push(format!("code/outputs/{name}.txt 在书里出现了 {n} 次")),
        }
        if !cell.output.is_file() {
            problems.push(format!(
                "缺少 code/outputs/{name}.txt（运行 cargo run -- outputs {name}）"
            ));
        }
    }
    assert_none("代码单元的输出", problems);
}

#[test]
fn every_output_file_has_its_cell() {
    assert_none(
        "多余的输出",
        names_in("code/outputs", ".txt")
            .into_iter()
            .filter(|name| !is_known_cell(name))
            .map(|name| format!("code/outputs/{name}.txt 没有对应的示例")),
    );
}

#[test]
fn the_book_shows_only_existing_cells() {
    assert_none(
        "不存在的代码单元",
        shown_cells()
            .into_keys()
            .filter(|name| !is_known_cell(name))
            .map(|name| format!("书里引用了不存在的 code/examples/{name}.rs")),
    );
}

/// 练习：code/exercises/NAME.rs 是起始代码（NAME_check.rs 是它和答案共用的测试），
/// 有同名的参考答案 code/examples/NAME.rs，在 code/Cargo.toml 里登记为 NAME_starter，
/// 在书里恰好出现一次；书里的起始代码都在 code/exercises/ 里。
#[test]
fn every_starter_has_a_solution_a_registration_and_one_place_in_the_book() {
    let manifest = std::fs::read_to_string(repo_root().join("code/Cargo.toml")).unwrap();
    let starters: Vec<String> = names_in("code/exercises", ".rs")
        .into_iter()
        .filter(|name| !name.ends_with("_check"))
        .collect();
    let shown = shown_starters();
    let mut problems = Vec::new();
    for name in &starters {
        if !is_known_cell(name) {
            problems.push(format!(
                "code/exercises/{name}.rs 没有参考答案 code/examples/{name}.rs"
            ));
        }
        if !manifest.contains(&format!("path = \"exercises/{name}.rs\"")) {
            problems.push(format!(
                "code/exercises/{name}.rs 没有在 code/Cargo.toml 里登记为 [[example]] {name}_starter"
            ));
        }
        match shown.get(name.as_str()).map(Vec::len) {
            Some(1) => {}
            None => problems.push(format!("code/exercises/{name}.rs 没有出现在书里")),
            Some(n) => problems.push(format!("code/exercises/{name}.rs 在书里出现了 {n} 次")),
        }
    }
    for name in shown.keys() {
        if !starters.iter().any(|s| s == name) {
            problems.push(format!("书里引用了不存在的 code/exercises/{name}.rs"));
        }
    }
    assert_none("练习", problems);
}

/// 不是代码单元的示例（完整的程序，如基准测试）：书里必须告诉读者怎么运行它。
#[test]
fn every_program_example_has_its_run_command_in_the_book() {
    let all_text: String = BOOK.chapters.iter().map(|c| c.text.as_str()).collect();
    assert_none(
        "完整的程序",
        cells::example_names()
            .unwrap()
            .into_iter()
            .filter(|name| !cells::is_cell(name))
            .filter(|name| !all_text.contains(&format!("--example {name}")))
            .map(|name| {
                format!(
                    "code/examples/{name}.rs：书里没有给出运行它的命令（cargo run … --example {name}）"
                )
            }),
    );
}

// ---------- Python 程序 ----------
// 书里的每段 Python 都是 code/python/ 里一个完整的程序，紧跟着它真实的输出
// code/outputs/python/NAME.txt（tests/outputs.rs 在有 python3 时重新运行、比对）。

/// 书里展示的 Python 程序：名字 → 展示它的代码块。
fn shown_python() -> BTreeMap<&'static str, Vec<&'static Fence>> {
    BOOK.uses(Fence::python)
}

#[test]
fn python_comes_from_code_python() {
    assert_none(
        "内联的 Python",
        BOOK.fences()
            .filter(|f| f.lang() == "python" && f.python().is_none())
            .map(|f| {
                format!(
                    "{}：Python 代码必须是 code/python/ 里的完整程序，用 {{{{#include ../code/python/NAME.py}}}} 引入",
                    f.place()
                )
            }),
    );
}

#[test]
fn every_python_program_is_shown_once_in_its_chapter_with_its_output_after_it() {
    let programs = cells::python_cells().unwrap();
    let shown = shown_python();
    let mut problems = Vec::new();
    for program in &programs {
        let name = program.name.as_str();
        match shown.get(name).map(Vec::as_slice) {
            None | Some([]) => problems.push(format!("code/python/{name}.py 没有出现在书里")),
            Some([fence]) => {
                let prefix = chapter_prefix(name);
                if !fence.file.starts_with(&format!("{prefix}-")) {
                    problems.push(format!(
                        "{}：{name}.py 应该出现在 book/{prefix}-*.md",
                        fence.place()
                    ));
                }
                if fence.lang() != "python" {
                    problems.push(format!(
                        "{}：{name}.py 必须放在 python 代码块里",
                        fence.place()
                    ));
                }
            }
            Some(fences) => problems.push(format!(
                "code/python/{name}.py 在书里出现了 {} 次",
                fences.len()
            )),
        }
        let source = std::fs::read_to_string(&program.source).unwrap();
        let first = program.run_line();
        if source.lines().next() != Some(first.as_str()) {
            problems.push(format!("code/python/{name}.py：第一行必须是 `{first}`"));
        }
        if !program.output.is_file() {
            problems.push(format!(
                "缺少 code/outputs/python/{name}.txt（运行 cargo run -- outputs {name}）"
            ));
        }
    }
    // 输出紧跟在程序后面，是 text 代码块，每个只出现一次。
    let mut outputs_shown = BTreeMap::<&str, usize>::new();
    for (previous, f, _) in BOOK.fences_in_context() {
        let Some(name) = f.python_output() else {
            continue;
        };
        *outputs_shown.entry(name).or_default() += 1;
        if f.lang() != "text" || previous.and_then(Fence::python) != Some(name) {
            problems.push(format!(
                "{}：输出 python/{name}.txt 必须是 text 代码块，紧跟在 {name}.py 之后",
                f.place()
            ));
        }
    }
    for program in &programs {
        let name = program.name.as_str();
        if outputs_shown.get(name).copied().unwrap_or(0) != 1 {
            problems.push(format!(
                "code/outputs/python/{name}.txt 应在书里紧跟程序出现一次"
            ));
        }
    }
    for name in shown.keys().chain(outputs_shown.keys()) {
        if !programs.iter().any(|p| p.name == *name) {
            problems.push(format!("书里引用了不存在的 code/python/{name}.py"));
        }
    }
    if let Ok(files) = std::fs::read_dir(repo_root().join("code/outputs/python")) {
        for file in files {
            let file = file.unwrap().file_name().to_string_lossy().into_owned();
            let name = file.strip_suffix(".txt").unwrap_or(&file);
            if !programs.iter().any(|p| p.name == name) {
                problems.push(format!("code/outputs/python/{file} 没有对应的程序"));
            }
        }
    }
    assert_none("Python 程序", problems);
}
