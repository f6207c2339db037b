//! 每个读者都能用（issue 28，`tests/browser.rs` 的一部分）：
//!
//! - ✎ 打开时只显示编辑器里的那一份代码，这次运行的输出紧跟在它下面；
//! - 对比度：界面上的文字至少 4.5:1、图标至少 3:1，五种配色逐个从页面的样式算出来（`contrast.js`）；
//! - 表格：1280 与 390 像素宽、打印时，放得下或能横向滚动，没有从中间断开的数字、代码（`tables.js`）；
//! - 打印：无头 Chromium 把 print.html 印成 A4 的 PDF，提示和参考答案都展开，没有按钮，记下页数；
//! - 键盘：第一下 Tab 是“跳到正文”，几下就到第一个 ▶；Esc 离开编辑器；↺ 之后焦点还在代码单元上；
//!   快捷键帮助里写着；每个控件都有名字；
//! - 读屏软件：运行的状态、输出、检查的逐项结果是实时区域；
//! - 图：1280 像素宽时每张图的字至少 11 像素；390 像素宽时比屏幕宽的图能滚动，下面写着；
//! - ▶：太短、采不到样的运行写明了，不画空图；stdout 与 stderr 都有输出时说明先后可能不同；
//! - 搜索：英文名字找到术语表里的词（mutex → 互斥锁），摘录里没有 `//!`；
//! - 放在网站的子路径下（`/rust-book/`，构建时给出 site-url）：不请求书以外的路径，控制台没有错误，
//!   404 页是中文、有样式的；连不上 Playground 时页面说明 ▶ 为什么没有，连得上时改过的代码按
//!   edition 2024 发出；从 file:// 打开时搜索说明为什么不能用；
//! - 截图：1280 与 390 像素宽，浅色、藏青、煤黑三种配色。

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::{PrintConfiguration, PrintSize};
use serde_json::{Value, json};

use super::notebook_ui::{
    EXERCISE, MARK_EXERCISE, drain_network_log, open, page_containing, run_check, wait_for_run,
};
use super::{
    browser_errors, cdp, choose_theme, default_look, edit_and_run, measure_contrast,
    open_and_press_s, remember_theme, save_screenshot, shoot_at, summary_pages, wait_for_element,
    wait_for_printed, wait_until_loaded,
};

/// 截图的三种配色：浅色、本书选的深色（藏青）和最暗的煤黑。
const SHOT_THEMES: [&str; 3] = ["light", "navy", "coal"];

/// 书放在网站的这个子路径下。
const SUB_PATH: &str = "/rust-book/";

/// 本机运行的书（`base`）上的检查，每项的问题各记一条。
pub(super) async fn check(client: &Client, base: &str, shots: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let steps: [(&str, anyhow::Result<()>); 9] = [
        ("✎ 只显示一份代码", one_copy(client, base).await),
        ("键盘", keyboard(client, base).await),
        ("对比度", contrast_in_every_theme(client, base).await),
        ("表格", tables(client, base).await),
        ("打印", print(client, base, shots).await),
        ("图", pictures(client, base).await),
        ("搜索", search_details(client, base).await),
        ("截图", screenshots(client, base, shots).await),
        ("控制台", no_errors(client).await),
    ];
    for (what, result) in steps {
        if let Err(error) = result {
            problems.push(format!("{what}：{error:#}"));
        }
    }
    problems
}

/// 没有带出来的脚本错误（每一步之后都读过，这里读剩下的）。
async fn no_errors(client: &Client) -> anyhow::Result<()> {
    let errors = browser_errors(client).await?;
    ensure!(errors.is_empty(), "脚本错误：{errors:?}");
    Ok(())
}

/// 第 2 章第一页。
const SPAWN_PAGE: &str = "ch02-01-spawn.html";

/// ✎：编辑器之外，书中的那份代码真的不显示；运行改过的代码，输出紧跟在编辑器所在的代码框下面。
async fn one_copy(client: &Client, base: &str) -> anyhow::Result<()> {
    open(client, &format!("{base}{SPAWN_PAGE}")).await?;
    let code = "fn main() { println!(\"只有一份代码\"); }";
    edit_and_run(client, "pre.playground", code).await?;
    wait_for_printed(client, "pre.playground", "只有一份代码").await?;
    let read = "const pre = document.querySelector('pre.playground');\
                const shown = Array.from(pre.querySelectorAll(':scope > code'))\
                    .filter(c => getComputedStyle(c).display !== 'none' && c.getClientRects().length > 0);\
                return [shown.length, shown.map(c => c.className).join(' | '),\
                        pre.nextElementSibling.classList.contains('nb-output')];";
    let (count, classes, output_below): (usize, String, bool) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    restore_first_cell(client).await?;
    ensure!(
        count == 1 && classes.contains("nb-editor"),
        "✎ 打开时显示了 {count} 份代码：{classes}"
    );
    ensure!(output_below, "这次运行的输出不在编辑器所在的代码框下面");
    Ok(())
}

