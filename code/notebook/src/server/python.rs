//! ▶ 运行书里的 Python 程序：代码写进草稿文件，用 [`super::runner::RunnerConfig::python`]
//! 运行，不编译；和生成书中输出时一样在仓库根目录运行、设同样的环境变量。与 Rust 的代码单元
//! 走同一个运行器：同样的槽位、队列、上限和 ■。

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::process::Command;

use super::events::{Event, Outcome, finished};
use super::run::Run;
use super::runner::{Runner, program_finished};
use crate::process::supervise;

impl Runner {
    /// 运行一段 Python 代码：写进草稿文件，用 [`RunnerConfig::python`] 运行，不编译。
    /// 与生成书中输出时一样在仓库根目录运行、设同样的环境变量；找不到解释器时用中文说明。
    pub(super) async fn run_python(
        &self,
        run: &mut Run,
        slot: usize,
        code: &str,
        name: Option<&str>,
    ) -> anyhow::Result<Option<Event>> {
        let config = self.config();
        let Some(python) = find_program(&config.python) else {
            return Ok(Some(finished(
                Outcome::Error,
                None,
                Duration::ZERO,
                python_missing(&config.python),
            )));
        };
        let name = name
            .filter(|name| crate::cells::CellName::parse(name).is_some())
            .unwrap_or("main");
        let script = config
            .scratch
            .join(self.package(slot))
            .join(format!("{name}.py"));
        if let Some(dir) = script.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
        }
        std::fs::write(&script, code).with_context(|| format!("无法写入 {}", script.display()))?;
        run.send(Event::Running { build_ms: 0 }).await; // 不用编译
        let mut program = Command::new(python);
        program.arg(&script).current_dir(&config.repo);
        crate::outputs::python_env(&mut program);
        let start = Instant::now();
        let limits = config.limits(config.sample_usage);
        let ending = match supervise(program, run, limits).await {
            // 刚才还在，启动时却找不到了（例如正好被卸载）：同样说明。
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let message = python_missing(&config.python);
                return Ok(Some(finished(
                    Outcome::Error,
                    None,
                    Duration::ZERO,
                    message,
                )));
            }
            ending => ending.context("无法启动 Python")?,
        };
        Ok(program_finished(ending, &limits, start.elapsed()))
    }
}

/// 找不到 Python 解释器时给读者的话。
fn python_missing(python: &Path) -> String {
    format!(
        "找不到 {}，没法运行这段 Python 程序：这台电脑上没有装 Python 3，或者它不在 PATH 里。\
         装好之后（终端里能运行 python3）再按 ▶。书中记录的输出照样可以对照着看。",
        python.display()
    )
}

/// 像 shell 一样找程序：带目录的名字直接看那个文件，否则在 `PATH` 的各个目录里找。
fn find_program(program: &Path) -> Option<PathBuf> {
    let is_program = |path: &Path| path.is_file();
    if program.components().count() > 1 {
        return is_program(program).then(|| program.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let mut name = dir.join(program).into_os_string();
        if is_program(Path::new(&name)) {
            return Some(name.into());
        }
        name.push(std::env::consts::EXE_SUFFIX); // Windows 上是 python3.exe
        is_program(Path::new(&name)).then(|| name.into())
    })
}
