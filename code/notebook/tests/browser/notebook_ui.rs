//! 代码单元在浏览器里的样子和用法（`tests/browser.rs` 的一部分）：
//!
//! - 「检查」：没动过的起始代码没通过，带着检查打印的提示；贴进参考答案后通过；
//! - 改过的代码重新载入后还在，标着“改过”；↺ 让代码单元与改之前一模一样（比较整段 HTML），
//!   改过的代码的输出收起来；
//! - 鼠标停在 ■ 上时 ■ 看得见；按钮不必悬停就看得见，不盖住第一行代码；
//! - 令牌不对时页面顶上只有一条“本机运行已断开”的横幅；
//! - 本机运行时，浏览器的网络日志里只有发往 127.0.0.1 的请求；
//! - stderr 与 stdout 颜色不同，被信号杀死的程序写明信号；
//! - mdBook 的界面是中文的，快捷键帮助里有本书的搜索键；
//! - 截图：1280 与 390 像素宽，浅色与深色（藏青）主题。
//!
//! 页面的名字会变（各章拆成小节的页面），所以按内容找页面：例如“引入了某个检查文件的那一页”。

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::{
    LIGHT_AND_NAVY, TOKEN, default_look, edit_and_run, remember_theme, save_screenshot, shoot_at,
    summary_pages, wait_for_printed, wait_until_loaded,
};

/// 练习 1.1：检查里有等待子进程的测试，提示写在 todo!() 里。
pub(super) const EXERCISE: &str = "ch01_e1_run_all";

/// 逐项检查，每项的问题各记一条。
pub(super) async fn check(client: &Client, base: &str, shots: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let page = match page_containing(client, base, &format!("{EXERCISE}_check.rs")).await {
        Ok(page) => page,
        Err(error) => return vec![format!("找不到练习 {EXERCISE} 所在的页面：{error:#}")],
    };
    let exercise_page = format!("{base}{page}");
    // 本机运行时的网络日志从这里开始记。
    drain_network_log(client).await.ok();
    let steps: [(&str, anyhow::Result<()>); 8] = [
        ("中文界面", chinese_interface(client, &exercise_page).await),
        ("「检查」", check_button(client, &exercise_page).await),
        (
            "起始代码的 todo!()",
            untouched_starter_says_todo(client, base, "ch02_e3_semaphore").await,
        ),
        ("↺ 还原", restore(client, base).await),
        ("■ 与按钮", stop_button(client, base, shots).await),
        ("stderr 与信号", stderr_and_signal(client, base).await),
        ("网络请求", only_local_requests(client).await),
        (
            "令牌作废",
            disconnected_banner(client, &exercise_page, shots).await,
        ),
    ];
    for (what, result) in steps {
        if let Err(error) = result {
            problems.push(format!("{what}：{error:#}"));
        }
    }
    if let Err(error) = screenshots(client, base, &exercise_page, shots).await {
        problems.push(format!("截图：{error:#}"));
    }
    problems
}

/// SUMMARY.md 列出的页面里，HTML 含有 `needle` 的第一页。
pub(super) async fn page_containing(
    client: &Client,
    base: &str,
    needle: &str,
) -> anyhow::Result<String> {
    client.goto(base).await?;
    wait_until_loaded(client).await?;
    let find = r#"
        const [pages, needle, done] = arguments;
        (async () => {
            for (const page of pages) {
                const html = await (await fetch(page)).text();
                if (html.includes(needle)) { return page; }
            }
            return null;
        })().then(done);
    "#;
    let found = client
        .execute_async(find, vec![json!(summary_pages()?), json!(needle)])
        .await?;
    found
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("没有一页含有 {needle}"))
}

pub(super) async fn open(client: &Client, url: &str) -> anyhow::Result<()> {
    client.goto(url).await?;
    wait_until_loaded(client).await?;
    // notebook.js 问过本机服务器之后才换上本机的 ▶。
    wait_for(
        client,
        "return document.querySelector('.nb-mode, .nb-banner') !== null",
    )
    .await
}

/// 等到代码单元 `#cell` 下面的这次运行结束：状态变成 ok 或 failed。
pub(super) async fn wait_for_run(client: &Client, cell: &str) -> anyhow::Result<()> {
    let status = format!("document.querySelector('#{cell} + .nb-output .nb-status')");
    wait_for(
        client,
        &format!("return /nb-status-(ok|failed)/.test({status}.className)"),
    )
    .await
}