/// 第一个代码单元 ↺，免得改动留在 localStorage 里影响后面的检查。
async fn restore_first_cell(client: &Client) -> anyhow::Result<()> {
    let reset = "document.querySelector('pre.playground .nb-reset-button')?.click()";
    client.execute(reset, vec![]).await?;
    Ok(())
}

/// 按一个键（按下、松开），不指定元素：和读者按键盘一样，落在有焦点的地方。
async fn press(client: &Client, key: char) -> anyhow::Result<()> {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await?;
    Ok(())
}

/// 有焦点的元素：class 和名字（aria-label 或文字），和它是不是在第一个代码单元里。
async fn focused(client: &Client) -> anyhow::Result<(String, String, bool)> {
    let read = "const a = document.activeElement;\
                return [a.className || a.tagName, a.getAttribute('aria-label') || a.textContent.trim().slice(0, 30),\
                        a.closest('pre') === document.querySelector('pre.playground')];";
    Ok(serde_json::from_value(client.execute(read, vec![]).await?)?)
}

/// 键盘：第一下 Tab 落在“跳到正文”，回车后几下 Tab 就到第一个 ▶（以前要按 50 下，穿过整个目录）；
/// ✎ 的编辑器里按 Esc 离开，再按 Tab 移出这个代码单元；↺ 之后焦点在取代它的 ✎ 上；
/// 快捷键帮助写着 Esc；页面上每个控件都有名字。
async fn keyboard(client: &Client, base: &str) -> anyhow::Result<()> {
    open(client, &format!("{base}{SPAWN_PAGE}")).await?;
    press(client, Key::Tab.into()).await?;
    let (class, name, _) = focused(client).await?;
    ensure!(
        class == "nb-skip" && name == "跳到正文",
        "第一下 Tab 落在 {class}（{name}），不是“跳到正文”"
    );
    press(client, Key::Enter.into()).await?;
    let mut presses = 2;
    loop {
        press(client, Key::Tab.into()).await?;
        presses += 1;
        let (class, _, _) = focused(client).await?;
        if class.contains("nb-play-button") {
            break;
        }
        ensure!(
            presses < 10,
            "按了 {presses} 下还没到第一个 ▶（焦点在 {class}）"
        );
    }
    println!("键盘：从打开页面到第一个 ▶ 按了 {presses} 下");

    let edit = "document.querySelector('pre.playground .nb-edit-button').click()";
    client.execute(edit, vec![]).await?;
    let (class, _, inside) = focused(client).await?;
    ensure!(
        inside && class.contains("ace_text-input"),
        "✎ 之后焦点不在编辑器里：{class}"
    );
    press(client, Key::Escape.into()).await?;
    let (class, name, inside) = focused(client).await?;
    ensure!(
        inside && class.contains("nb-editor"),
        "Esc 之后焦点应在编辑器的外框上，却在 {class}"
    );
    ensure!(
        name.contains("Esc"),
        "编辑器的外框没有说明怎么用键盘：{name}"
    );
    press(client, Key::Tab.into()).await?;
    let (class, _, inside) = focused(client).await?;
    ensure!(!inside, "Esc 再 Tab 之后焦点还在这个代码单元里：{class}");

    // ↺：用键盘按下它，焦点留在这个代码单元上（取代它的 ✎）。
    let focus = "document.querySelector('pre.playground .nb-reset-button').focus()";
    client.execute(focus, vec![]).await?;
    press(client, Key::Enter.into()).await?;
    let (class, _, inside) = focused(client).await?;
    ensure!(
        inside && class.contains("nb-edit-button"),
        "↺ 之后焦点掉到了 {class}"
    );

    let help = "return document.getElementById('mdbook-help-popup').textContent";
    let help: String = serde_json::from_value(client.execute(help, vec![]).await?)?;
    ensure!(
        help.contains("离开编辑器") && help.contains("跳到正文"),
        "快捷键帮助里没有 Esc 和“跳到正文”：{help}"
    );
    Ok(())
}

