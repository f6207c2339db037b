//! ▶ 运行书中的 Python 程序，以及每次运行下面每个线程的泳道（`tests/browser.rs` 的一部分，issue 30）：
//!
//! - 多线程的 Rust 代码单元（没有 GIL 的素数计数）：至少两条泳道，每条都写着线程名，
//!   画出了在 CPU 上运行的柱子；整次运行只有一个 SVG，输出区的元素不多；
//! - Python 程序的 ▶：GIL 的素数计数显示输出，状态里没有“编译”，泳道是 python 的线程，
//!   图例说等待里有 GIL；子进程出错的程序，stderr 另外显示，父子进程各是一组泳道；
//!   这台机器没有 python3 时，状态写明找不到它；
//! - 五种配色下，泳道的三种颜色在页面底色上至少 3:1，名字、图例、时间轴至少 4.5:1；
//! - 390 像素宽时泳道在自己的框里左右滚动，输出区不比屏幕宽；截图：1280 与 390 像素宽，
//!   浅色与藏青；
//! - 不是由 cargo run 提供的书页（从磁盘打开）：Python 程序没有 ▶，上方一句话说明原因。

use std::path::Path;

use anyhow::ensure;
use fantoccini::Client;
use serde::Deserialize;
use serde_json::json;

use super::notebook_ui::{open, page_containing, wait_for, wait_for_run};
use super::{LIGHT_AND_NAVY, default_look, measure_contrast, remember_theme, shoot_at};

/// 逐项检查，每项的问题各记一条。
pub(super) async fn check(client: &Client, base: &str, target: &Path, shots: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if cfg!(target_os = "linux")
        && let Err(error) = rust_lanes(client, base, shots).await
    {
        problems.push(format!("多线程代码单元的泳道：{error:#}"));
    }
    if let Err(error) = python_runs(client, base).await {
        problems.push(format!("Python 程序的 ▶：{error:#}"));
    }
    if let Err(error) = static_page(client, target).await {
        problems.push(format!("从磁盘打开的书页上的 Python 程序：{error:#}"));
    }
    default_look(client).await.ok();
    problems
}

/// 一次运行结束后，输出区里与泳道有关的东西。
#[derive(Debug, Deserialize)]
struct Run {
    status: String,
    log: String,
    stderr: String,
    /// 每条泳道：线程名（data-name）、显示的文字、进程号。
    labels: Vec<(String, String, String)>,
    lanes_hidden: bool,
    svgs: usize,
    /// 画出的“在 CPU 上运行”的柱子有几根。
    run_bars: usize,
    legend: String,
    /// 资源条和泳道一共有几个元素。
    nodes: usize,
    build_shown: bool,
}

/// 给 `selector` 里含有 `name` 的代码框标上 id `nb-lanes-under-test`，按 ▶，等它结束，读输出区。
async fn run_cell(client: &Client, selector: &str, name: &str) -> anyhow::Result<Run> {
    let click = "const [selector, name] = arguments;\
                 document.getElementById('nb-lanes-under-test')?.removeAttribute('id');\
                 const pre = Array.from(document.querySelectorAll(selector))\
                     .find(p => p.textContent.includes(name));\
                 if (!pre) { return false; }\
                 pre.id = 'nb-lanes-under-test';\
                 pre.querySelector('.nb-play-button').click(); return true;";
    let found = client
        .execute(click, vec![json!(selector), json!(name)])
        .await?;
    ensure!(found == json!(true), "页面上没有 {name}（{selector}）");
    wait_for_run(client, "nb-lanes-under-test").await?;
    let read = "const out = document.querySelector('#nb-lanes-under-test + .nb-output');\
                const lanes = out.querySelector('.nb-lanes');\
                const bars = lanes.querySelector('path.nb-lane-run')?.getAttribute('d') || '';\
                return JSON.stringify({\
                  status: out.querySelector('.nb-status').textContent,\
                  log: out.querySelector('.nb-log').textContent,\
                  stderr: Array.from(out.querySelectorAll('.nb-stderr'), s => s.textContent).join(''),\
                  labels: Array.from(lanes.querySelectorAll('.nb-lane-label'),\
                      l => [l.dataset.name || '', l.textContent, l.dataset.pid || '']),\
                  lanes_hidden: lanes.hidden,\
                  svgs: lanes.querySelectorAll('svg').length,\
                  run_bars: (bars.match(/Z/g) || []).length,\
                  legend: lanes.querySelector('.nb-lanes-legend')?.textContent || '',\
                  nodes: out.querySelector('.nb-usage').querySelectorAll('*').length,\
                  build_shown: !out.querySelector('.nb-build').hidden,\
                });";
    let json = client.execute(read, vec![]).await?;
    Ok(serde_json::from_str(json.as_str().unwrap_or("{}"))?)
}