/// 等到 `script` 返回 true。
pub(super) async fn wait_for(client: &Client, script: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(600);
    while client.execute(script, vec![]).await? != Value::Bool(true) {
        ensure!(Instant::now() < deadline, "600 秒内没有等到：{script}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// 练习的起始代码所在的代码单元，标上 id，以后用 `#nb-exercise` 找到它。
pub(super) const MARK_EXERCISE: &str = "const pre = Array.from(document.querySelectorAll('pre.playground'))\
     .find(p => p.textContent.includes(arguments[0] + '_check.rs'));\
     pre.id = 'nb-exercise'; pre.scrollIntoView({block: 'center'});";

/// 按「检查」，等它结束，返回状态和每项结果（名字、通过没有、提示）。
pub(super) async fn run_check(
    client: &Client,
    exercise: &str,
) -> anyhow::Result<(String, Vec<(String, bool, String)>)> {
    client.execute(MARK_EXERCISE, vec![json!(exercise)]).await?;
    let click = "document.querySelector('#nb-exercise .nb-check-button').click()";
    client.execute(click, vec![]).await?;
    let out = "document.querySelector('#nb-exercise + .nb-output')";
    wait_for_run(client, "nb-exercise").await?;
    let read = format!(
        "const out = {out}; return [out.querySelector('.nb-status').textContent,\
         Array.from(out.querySelectorAll('.nb-tests li'), li => [li.dataset.name,\
         li.classList.contains('nb-test-passed'), li.querySelector('.nb-test-hint')?.textContent || ''])];"
    );
    Ok(serde_json::from_value(
        client.execute(&read, vec![]).await?,
    )?)
}

/// 没动过的起始代码按「检查」：每项都没通过，提示是起始代码 `todo!()` 里的话，
/// 只字不提死锁、卡住（检查看的是有没有进展，`todo!()` 的 panic 原样传出来）。
async fn untouched_starter_says_todo(
    client: &Client,
    base: &str,
    exercise: &str,
) -> anyhow::Result<()> {
    let page = page_containing(client, base, &format!("{exercise}_check.rs")).await?;
    open(client, &format!("{base}{page}")).await?;
    let (status, tests) = run_check(client, exercise).await?;
    ensure!(
        status.contains("检查未通过"),
        "{exercise} 的起始代码：{status}"
    );
    ensure!(!tests.is_empty(), "没有显示逐项结果：{status}");
    for (name, passed, hint) in &tests {
        ensure!(!passed, "起始代码的 {name} 不该通过");
        ensure!(
            hint.starts_with("还没实现：")
                && !["死锁", "进展", "卡住"].iter().any(|w| hint.contains(w)),
            "{name} 的提示应当是 todo!() 里的话：{hint:?}"
        );
    }
    Ok(())
}

/// 「检查」：没动过的起始代码没通过（带提示）；贴进参考答案后通过；改过的代码重新载入后还在。
async fn check_button(client: &Client, page: &str) -> anyhow::Result<()> {
    open(client, page).await?;
    let (status, tests) = run_check(client, EXERCISE).await?;
    ensure!(status.contains("检查未通过"), "起始代码的检查：{status}");
    ensure!(!tests.is_empty(), "没有显示逐项结果：{status}");
    for (name, passed, hint) in &tests {
        ensure!(!passed, "起始代码的 {name} 不该通过");
        ensure!(
            hint.starts_with("还没实现："),
            "{name} 没有带上提示：{hint:?}"
        );
    }

    let solution = std::fs::read_to_string(
        notebook::repo_root().join(format!("code/examples/{EXERCISE}.rs")),
    )?;
    let paste = "const pre = document.querySelector('#nb-exercise');\
                 pre.querySelector('.nb-edit-button').click();\
                 pre.nbEditor.setValue(arguments[0]); pre.nbEditor.clearSelection();";
    client.execute(paste, vec![json!(solution)]).await?;
    let (status, tests) = run_check(client, EXERCISE).await?;
    ensure!(status.contains("检查通过"), "参考答案的检查：{status}");
    ensure!(
        !tests.is_empty() && tests.iter().all(|(_, passed, _)| *passed),
        "参考答案应全部通过：{tests:?}"
    );

    // 重新载入：改过的代码还在编辑器里，上方写着改过了。
    open(client, page).await?;
    client.execute(MARK_EXERCISE, vec![json!(EXERCISE)]).await?;
    let read = "const pre = document.querySelector('#nb-exercise');\
                return [pre.nbEditor ? pre.nbEditor.getValue() : '',\
                        pre.previousElementSibling.className];";
    let (code, note): (String, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    ensure!(code == solution, "重新载入后改过的代码没有了");
    ensure!(note == "nb-edited-note", "改过的代码单元上方没有写明改过");
    // 还原，免得影响后面的截图。
    let reset = "document.querySelector('#nb-exercise .nb-reset-button').click()";
    client.execute(reset, vec![]).await?;
    Ok(())
}

/// 找一个折起了几行、上方写着运行命令的代码单元，标上 id `nb-folded`。
const MARK_FOLDED: &str = "const pre = Array.from(document.querySelectorAll('pre.playground'))\
     .find(p => p.querySelector('.nb-eye-button') && p.previousElementSibling?.classList\
     .contains('nb-command') && p.querySelector('.nb-play-button'));\
     if (!pre) { return false; } pre.id = 'nb-folded'; pre.scrollIntoView({block: 'center'});\
     return true;";

async fn open_folded(client: &Client, base: &str) -> anyhow::Result<()> {
    let page = page_containing(client, base, "cargo run --example ch01_02_command").await?;
    open(client, &format!("{base}{page}")).await?;
    ensure!(
        client.execute(MARK_FOLDED, vec![]).await? == Value::Bool(true),
        "{page} 上没有折起几行、带运行命令的代码单元"
    );
    Ok(())
}

/// ↺：编辑、运行之后还原，代码单元（连同上方的运行命令）与改之前的 HTML 一模一样，
/// 改过的代码的输出收起来，存着的改动删掉。
async fn restore(client: &Client, base: &str) -> anyhow::Result<()> {
    open_folded(client, base).await?;
    let snapshot = "const pre = document.querySelector('#nb-folded');\
                    return pre.previousElementSibling.outerHTML + pre.outerHTML;";
    let before = client.execute(snapshot, vec![]).await?;
    let code = "fn main() { println!(\"改过的代码在运行\"); }";
    edit_and_run(client, "#nb-folded", code).await?;
    wait_for_printed(client, "#nb-folded", "改过的代码在运行").await?;
    wait_for(
        client,
        "return !document.querySelector('#nb-folded .nb-play-button').classList.contains('nb-stop')",
    )
    .await?;
    let reset = "document.querySelector('#nb-folded .nb-reset-button').click()";
    client.execute(reset, vec![]).await?;
    let after = client.execute(snapshot, vec![]).await?;
    ensure!(
        before == after,
        "↺ 之后与改之前不同：\n之前 {before}\n之后 {after}"
    );
    let leftovers = "return [document.querySelector('#nb-folded + .nb-output').hidden,\
                     Object.keys(localStorage).filter(k => k.startsWith('bingfa-edit:')).length];";
    let (hidden, saved): (bool, usize) =
        serde_json::from_value(client.execute(leftovers, vec![]).await?)?;
    ensure!(hidden, "↺ 之后改过的代码的输出还在");
    ensure!(saved == 0, "↺ 之后 localStorage 里还存着 {saved} 份改动");
    Ok(())
}

/// ■：运行中把鼠标移到 ■ 上，方块的颜色与按钮的背景不同（看得见）；按钮不悬停也看得见，
/// 也不盖住第一行代码。
async fn stop_button(client: &Client, base: &str, shots: &Path) -> anyhow::Result<()> {
    open_folded(client, base).await?;
    let layout = "const pre = document.querySelector('#nb-folded');\
                  const buttons = pre.querySelector('.buttons').getBoundingClientRect();\
                  const code = pre.querySelector('code').getBoundingClientRect();\
                  return [getComputedStyle(pre.querySelector('.buttons')).visibility,\
                          buttons.bottom <= code.top + 1];";
    let (visibility, above): (String, bool) =
        serde_json::from_value(client.execute(layout, vec![]).await?)?;
    ensure!(visibility == "visible", "不悬停时按钮是 {visibility}");
    ensure!(above, "按钮盖住了第一行代码");
    let forever = "fn main() { loop { println!(\"还在运行\"); \
                   std::thread::sleep(std::time::Duration::from_millis(200)); } }";
    edit_and_run(client, "#nb-folded", forever).await?;
    wait_for_printed(client, "#nb-folded", "还在运行").await?;
    let stop = client
        .find(Locator::Css("#nb-folded .nb-play-button.nb-stop"))
        .await?;
    let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: stop.clone(),
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    client.perform_actions(hover).await?;
    std::fs::write(
        shots.join("stop-under-pointer.png"),
        stop.screenshot().await?,
    )?;
    let colors = "const button = document.querySelector('#nb-folded .nb-play-button');\
                  const rect = button.querySelector('rect');\
                  return [button.matches(':hover'), getComputedStyle(rect).fill,\
                          getComputedStyle(button).backgroundColor,\
                          rect.getBoundingClientRect().width];";
    let (hovered, fill, background, width): (bool, String, String, f64) =
        serde_json::from_value(client.execute(colors, vec![]).await?)?;
    ensure!(hovered, "鼠标没有停在 ■ 上");
    ensure!(
        fill != background && width >= 6.0,
        "鼠标停在 ■ 上时看不见方块：填充 {fill}，背景 {background}，宽 {width}"
    );
    stop.click().await?;
    wait_for(
        client,
        "return document.querySelector('#nb-folded + .nb-output .nb-status').textContent.includes('已停止')",
    )
    .await?;
    let reset = "document.querySelector('#nb-folded .nb-reset-button').click()";
    client.execute(reset, vec![]).await?;
    Ok(())
}

/// stderr 另一种颜色；abort 的程序写明“被信号 6（SIGABRT）终止”。
async fn stderr_and_signal(client: &Client, base: &str) -> anyhow::Result<()> {
    open_folded(client, base).await?;
    let code = "fn main() { println!(\"写到 stdout\"); \
                eprintln!(\"写到 stderr\"); std::process::abort(); }";
    edit_and_run(client, "#nb-folded", code).await?;
    wait_for_run(client, "nb-folded").await?;
    let read = "const out = document.querySelector('#nb-folded + .nb-output');\
                const err = out.querySelector('.nb-stderr');\
                return [out.querySelector('.nb-status').textContent, err ? err.textContent : '',\
                        err ? getComputedStyle(err).color : '',\
                        getComputedStyle(out.querySelector('.nb-log')).color];";
    let (status, stderr, stderr_color, stdout_color): (String, String, String, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    ensure!(stderr == "写到 stderr\n", "stderr 没有单独显示：{stderr:?}");
    ensure!(
        stderr_color != stdout_color,
        "stderr 与 stdout 同一种颜色 {stdout_color}"
    );
    ensure!(
        status.contains("被信号 6（SIGABRT）终止"),
        "abort 之后的状态：{status}"
    );
    let reset = "document.querySelector('#nb-folded .nb-reset-button').click()";
    client.execute(reset, vec![]).await?;
    Ok(())
}

/// mdBook 的界面：按钮提示、配色名、快捷键帮助都是中文，帮助里有本书的搜索键。
async fn chinese_interface(client: &Client, page: &str) -> anyhow::Result<()> {
    open(client, page).await?;
    let read = "const texts = [];\
                document.querySelectorAll('[title], [aria-label]').forEach(e => {\
                    texts.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || ''); });\
                document.querySelectorAll('#mdbook-theme-list button').forEach(b => texts.push(b.textContent));\
                return [texts.filter(t => /^[A-Za-z][A-Za-z .!]*$/.test(t) && t !== 'Rust'),\
                        document.getElementById('mdbook-help-popup').innerText];";
    let (english, help): (Vec<String>, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    ensure!(english.is_empty(), "界面上还有英文：{english:?}");
    ensure!(
        help.contains("键盘快捷键") && help.contains("搜索") && help.contains('/'),
        "快捷键帮助：{help}"
    );
    Ok(())
}

/// 令牌作废（服务器重启过）：页面顶上一条横幅，别处没有关于令牌的话。
async fn disconnected_banner(client: &Client, page: &str, shots: &Path) -> anyhow::Result<()> {
    open(client, &format!("{page}?token=deadbeef")).await?;
    let read = "const banners = document.querySelectorAll('.nb-banner');\
                return [banners.length, banners[0]?.textContent || '',\
                        document.querySelector('main').firstElementChild === banners[0],\
                        Array.from(document.querySelectorAll('.nb-mode'), n => n.textContent).join('')];";
    let (count, text, on_top, notes): (usize, String, bool, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    save_screenshot(client, &shots.join("disconnected.png")).await?;
    // 恢复正确的令牌，后面的检查照常运行。
    open(client, &format!("{page}?token={TOKEN}")).await?;
    ensure!(count == 1, "应有一条横幅，有 {count} 条");
    ensure!(
        text == "本机运行已断开：请用终端里新打印的地址重新打开本书",
        "横幅：{text}"
    );
    ensure!(on_top, "横幅不在页面顶上");
    ensure!(
        !notes.contains("令牌"),
        "代码单元上方的说明里还提令牌：{notes}"
    );
    Ok(())
}

pub(super) async fn drain_network_log(client: &Client) -> anyhow::Result<Vec<String>> {
    let entries = client.issue_cmd(super::chrome_log("performance")).await?;
    let mut urls = Vec::new();
    for entry in entries.as_array().cloned().unwrap_or_default() {
        let message: Value = serde_json::from_str(entry["message"].as_str().unwrap_or("{}"))?;
        if message["message"]["method"] == "Network.requestWillBeSent" {
            let url = &message["message"]["params"]["request"]["url"];
            urls.extend(url.as_str().map(str::to_owned));
        }
    }
    Ok(urls)
}

/// 上面这些检查都在本机运行的页面上（打开页面、▶、「检查」、✎）：网络日志里的请求只发往 127.0.0.1。
async fn only_local_requests(client: &Client) -> anyhow::Result<()> {
    let urls = drain_network_log(client).await?;
    ensure!(urls.len() > 20, "网络日志里只有 {} 个请求", urls.len());
    let abroad: Vec<&String> = urls
        .iter()
        .filter(|url| {
            !(url.starts_with("http://127.0.0.1:")
                || url.starts_with("data:")
                || url.starts_with("blob:"))
        })
        .collect();
    if !abroad.is_empty() {
        bail!("本机运行时页面请求了别的网站：{abroad:?}");
    }
    Ok(())
}

/// 练习所在页面的截图：1280 与 390 像素宽，浅色与藏青主题；每种一张代码单元的顶部（按钮），
/// 一张「检查」的结果。1280 像素宽时另截只读的代码和 ✎ 的编辑器（光标在一行中文的末尾），
/// 390 像素宽时另截一张带图表的页面。
async fn screenshots(client: &Client, base: &str, page: &str, shots: &Path) -> anyhow::Result<()> {
    let chart = page_containing(client, base, "<img").await?;
    for (theme, width) in LIGHT_AND_NAVY {
        client.set_window_size(width, 1000).await?;
        open(client, page).await?;
        remember_theme(client, theme).await?;
        open(client, page).await?;
        let name = |what: &str| shots.join(format!("{what}-{width}-{theme}.png"));
        client.execute(MARK_EXERCISE, vec![json!(EXERCISE)]).await?;
        shoot_at(client, "#nb-exercise", &name("cell")).await?;
        if width == 1280 {
            let pre = client.find(Locator::Css("#nb-exercise")).await?;
            std::fs::write(name("readonly"), pre.screenshot().await?)?;
            let edit = "const pre = document.querySelector('#nb-exercise');\
                        pre.querySelector('.nb-edit-button').click();\
                        pre.nbEditor.gotoLine(3, Infinity); pre.nbEditor.focus();";
            client.execute(edit, vec![]).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            std::fs::write(name("editor"), pre.screenshot().await?)?;
            let reset = "document.querySelector('#nb-exercise .nb-reset-button').click()";
            client.execute(reset, vec![]).await?;
        }
        run_check(client, EXERCISE).await?;
        shoot_at(client, "#nb-exercise + .nb-output", &name("check")).await?;
        if width == 390 {
            client.goto(&format!("{base}{chart}")).await?;
            wait_until_loaded(client).await?;
            shoot_at(client, "main img", &name("chart")).await?;
        }
    }
    default_look(client).await
}