/// 页面上没有名字的控件（链接、按钮、输入框、摘要、可聚焦的元素）：读屏软件只能念出“按钮”。
const UNNAMED_CONTROLS: &str = r#"
    const nameOf = el => {
        const by = el.getAttribute('aria-labelledby');
        const parts = [
            by && by.split(/\s+/).map(id => document.getElementById(id)?.textContent || '').join(' '),
            el.getAttribute('aria-label'),
            el.labels && Array.from(el.labels, l => l.textContent).join(' '),
            el.getAttribute('placeholder'),
            el.textContent,
            Array.from(el.querySelectorAll('img[alt], svg[aria-label]'),
                i => i.getAttribute('alt') || i.getAttribute('aria-label')).join(' '),
            el.getAttribute('title'),
        ];
        return parts.find(p => p && p.trim()) || '';
    };
    const controls = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    return Array.from(controls)
        .filter(el => el.getClientRects().length > 0 && el.tabIndex >= 0)
        .filter(el => !nameOf(el).trim())
        .map(el => el.outerHTML.slice(0, 120));
"#;

/// 对比度：五种配色下逐项计算（contrast.js），一项不够就记一条。页面上要有：「检查」的逐项结果、
/// 一次运行（stdout、stderr、太短的运行的说明）、打开的搜索和术语表的那一条。
/// 顺便检查实时区域和控件的名字：它们要的正是同样的页面状态。
async fn contrast_in_every_theme(client: &Client, base: &str) -> anyhow::Result<()> {
    let page = page_containing(client, base, &format!("{EXERCISE}_check.rs")).await?;
    open(client, &format!("{base}{page}")).await?;
    let mut measured = Vec::new();
    let mut problems = Vec::new();

    // 第一种状态：「检查」没通过的逐项结果。
    run_check(client, EXERCISE).await?;
    let live = "const out = document.querySelector('#nb-exercise + .nb-output');\
                return [out.querySelector('.nb-status').getAttribute('role'),\
                        out.querySelector('.nb-tests').getAttribute('aria-live')];";
    let (status_role, tests_live): (Option<String>, Option<String>) =
        serde_json::from_value(client.execute(live, vec![]).await?)?;
    ensure!(
        status_role.as_deref() == Some("status") && tests_live.as_deref() == Some("polite"),
        "「检查」的状态和逐项结果不是实时区域：role={status_role:?}，aria-live={tests_live:?}"
    );
    measure_contrast(client, "return nbMeasure()", &mut measured, &mut problems).await?;

    // 第二种状态（第 1 章第一页：有书中记录的输出、代码框上方的运行命令）：第一个代码单元 ✎ 改成
    // 同时写 stdout 和 stderr 的短程序，▶；再打开搜索，搜 mutex。
    let page = page_containing(client, base, "cargo run --example ch01_02_command").await?;
    open(client, &format!("{base}{page}")).await?;
    client
        .execute(
            "document.querySelector('pre.playground').id = 'nb-exercise'",
            vec![],
        )
        .await?;
    let code = "fn main() { println!(\"写到 stdout\"); eprintln!(\"写到 stderr\"); }";
    edit_and_run(client, "#nb-exercise", code).await?;
    let out = "document.querySelector('#nb-exercise + .nb-output')";
    wait_for_run(client, "nb-exercise").await?;
    let read = format!(
        "const out = {out}; const status = out.querySelector('.nb-status');\
         const live = status.closest('[role=status], [role=log], [aria-live]');\
         const note = out.querySelector('.nb-streams-note');\
         return [status.textContent, live ? (live.getAttribute('role') || live.getAttribute('aria-live')) : '',\
                 out.querySelector('.nb-log').getAttribute('role') || '',\
                 note.hidden ? '' : note.textContent,\
                 out.querySelector('.nb-usage').innerText, out.querySelectorAll('.nb-spark').length];"
    );
    let (status, live, log_role, streams, usage, charts): (
        String,
        String,
        String,
        String,
        String,
        usize,
    ) = serde_json::from_value(client.execute(&read, vec![]).await?)?;
    ensure!(status.contains("退出码 0"), "短程序没有正常结束：{status}");
    ensure!(
        live == "status" && log_role == "log",
        "运行结束的状态不在实时区域里（{live:?}），输出的 role 是 {log_role:?}"
    );
    ensure!(
        streams.contains("stderr") && streams.contains("终端"),
        "stdout 与 stderr 都有输出，却没有说明两者的先后：{streams:?}"
    );
    // 程序启动时采一次，之后每 0.1 秒一次：这样短的程序只有一两个采样（只在 Linux 上有采样）。
    if cfg!(target_os = "linux") {
        ensure!(
            usage.contains("采样") && charts == 0,
            "太短的运行应当写明采不到样、不画图：{usage:?}，{charts} 张图"
        );
    }
    open_search(client, "mutex").await?;
    measure_contrast(client, "return nbMeasure()", &mut measured, &mut problems).await?;

    let unnamed: Vec<String> =
        serde_json::from_value(client.execute(UNNAMED_CONTROLS, vec![]).await?)?;
    ensure!(unnamed.is_empty(), "没有名字的控件：{unnamed:#?}");

    // 还原，也关掉搜索。
    let reset = "document.querySelector('#nb-exercise .nb-reset-button')?.click()";
    client.execute(reset, vec![]).await?;
    choose_theme(client, "light").await?;
    client
        .execute("localStorage.removeItem('mdbook-theme')", vec![])
        .await?;

    for required in [
        "菜单栏的书名",
        "菜单栏的图标",
        "代码框上的按钮（图标）",
        "复制按钮的图标",
        "「检查」按钮",
        "“这次运行”的小标题",
        "运行状态",
        "运行状态的 ✓ ✗",
        "程序的输出",
        "stderr",
        "两根管道的说明",
        "资源条",
        "检查的逐项结果",
        "检查的 ✓ ✗",
        "“书中记录的输出”",
        "搜索框",
        "搜索框的“清除”",
        "搜索的提示",
        "搜索结果的标题",
        "搜索结果的摘录",
        "摘录里高亮的词",
        "术语表的那一条",
        "术语表那一条的链接",
        "代码单元上方的运行命令",
        "“改过”的说明",
    ] {
        if !measured.iter().any(|name| name == required) {
            problems.push(format!("页面上没有量到“{required}”"));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// 按 S 打开搜索，输入 `term`，等到有结果。
async fn open_search(client: &Client, term: &str) -> anyhow::Result<()> {
    let opened = "const panel = document.getElementById('bingfa-search');\
                  if (panel.hidden) { document.getElementById('bingfa-search-toggle').click(); }";
    client.execute(opened, vec![]).await?;
    let input = wait_for_element(client, "#bingfa-search input")
        .await
        .context("没有出现搜索框")?;
    input.send_keys(term).await?;
    wait_for_element(client, "#bingfa-search .pagefind-ui__result-link")
        .await
        .with_context(|| format!("搜索“{term}”没有结果"))?;
    Ok(())
}

/// 搜索：英文名字找到术语表里的词；结果的摘录里没有代码注释（`//!`）。
async fn search_details(client: &Client, base: &str) -> anyhow::Result<()> {
    for (english, chinese) in [("mutex", "互斥锁"), ("barrier", "屏障")] {
        client.goto(&format!("{base}ch00-preface.html")).await?;
        wait_until_loaded(client).await?;
        open_search(client, english).await?;
        let term = wait_for_element(client, "#bingfa-search .bingfa-term strong")
            .await
            .with_context(|| format!("搜“{english}”没有出现术语表的那一条"))?;
        let text = term.text().await?;
        ensure!(
            text == chinese,
            "搜“{english}”，术语表的那一条是“{text}”，不是“{chinese}”"
        );
    }
    for term in ["子进程", "运行"] {
        client.goto(&format!("{base}ch00-preface.html")).await?;
        wait_until_loaded(client).await?;
        open_search(client, term).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let read = "return Array.from(document.querySelectorAll('#bingfa-search .pagefind-ui__result-excerpt'),\
                    e => e.textContent).filter(t => t.includes('//!'))";
        let noisy: Vec<String> = serde_json::from_value(client.execute(read, vec![]).await?)?;
        ensure!(noisy.is_empty(), "搜“{term}”的摘录里有代码注释：{noisy:?}");
    }
    Ok(())
}

/// 每一页的每张表，在 1280 与 390 像素宽时：放得下（1280 时也可以在自己的框里滚动），
/// 放不下就能横向滚动；没有从中间断开的数字、代码和英文词。打印时（print.html，A4 的正文宽度，
/// 按打印的样式）：放得下，也没有断开的词。
async fn tables(client: &Client, base: &str) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    let mut count = 0;
    for width in [1280, 390] {
        client.set_window_size(width, 1000).await?;
        for page in summary_pages()? {
            client.goto(&format!("{base}{page}")).await?;
            wait_until_loaded(client).await?;
            let tables: Vec<(f64, f64, bool, Vec<String>)> =
                serde_json::from_value(client.execute(include_str!("tables.js"), vec![]).await?)?;
            for (index, (table, column, scrolls, broken)) in tables.into_iter().enumerate() {
                count += 1;
                let place = format!("{page} 第 {} 张表在 {width} 像素宽时", index + 1);
                if table > column + 1.0 && !scrolls {
                    problems.push(format!(
                        "{place} {table} 像素宽，正文栏只有 {column}，又不能滚动"
                    ));
                }
                if !broken.is_empty() {
                    problems.push(format!("{place}从中间断开了：{broken:?}"));
                }
            }
        }
    }
    ensure!(count > 20, "只量到 {count} 张表");

    // 打印：A4 减去左右页边距（book.css 的 @page）约 673 像素宽，按打印的样式排。
    client.set_window_size(690, 1000).await?;
    let no_print = open_print_page(client, base).await?;
    let tables: Vec<(f64, f64, bool, Vec<String>)> =
        serde_json::from_value(client.execute(include_str!("tables.js"), vec![]).await?)?;
    emulate_print(client, false).await?;
    remove_script(client, &no_print).await?;
    client.set_window_size(1280, 1000).await?;
    ensure!(tables.len() > 20, "print.html 里只有 {} 张表", tables.len());
    for (index, (table, column, _, broken)) in tables.into_iter().enumerate() {
        let place = format!("打印时第 {} 张表", index + 1);
        if table > column + 1.0 {
            problems.push(format!("{place} {table} 像素宽，纸上只有 {column}"));
        }
        if !broken.is_empty() {
            problems.push(format!("{place}从中间断开了：{broken:?}"));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// 打开 print.html，按打印的样式排版。mdBook 的 print.html 一打开就调用 window.print()：
/// 无头浏览器里它会一直占着打印，先换成空函数。返回换掉它的脚本，用完交给 `remove_script`。
async fn open_print_page(client: &Client, base: &str) -> anyhow::Result<Value> {
    let no_print = client
        .issue_cmd(cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.print = () => {};" }),
        ))
        .await?;
    client.goto(&format!("{base}print.html")).await?;
    wait_until_loaded(client).await?;
    emulate_print(client, true).await?;
    Ok(no_print)
}

/// 按打印（`print`）还是屏幕的样式排版。
async fn emulate_print(client: &Client, on: bool) -> anyhow::Result<()> {
    let media = if on { "print" } else { "" };
    client
        .issue_cmd(cdp("Emulation.setEmulatedMedia", json!({ "media": media })))
        .await?;
    Ok(())
}

async fn remove_script(client: &Client, added: &Value) -> anyhow::Result<()> {
    let identifier = added["identifier"].clone();
    client
        .issue_cmd(cdp(
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": identifier }),
        ))
        .await?;
    Ok(())
}

/// 打印 print.html：按打印的样式，每个 `<details>`（练习的提示、参考答案）都展开着、内容看得见，
/// 一个按钮也没有；再由无头 Chromium 印成 A4 的 PDF（存到截图目录的 book.pdf），报告页数。
async fn print(client: &Client, base: &str, shots: &Path) -> anyhow::Result<()> {
    let no_print = open_print_page(client, base).await?;
    // 书里的 <details>（提示、参考答案）；本机运行时每个代码单元藏着的输出区里也有两个，不算。
    let read = "const details = Array.from(document.querySelectorAll('main details'))\
                    .filter(d => !d.closest('.nb-output'));\
                const shown = details.filter(d => d.open && Array.from(d.children)\
                    .filter(c => c.tagName !== 'SUMMARY' && !c.hidden && !c.matches('.nb-output'))\
                    .every(c => c.checkVisibility() && c.getClientRects().length > 0));\
                const answers = details.filter(d => d.querySelector('summary').textContent.includes('参考答案'));\
                const buttons = Array.from(document.querySelectorAll('main button, main .buttons, .nb-skip'))\
                    .filter(b => b.checkVisibility({visibilityProperty: true}) && b.getClientRects().length > 0)\
                    .map(b => b.outerHTML.slice(0, 80));\
                return [details.length, shown.length, answers.length, buttons];";
    let (details, shown, answers, buttons): (usize, usize, usize, Vec<String>) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    emulate_print(client, false).await?;
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .background(true)
        .build()
        .map_err(|e| anyhow::anyhow!("打印的设置不对：{e:?}"))?;
    let pdf = client.print(config).await?;
    remove_script(client, &no_print).await?;
    std::fs::write(shots.join("book.pdf"), &pdf)?;
    let pages = pdf_pages(&pdf);
    let path = shots.join("book.pdf");
    println!(
        "打印：print.html 印成 A4 的 PDF 共 {pages} 页（{path}），展开了 {shown}/{details} 个提示和参考答案",
        path = path.display()
    );
    ensure!(
        answers > 10 && details > answers,
        "print.html 里只有 {details} 个 <details>（{answers} 个参考答案）"
    );
    ensure!(
        shown == details,
        "打印时只展开了 {shown} / {details} 个提示和参考答案"
    );
    ensure!(buttons.is_empty(), "打印时印出了按钮：{buttons:?}");
    ensure!(pages > 100, "PDF 只有 {pages} 页");
    Ok(())
}

/// PDF 的页数：数页面对象（`/Type /Page`，不算 `/Type /Pages`）。
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(at, _)| {
            let rest = text[at + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

/// 图：1280 像素宽时，每张图（SVG）里最小的字按图在页面上缩放后至少 11 像素；
/// 390 像素宽时，比屏幕宽的图能在自己的框里横向滚动，下面有一行字说明。
async fn pictures(client: &Client, base: &str) -> anyhow::Result<()> {
    let measure = r#"
        const done = arguments[arguments.length - 1];
        Promise.all(Array.from(document.querySelectorAll('main img[src$=".svg"]'), async img => {
            const svg = await (await fetch(img.src)).text();
            const sizes = Array.from(svg.matchAll(/font-size(?:="|:\s*)([0-9.]+)/g), m => Number(m[1]));
            const open = svg.match(/<svg[^>]*>/)[0];
            const box = open.match(/viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+)/);
            const width = box ? Number(box[1]) : Number(open.match(/width="([0-9.]+)/)[1]);
            const scale = img.getBoundingClientRect().width / width;
            return [img.getAttribute('src'), sizes.length ? Math.min(...sizes) * scale : 99];
        })).then(done);
    "#;
    let mut problems = Vec::new();
    let mut seen = 0;
    for page in summary_pages()? {
        client.goto(&format!("{base}{page}")).await?;
        wait_until_loaded(client).await?;
        let images: Vec<(String, f64)> =
            serde_json::from_value(client.execute_async(measure, vec![]).await?)?;
        for (src, smallest) in images {
            seen += 1;
            if smallest < 11.0 - 0.01 {
                problems.push(format!(
                    "{page} 的 {src}：1280 像素宽时最小的字 {smallest:.1} 像素"
                ));
            }
        }
    }
    ensure!(seen >= 5, "只量到 {seen} 张图");

    client.set_window_size(390, 1000).await?;
    let page = page_containing(client, base, "ch04/bench.svg").await?;
    client.goto(&format!("{base}{page}")).await?;
    wait_until_loaded(client).await?;
    let read = "return Array.from(document.querySelectorAll('main a.nb-figure'), a => {\
                    const hint = a.nextElementSibling;\
                    return [a.scrollWidth > a.clientWidth + 1, getComputedStyle(a).overflowX,\
                            Boolean(hint && hint.classList.contains('nb-figure-hint') && !hint.hidden\
                                && hint.getClientRects().length > 0)];\
                });";
    let figures: Vec<(bool, String, bool)> =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    client.set_window_size(1280, 1000).await?;
    ensure!(!figures.is_empty(), "{page} 上没有图");
    for (index, (wide, overflow, hinted)) in figures.into_iter().enumerate() {
        if wide && (overflow != "auto" || !hinted) {
            problems.push(format!(
                "390 像素宽时 {page} 的第 {} 张图比屏幕宽，却不能滚动（{overflow}）或没有说明（{hinted}）",
                index + 1
            ));
        }
        if !wide {
            problems.push(format!(
                "390 像素宽时 {page} 的第 {} 张图没有比屏幕宽？",
                index + 1
            ));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// 截图：练习的代码单元运行之后、打开的搜索、术语表、图，1280 与 390 像素宽，浅色、藏青、煤黑。
async fn screenshots(client: &Client, base: &str, shots: &Path) -> anyhow::Result<()> {
    let exercise = page_containing(client, base, &format!("{EXERCISE}_check.rs")).await?;
    let glossary = "appendix-05-glossary.html";
    let chart = page_containing(client, base, "ch04/bench.svg").await?;
    for width in [1280, 390] {
        client.set_window_size(width, 1000).await?;
        for theme in SHOT_THEMES {
            let name = |what: &str| shots.join(format!("reader-{what}-{width}-{theme}.png"));
            open(client, &format!("{base}{exercise}")).await?;
            remember_theme(client, theme).await?;
            open(client, &format!("{base}{exercise}")).await?;
            client.execute(MARK_EXERCISE, vec![json!(EXERCISE)]).await?;
            let code =
                "fn main() {\n    println!(\"写到 stdout\");\n    eprintln!(\"写到 stderr\");\n}\n";
            edit_and_run(client, "#nb-exercise", code).await?;
            wait_for_run(client, "nb-exercise").await?;
            shoot_at(client, "#nb-exercise", &name("run")).await?;
            let reset = "document.querySelector('#nb-exercise .nb-reset-button').click()";
            client.execute(reset, vec![]).await?;

            client.execute("window.scrollTo(0, 0)", vec![]).await?;
            open_search(client, "信号量").await?;
            tokio::time::sleep(Duration::from_millis(400)).await;
            save_screenshot(client, &name("search")).await?;

            for (page, selector, what) in [
                (glossary, "main table", "table"),
                (chart.as_str(), "main img", "chart"),
            ] {
                client.goto(&format!("{base}{page}")).await?;
                wait_until_loaded(client).await?;
                shoot_at(client, selector, &name(what)).await?;
            }
        }
    }
    default_look(client).await
}

/// 放在网站子路径下的书：用 `site-url = /rust-book/` 另外构建一份，由一个只提供静态文件的
/// 服务器（像 GitHub Pages 那样，找不到的地址回 404.html）放在 `/rust-book/` 下。
pub(super) async fn hosted(client: &Client, target: &Path, shots: &Path) -> Vec<String> {
    match hosted_checks(client, target, shots).await {
        Ok(problems) => problems,
        Err(error) => vec![format!("子路径下的书：{error:#}")],
    }
}

async fn hosted_checks(
    client: &Client,
    target: &Path,
    shots: &Path,
) -> anyhow::Result<Vec<String>> {
    let dir = target.join("browser-book-subpath");
    // 建索引时 Pagefind 自己开一个 tokio 运行时：不能在这个测试的运行时里直接调用。
    let (book, warnings) =
        tokio::task::spawn_blocking(move || notebook::build_book_for_site(&dir, SUB_PATH))
            .await??;
    ensure!(warnings.is_empty(), "mdBook 警告：{warnings:?}");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let origin = format!("http://{}", listener.local_addr()?);
    let not_found = tower_http::services::ServeFile::new(book.join("404.html"));
    let files = tower_http::services::ServeDir::new(&book).not_found_service(not_found);
    let app = axum::Router::new().nest_service(SUB_PATH.trim_end_matches('/'), files);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let base = format!("{origin}{SUB_PATH}");

    let mut problems = Vec::new();
    let steps: [(&str, anyhow::Result<()>); 4] = [
        (
            "子路径下、离线",
            offline(client, &origin, &base, shots).await,
        ),
        (
            "子路径下的 404 页",
            not_found_page(client, &base, shots).await,
        ),
        (
            "子路径下、连得上 Playground",
            online(client, &origin, &base).await,
        ),
        ("从 file:// 打开", from_disk(client, &book).await),
    ];
    for (what, result) in steps {
        if let Err(error) = result {
            problems.push(format!("{what}：{error:#}"));
        }
    }
    server.abort();
    Ok(problems)
}

/// 请求里不在书的路径下的（本站的其他路径，或 Playground 以外的网站）。
fn outside(urls: &[String], origin: &str, base: &str) -> Vec<String> {
    urls.iter()
        .filter(|url| {
            !(url.starts_with(base)
                || (!url.starts_with(origin) && url.starts_with("https://play.rust-lang.org/"))
                || url.starts_with("data:")
                || url.starts_with("blob:"))
        })
        .cloned()
        .collect()
}

/// 没有本机服务器、连不上 Playground（在浏览器里挡住它，和机器有没有外网无关）：
/// 首页、有代码单元的一页、术语表和搜索都只请求 /rust-book/ 下的地址，控制台没有错误，
/// 代码单元上方说明 ▶ 为什么没有。
async fn offline(client: &Client, origin: &str, base: &str, shots: &Path) -> anyhow::Result<()> {
    client.issue_cmd(cdp("Network.enable", json!({}))).await?;
    client
        .issue_cmd(cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*play.rust-lang.org*"] }),
        ))
        .await?;
    drain_network_log(client).await?;
    browser_errors(client).await?;
    let result = async {
        let mut errors = Vec::new();
        for page in ["", "appendix-05-glossary.html", SPAWN_PAGE] {
            client.goto(&format!("{base}{page}")).await?;
            wait_until_loaded(client).await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            errors.extend(browser_errors(client).await?);
        }
        let note = wait_for_text(client, ".nb-mode-offline").await?;
        ensure!(
            note.contains("没有 ▶") && note.contains("cargo run"),
            "离线时代码单元上方的说明：{note}"
        );
        save_screenshot(client, &shots.join("subpath-offline.png")).await?;
        open_search(client, "mutex").await?;
        let card = wait_for_text(client, "#bingfa-search .bingfa-term a").await?;
        ensure!(!card.is_empty(), "子路径下搜索 mutex 没有术语表的那一条");
        errors.extend(browser_errors(client).await?);
        let outside = outside(&drain_network_log(client).await?, origin, base);
        ensure!(outside.is_empty(), "请求了书以外的地址：{outside:?}");
        ensure!(errors.is_empty(), "控制台里有错误：{errors:?}");
        Ok(())
    }
    .await;
    client
        .issue_cmd(cdp("Network.setBlockedURLs", json!({ "urls": [] })))
        .await?;
    result
}

/// 等到 `selector` 出现，返回它的文字。
async fn wait_for_text(client: &Client, selector: &str) -> anyhow::Result<String> {
    let element = wait_for_element(client, selector)
        .await
        .with_context(|| format!("没有出现 {selector}"))?;
    Ok(element.text().await?)
}

/// 找不到的地址：回的是书的 404 页，中文，样式和脚本都从 /rust-book/ 下取到了。
async fn not_found_page(client: &Client, base: &str, shots: &Path) -> anyhow::Result<()> {
    let missing = format!("{base}no/such/page.html");
    client.goto(&missing).await?;
    wait_until_loaded(client).await?;
    let read = "const h1 = document.querySelector('main h1');\
                return [h1 ? h1.textContent : '', getComputedStyle(document.querySelector('.menu-title')).fontSize,\
                        document.querySelectorAll('#mdbook-sidebar a').length,\
                        getComputedStyle(document.body).fontFamily];";
    let (title, menu_size, toc_links, font): (String, String, usize, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    save_screenshot(client, &shots.join("subpath-404.png")).await?;
    let errors: Vec<String> = browser_errors(client)
        .await?
        .into_iter()
        .filter(|e| !e.starts_with(&missing))
        .collect();
    ensure!(title.contains("找不到这一页"), "404 页的标题：{title:?}");
    ensure!(
        menu_size == "24px" && toc_links > 20 && font.contains("Open Sans"),
        "404 页没有样式：书名 {menu_size}，目录 {toc_links} 个链接，字体 {font}"
    );
    ensure!(errors.is_empty(), "404 页的控制台错误：{errors:?}");
    Ok(())
}

/// 连得上 Playground（在页面里装一个假的，记下发给它的请求）：▶ 出现，页面说明它发到哪里；
/// ✎ 改过的代码按 edition 2024 发出；控制台没有错误，请求只到书的路径和 Playground。
async fn online(client: &Client, origin: &str, base: &str) -> anyhow::Result<()> {
    let fake = r#"
        (() => {
            const real = window.fetch.bind(window);
            window.nbPlayground = [];
            window.fetch = (input, init) => {
                const url = String(input instanceof Request ? input.url : input);
                if (!url.startsWith('https://play.rust-lang.org/')) { return real(input, init); }
                window.nbPlayground.push({ url, body: init && init.body });
                const body = url.endsWith('/meta/crates')
                    ? { crates: [{ id: 'tokio' }] }
                    : { result: '假的 Playground 运行了', error: null };
                return Promise.resolve(new Response(JSON.stringify(body),
                    { headers: { 'Content-Type': 'application/json' } }));
            };
        })();
    "#;
    let added = client
        .issue_cmd(cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": fake }),
        ))
        .await?;
    drain_network_log(client).await?;
    browser_errors(client).await?;
    let result = async {
        let page = "ch03-02-tasks.html";
        client.goto(&format!("{base}{page}")).await?;
        wait_until_loaded(client).await?;
        let note = wait_for_text(client, ".nb-mode-playground").await?;
        ensure!(
            note.contains("Playground"),
            "连得上 Playground 时的说明：{note}"
        );
        let edit = "const pre = document.querySelector('pre.playground');\
                    pre.querySelector('.nb-edit-button').click();\
                    pre.nbEditor.setValue('async fn hello() {}\\nfn main() { let _ = hello(); }');\
                    pre.querySelector('.play-button').click();";
        client.execute(edit, vec![]).await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let sent = loop {
            let read = "return window.nbPlayground.filter(r => r.url.endsWith('/evaluate.json'))\
                        .map(r => JSON.parse(r.body).edition)";
            let editions: Vec<String> =
                serde_json::from_value(client.execute(read, vec![]).await?)?;
            if !editions.is_empty() {
                break editions;
            }
            ensure!(
                Instant::now() < deadline,
                "▶ 之后没有向 Playground 发出代码"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        restore_first_cell(client).await?;
        ensure!(
            sent == ["2024"],
            "改过的代码发给 Playground 时 edition 是 {sent:?}"
        );
        let errors = browser_errors(client).await?;
        ensure!(errors.is_empty(), "控制台里有错误：{errors:?}");
        let outside = outside(&drain_network_log(client).await?, origin, base);
        ensure!(outside.is_empty(), "请求了书以外的地址：{outside:?}");
        Ok(())
    }
    .await;
    remove_script(client, &added).await?;
    result
}

/// 从磁盘直接打开（file://）：按 S，搜索框的位置说明为什么不能搜索，而不是一直“正在搜索”。
async fn from_disk(client: &Client, book: &Path) -> anyhow::Result<()> {
    let page: PathBuf = book.join("ch00-preface.html");
    open_and_press_s(client, &format!("file://{}", page.display())).await?;
    let note = wait_for_text(client, "#bingfa-search .bingfa-search-note").await?;
    ensure!(
        note.contains("file://") && note.contains("cargo run"),
        "从磁盘打开时搜索的说明：{note}"
    );
    let errors = browser_errors(client).await?;
    if !errors.is_empty() {
        bail!("从磁盘打开时控制台里有错误：{errors:?}");
    }
    Ok(())
}
