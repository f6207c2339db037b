//! `cargo run` 在仓库根目录运行的就是这个程序：
//!
//! ```text
//! cargo run                     构建本书并在 http://127.0.0.1:3000 提供，书页上的 ▶ 在本机运行代码
//! cargo run -- serve --port N   同上，换一个端口（时间、内存等上限的选项见 serve --help）
//! cargo run -- build            只构建到 target/book
//! cargo run -- outputs [名字…]  重新运行示例，改写 code/outputs/ 里书中展示的输出
//! cargo run -- starters         由练习的参考答案重新生成起始代码（code/exercises/）
//! cargo run -- renumber         按阅读顺序给代码单元重新编号（移动了小节之后）
//! ```
//!
//! 后三个命令最后都重写书页认代码单元用的 `code/notebook/assets/cells.js`。
//! 全部选项：`cargo run -- --help`（命令行定义在 cli.rs）。

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use notebook::outputs;
use notebook::server::{Notebook, RunnerConfig};

mod cli;

use cli::{ServeOptions, Task};

fn main() -> ExitCode {
    let cli = match cli::parse(std::env::args().skip(1)) {
        Ok(cli) => cli,
        Err((text, code)) => {
            if code == 0 {
                println!("{text}");
            } else {
                eprintln!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    let result = match cli.task {
        None => build().and_then(|dir| serve(&dir, &cli::default_serve())),
        Some(Task::Serve(options)) => build().and_then(|dir| serve(&dir, &options)),
        Some(Task::Build) => build().map(drop),
        Some(Task::Outputs { names }) => regenerate_outputs(&names).and_then(|()| page_cells()),
        Some(Task::Starters) => regenerate_starters().and_then(|()| page_cells()),
        Some(Task::Renumber) => renumber().and_then(|()| page_cells()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("错误：{error:#}");
            ExitCode::FAILURE
        }
    }
}

/// 代码单元有了增减、改了名字之后，书页上的脚本认代码单元用的表也跟着改
/// （`notebook::cells::PAGE_CELLS`）。
fn page_cells() -> anyhow::Result<()> {
    if notebook::cells::write_page_cells()? {
        println!("已写入 {}", notebook::cells::PAGE_CELLS);
    }
    Ok(())
}

/// 按阅读顺序重新编号，列出改了哪些名字。
fn renumber() -> anyhow::Result<()> {
    let root = notebook::repo_root();
    let renames = notebook::renumber::plan(&root)?;
    if renames.is_empty() {
        println!("编号已经与阅读顺序一致，没有要改的");
        return Ok(());
    }
    notebook::renumber::apply(&root, &renames)?;
    for (old, new) in &renames {
        println!("{old} → {new}");
    }
    println!(
        "改了 {} 个名字；书中输出的文件跟着改了名，不必重新生成",
        renames.len()
    );
    Ok(())
}

fn build() -> anyhow::Result<std::path::PathBuf> {
    let (dir, warnings) = notebook::build_book(None)?;
    for warning in &warnings {
        eprintln!("{warning}");
    }
    if !warnings.is_empty() {
        bail!("mdBook 报告了 {} 条警告或错误", warnings.len());
    }
    println!("已构建：{}", dir.join("index.html").display());
    Ok(dir)
}

fn serve(dir: &std::path::Path, options: &ServeOptions) -> anyhow::Result<()> {
    // 草稿包与本程序共用 target/，已编译的依赖直接复用。
    let target_dir = target_dir()?;
    let mut config = RunnerConfig::new(&notebook::repo_root(), &target_dir);
    // 每个端口一套草稿包：同时开着两个服务器时，不会互相改写对方正在编译、运行的程序。
    let port = options.port;
    config.scratch = target_dir.join("notebook-cells").join(port.to_string());
    config.prefix = format!("cell-{port}");
    config.time_limit = options.time_limit();
    config.max_runs = options.max_runs;
    config.memory_limit = options.memory_limit_bytes();
    config.task_limit = options.process_limit;
    let notebook = Notebook::new(config);

    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let (listener, addr) = notebook::server::bind(options.port).await?;
        println!(
            "在浏览器中打开下面的地址阅读本书（Ctrl-C 退出）：\n\n    {}\n\n\
             地址里的 token 是这次启动随机生成的令牌：书页上的 ▶ 凭它在本机编译、运行代码。\n\
             不要把这个地址发给别人。",
            notebook.url(addr)
        );
        // 在后台为 ▶ 下载、编译依赖（tokio、rand……），读者打开页面时多半已经好了。
        let runner = std::sync::Arc::clone(notebook.runner());
        tokio::spawn(async move { runner.warm_up().await });
        let shutdown = async {
            // 收不到 Ctrl-C 信号时就一直运行下去。
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            println!("\n已停止。");
        };
        notebook::server::serve(listener, dir, notebook, shutdown).await
    })
}

/// 编译全部示例、逐个运行，把输出写进 `code/outputs/NAME.txt`。第一行写着
/// `cargo run --release` 的示例用 release 构建运行，其余用调试构建，与读者照着运行时一致。
/// 一个接一个地跑，免得互相抢 CPU、影响示例自己测量的耗时。
fn regenerate_outputs(names: &[String]) -> anyhow::Result<()> {
    let cells = notebook::cells::cells()?;
    let programs = notebook::cells::python_cells()?;
    for name in names {
        if !cells.iter().any(|cell| &cell.name == name)
            && !programs.iter().any(|program| &program.name == name)
        {
            bail!("没有名为 `{name}` 的示例（见 code/examples/）或 Python 程序（见 code/python/）");
        }
    }
    let chosen: Vec<_> = cells
        .iter()
        .filter(|c| names.is_empty() || names.contains(&c.name))
        .collect();
    // 示例在 target/debug/examples 或 target/release/examples。
    let target = target_dir()?;
    for release in [false, true] {
        if chosen.iter().any(|c| c.release == release) {
            build_examples(release)?;
        }
    }
    for cell in chosen {
        let profile = if cell.release { "release" } else { "debug" };
        let binary = target.join(profile).join("examples").join(format!(
            "{}{}",
            cell.name,
            std::env::consts::EXE_SUFFIX
        ));
        // 书里展示的是读者自己运行时看到的样子：真实的时间，不缩放。
        let text = outputs::run(&binary)?;
        std::fs::write(&cell.output, text)?;
        println!("已写入 code/outputs/{}.txt（{profile}）", cell.name);
    }

    let chosen: Vec<_> = programs
        .iter()
        .filter(|p| names.is_empty() || names.contains(&p.name))
        .collect();
    if chosen.is_empty() {
        return Ok(());
    }
    if outputs::python3().is_none() {
        bail!("找不到 python3：Python 程序的输出（code/outputs/python/）没有重新生成");
    }
    for program in chosen {
        let text = outputs::run_python(program)?;
        if let Some(dir) = program.output.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&program.output, text)?;
        println!("已写入 code/outputs/python/{}.txt", program.name);
    }
    Ok(())
}

/// 由每道练习的参考答案重新生成起始代码（见 `notebook::starters`）。
fn regenerate_starters() -> anyhow::Result<()> {
    for (solution, starter) in notebook::starters::exercises()? {
        let name = solution.file_stem().unwrap_or_default().to_string_lossy();
        let source = std::fs::read_to_string(&solution)
            .with_context(|| format!("读不到 {}", solution.display()))?;
        std::fs::write(&starter, notebook::starters::starter(&name, &source)?)
            .with_context(|| format!("无法写入 {}", starter.display()))?;
        println!("已写入 code/exercises/{name}.rs");
    }
    Ok(())
}

/// 本程序所在的 target 目录：程序本身在 target/<profile>/ 里。
fn target_dir() -> anyhow::Result<std::path::PathBuf> {
    let exe = std::env::current_exe()?;
    let target = exe.ancestors().nth(2).context("找不到 target 目录")?;
    Ok(target.to_path_buf())
}

fn build_examples(release: bool) -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--quiet", "--examples", "-p", "bingfa"]);
    if release {
        build.arg("--release");
    }
    let status = build.status().context("无法运行 cargo")?;
    if !status.success() {
        bail!("编译示例失败");
    }
    Ok(())
}