/// 每条泳道都有名字：data-name 不空，显示的文字里有它。
fn every_lane_named(run: &Run) -> anyhow::Result<()> {
    for (name, text, _) in &run.labels {
        ensure!(
            !name.is_empty() && text.contains(name.as_str()),
            "泳道的名字是 {name:?}，显示的是 {text:?}"
        );
    }
    Ok(())
}

/// 没有 GIL 的素数计数：至少两条有名字的泳道、画出了运行的柱子；五种配色下的对比度；
/// 两种宽度、两种配色的截图；窄屏上泳道在自己的框里左右滚动。
async fn rust_lanes(client: &Client, base: &str, shots: &Path) -> anyhow::Result<()> {
    let page = page_containing(client, base, "ch02_05_no_gil").await?;
    open(client, &format!("{base}{page}")).await?;
    let run = run_cell(client, "pre.playground", "ch02_05_no_gil").await?;
    ensure!(
        run.status.contains("退出码 0"),
        "没有正常结束：{}",
        run.status
    );
    ensure!(!run.lanes_hidden, "有采样，泳道却是隐藏的：{run:?}");
    ensure!(
        run.labels.len() >= 2,
        "多线程的代码单元只画了 {} 条泳道：{:?}",
        run.labels.len(),
        run.labels
    );
    every_lane_named(&run)?;
    // 机器再忙，计算线程也总有在 CPU 上运行的时候。
    ensure!(run.run_bars > 0, "没有画出任何“在 CPU 上运行”的柱子");
    ensure!(run.svgs == 1, "泳道应当画在一个 SVG 里，有 {} 个", run.svgs);
    ensure!(
        run.nodes < 300,
        "资源条和泳道有 {} 个元素，太多了（每个采样不该各占元素）",
        run.nodes
    );

    contrast(client).await?;

    // 截图：每种宽度、配色都重新打开页面再运行一次（像读者那样在这个宽度下打开书页：
    // 窄屏上目录是收起来的）。
    for (theme, width) in LIGHT_AND_NAVY {
        client.set_window_size(width, 1000).await?;
        remember_theme(client, theme).await?;
        open(client, &format!("{base}{page}")).await?;
        let run = run_cell(client, "pre.playground", "ch02_05_no_gil").await?;
        ensure!(
            !run.lanes_hidden && run.labels.len() >= 2,
            "{width} 像素宽、{theme} 配色下没有画出泳道：{run:?}"
        );
        let shot = shots.join(format!("lanes-{width}-{theme}.png"));
        shoot_at(client, "#nb-lanes-under-test + .nb-output .nb-usage", &shot).await?;
        if width == 390 {
            let fit = "const out = document.querySelector('#nb-lanes-under-test + .nb-output');\
                       const box = out.querySelector('.nb-lanes-scroll');\
                       return [box.scrollWidth > box.clientWidth,\
                               out.getBoundingClientRect().right <= window.innerWidth + 1];";
            let (scrolls, fits): (bool, bool) =
                serde_json::from_value(client.execute(fit, vec![]).await?)?;
            ensure!(scrolls, "390 像素宽时泳道没有在自己的框里左右滚动");
            ensure!(fits, "390 像素宽时输出区比屏幕宽");
        }
    }
    Ok(())
}

/// 五种配色下量泳道的颜色和文字（contrast.js 的 nbContrast：连同祖先的底色一起算）。
async fn contrast(client: &Client) -> anyhow::Result<()> {
    let measure = "const lanes = document.querySelector('#nb-lanes-under-test + .nb-output .nb-lanes');\
                   const out = [];\
                   const one = (name, selector, min, property) => {\
                     const el = lanes.querySelector(selector);\
                     if (el) { out.push([name, window.nbContrast(el, null, property), min]); }\
                     else { out.push([name + '（没有找到）', 0, min]); }\
                   };\
                   one('“在 CPU 上运行”的柱子', 'path.nb-lane-run', 3, 'fill');\
                   one('“能运行、在等核心”的柱子', 'path.nb-lane-ready', 3, 'fill');\
                   one('“在等待”的细线', 'path.nb-lane-wait', 3, 'stroke');\
                   one('泳道的名字', '.nb-lane-label', 4.5);\
                   one('泳道的图例', '.nb-lanes-legend', 4.5);\
                   one('时间轴', '.nb-lanes-axis span', 4.5);\
                   return out;";
    let mut problems = Vec::new();
    measure_contrast(client, measure, &mut Vec::new(), &mut problems).await?;
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// Python 程序的 ▶：GIL 的素数计数（输出、没有“编译”、python 线程的泳道）；子进程出错的
/// 程序（stderr 另外显示，父子进程各一组）。没有 python3 的机器上，状态写明找不到它。
async fn python_runs(client: &Client, base: &str) -> anyhow::Result<()> {
    let page = page_containing(client, base, "ch02_02_gil_primes.py").await?;
    open(client, &format!("{base}{page}")).await?;
    let run = run_cell(client, "pre.nb-python", "ch02_02_gil_primes").await?;
    if notebook::outputs::python3().is_none() {
        ensure!(
            run.status.contains("找不到") && run.status.contains("python3"),
            "没有 python3 时的状态：{}",
            run.status
        );
        return Ok(());
    }
    ensure!(
        run.status.contains("退出码 0"),
        "没有正常结束：{}",
        run.status
    );
    ensure!(
        run.log.contains("以内有 25997 个素数"),
        "输出里没有素数的个数：{:?}",
        run.log
    );
    ensure!(
        !run.status.contains("编译") && !run.build_shown,
        "Python 程序不编译：{run:?}"
    );
    if cfg!(target_os = "linux") {
        let python = run
            .labels
            .iter()
            .filter(|(name, _, _)| name.starts_with("python"))
            .count();
        ensure!(
            python >= 2,
            "Python 的主线程和计算线程应当各有一条泳道：{:?}",
            run.labels
        );
        every_lane_named(&run)?;
        ensure!(run.legend.contains("GIL"), "Python 的图例：{}", run.legend);
    }

    let page = page_containing(client, base, "ch01_03_error_in_child.py").await?;
    open(client, &format!("{base}{page}")).await?;
    let run = run_cell(client, "pre.nb-python", "ch01_03_error_in_child").await?;
    ensure!(
        run.stderr.contains("TypeError"),
        "子进程的回溯应当单独显示为 stderr：{run:?}"
    );
    ensure!(
        run.log.contains("exitcode = 1") && !run.stderr.contains("exitcode"),
        "父进程的 stdout：{:?}",
        run.log
    );
    if cfg!(target_os = "linux") {
        let mut processes: Vec<&str> = run
            .labels
            .iter()
            .filter(|(name, _, _)| name.starts_with("python"))
            .map(|(_, _, pid)| pid.as_str())
            .collect();
        processes.dedup();
        ensure!(
            processes.len() >= 2,
            "父进程和子进程应当各是一组泳道：{:?}",
            run.labels
        );
    }
    Ok(())
}

/// 从磁盘打开的书页（不是 cargo run 提供的）：Python 程序上有 ✎、没有 ▶，上方一句话说明原因。
async fn static_page(client: &Client, target: &Path) -> anyhow::Result<()> {
    let page = target.join("browser-book/ch01-01-spawn.html");
    client.goto(&format!("file://{}", page.display())).await?;
    wait_for(
        client,
        "return document.querySelector('.nb-mode-python') !== null",
    )
    .await?;
    let read = "const pres = document.querySelectorAll('pre.nb-python');\
                return [pres.length,\
                        Array.from(pres).filter(p => p.querySelector('.nb-play-button')).length,\
                        Array.from(pres).filter(p => p.querySelector('.nb-edit-button')).length,\
                        document.querySelector('.nb-mode-python').textContent];";
    let (pythons, plays, edits, note): (usize, usize, usize, String) =
        serde_json::from_value(client.execute(read, vec![]).await?)?;
    ensure!(pythons > 0, "本页的 Python 程序没有被认出来");
    ensure!(plays == 0, "{plays} 个 Python 程序上有 ▶");
    ensure!(
        edits == pythons,
        "只有 {edits}/{pythons} 个 Python 程序上有 ✎"
    );
    ensure!(
        note.contains("Playground") && note.contains("cargo run"),
        "说明：{note}"
    );
    Ok(())
}
