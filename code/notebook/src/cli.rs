//! `cargo run -- …` 的命令行：用 clap 的 derive 定义，错误和帮助都说中文。
//!
//! clap 自己的错误信息是英文的。这里先让 clap 解析，出错时按错误的种类换成一句中文
//! （取值超出范围的说明来自下面的解析函数），连同中文的用法一起打印，退出码仍是 2。

use std::time::Duration;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand};

/// 构建、提供、测试《Rust 并发编程》这本书。
#[derive(Debug, Parser)]
#[command(
    name = "cargo run --",
    disable_help_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "子命令",
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}",
    override_usage = "cargo run [-- 子命令 [选项]]（不写子命令就是 serve）"
)]
pub struct Cli {
    #[command(subcommand)]
    pub task: Option<Task>,
    /// 显示这段说明
    #[arg(short, long, action = ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Task {
    /// 构建本书，并在 127.0.0.1 上提供；书页上的 ▶ 在本机运行代码（默认）
    #[command(
        help_template = "{about}\n\n用法：{usage}\n\n{all-args}",
        override_usage = "cargo run -- serve [选项]"
    )]
    Serve(ServeOptions),
    /// 只构建到 target/book
    Build,
    /// 由练习的参考答案重新生成起始代码（code/exercises/）
    Starters,
    /// 按 SUMMARY.md 的阅读顺序给代码单元、练习和 Python 程序重新编号（文件和所有提到它们的地方）
    Renumber,
    /// 重新运行示例和 Python 程序，改写书中展示的输出（code/outputs/）
    #[command(
        help_template = "{about}\n\n用法：{usage}\n\n{all-args}",
        override_usage = "cargo run -- outputs [示例名…]"
    )]
    Outputs {
        /// 示例名（例如 ch02_01_spawn）或 code/python/ 里的程序名；不写就是全部
        #[arg(value_name = "示例名", help_heading = "参数")]
        names: Vec<String>,
    },
}

/// `serve` 的选项。
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct ServeOptions {
    /// 端口，1–65535，默认 3000
    #[arg(long, value_name = "端口", default_value_t = 3000, hide_default_value = true, value_parser = in_range::<u16>("--port", 1, 65535))]
    pub port: u16,
    /// 书页上 ▶ 运行一个代码单元的时间上限，1–3600 秒，默认 60
    #[arg(long, value_name = "秒", default_value_t = 60, hide_default_value = true, value_parser = in_range::<u64>("--time-limit", 1, 3600))]
    time_limit: u64,
    /// 最多同时运行几个代码单元（其余排队），1–16，默认 2
    #[arg(long, value_name = "个数", default_value_t = 2, hide_default_value = true, value_parser = in_range::<usize>("--max-runs", 1, 16))]
    pub max_runs: usize,
    /// 一个代码单元（连同它启动的进程）最多占多少常驻内存，64–1048576 MiB，默认 1024（Linux）
    #[arg(long, value_name = "MiB", default_value_t = 1024, hide_default_value = true, value_parser = in_range::<u64>("--memory-limit", 64, 1 << 20))]
    memory_limit: u64,
    /// 一个代码单元（连同它启动的进程）最多有几个进程和线程（合计），16–100000，默认 1000（Linux）
    #[arg(long, value_name = "个数", default_value_t = 1000, hide_default_value = true, value_parser = in_range::<u32>("--process-limit", 16, 100_000))]
    pub process_limit: u32,
}

impl ServeOptions {
    pub fn time_limit(&self) -> Duration {
        Duration::from_secs(self.time_limit)
    }

    /// `--memory-limit` 换算成字节。
    pub fn memory_limit_bytes(&self) -> u64 {
        self.memory_limit << 20
    }
}

/// 不写子命令时 serve 用的选项：与 `cargo run -- serve` 相同的默认值。
pub fn default_serve() -> ServeOptions {
    match parse(["serve".to_string()]) {
        Ok(Cli {
            task: Some(Task::Serve(options)),
            ..
        }) => options,
        _ => unreachable!("serve 不带选项总能解析"),
    }
}

/// 解析 `min..=max` 之间的整数；出错时的说明指出是哪个选项、可以取什么。
fn in_range<T>(flag: &'static str, min: T, max: T) -> impl Fn(&str) -> Result<T, String> + Clone
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |value| match value.parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!(
            "{flag} 必须是 {min}–{max} 之间的整数，收到 `{value}`"
        )),
    }
}

/// 解析命令行。`Err` 里是要打印的全部文字和退出码：帮助是 0，参数不对是 2。
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Cli, (String, u8)> {
    let args = std::iter::once("notebook".to_string()).chain(args);
    Cli::try_parse_from(args).map_err(|error| match error.kind() {
        ErrorKind::DisplayHelp => (usage(), 0),
        _ => (format!("错误：{}\n\n{}", in_chinese(&error), usage()), 2),
    })
}

/// 中文的用法说明（clap 按上面的定义生成）。
pub fn usage() -> String {
    let mut command = Cli::command();
    let mut text = command.render_help().to_string();
    for sub in ["serve", "outputs"] {
        let help = command
            .find_subcommand_mut(sub)
            .expect("子命令都在上面定义了")
            .render_help()
            .to_string();
        text.push_str(&format!("\n{help}"));
    }
    text
}

/// 把 clap 的错误换成一句中文。
fn in_chinese(error: &clap::Error) -> String {
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(" "),
        _ => String::new(),
    };
    // 选项名：clap 给的是“--port <端口>”，只取前面的“--port”。
    let flag = context(ContextKind::InvalidArg)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    match error.kind() {
        // 取值超出范围：in_range 写好的中文说明。
        ErrorKind::ValueValidation => std::error::Error::source(error)
            .map_or_else(|| format!("{flag} 的取值不对"), ToString::to_string),
        ErrorKind::InvalidValue if context(ContextKind::InvalidValue).is_empty() => {
            format!("{flag} 后面缺少取值")
        }
        ErrorKind::InvalidValue => {
            format!("{flag} 不接受 `{}`", context(ContextKind::InvalidValue))
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "不认识的子命令 `{}`",
                context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 `{flag}`"),
        ErrorKind::ArgumentConflict => format!("参数 `{flag}` 与别的参数冲突"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("{flag} 的取值个数不对")
        }
        // 其余情况不常见：附上 clap 的原话。
        _ => format!("命令行参数不对（{}）", error.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(args: &[&str]) -> Cli {
        parse(args.iter().map(|s| s.to_string())).unwrap()
    }

    fn parse_err(args: &[&str]) -> (String, u8) {
        parse(args.iter().map(|s| s.to_string())).unwrap_err()
    }

    #[test]
    fn no_subcommand_means_serve_with_defaults() {
        assert!(parse_ok(&[]).task.is_none());
        let Some(Task::Serve(options)) = parse_ok(&["serve", "--port", "8080"]).task else {
            panic!("应当是 serve");
        };
        assert_eq!((options.port, options.max_runs), (8080, 2));
        assert_eq!(options.time_limit(), Duration::from_secs(60));
        assert_eq!(options.memory_limit_bytes(), 1 << 30);
        assert_eq!(options.process_limit, 1000);
    }

    #[test]
    fn mistakes_are_explained_in_chinese_with_exit_code_2() {
        for (args, expected) in [
            (
                &["serve", "--port", "0"][..],
                "--port 必须是 1–65535 之间的整数，收到 `0`",
            ),
            (&["serve", "--port"], "--port 后面缺少取值"),
            (
                &["serve", "--memory-limit", "10"],
                "--memory-limit 必须是 64–1048576 之间的整数，收到 `10`",
            ),
            (
                &["serve", "--process-limit", "abc"],
                "--process-limit 必须是 16–100000 之间的整数，收到 `abc`",
            ),
            (&["serve", "--jobs", "2"], "不认识的参数 `--jobs`"),
            (&["build", "extra"], "不认识的参数 `extra`"),
            (&["publish"], "不认识的子命令 `publish`"),
        ] {
            let (text, code) = parse_err(args);
            assert_eq!(code, 2, "{args:?}");
            assert!(
                text.starts_with(&format!("错误：{expected}\n")),
                "{args:?}：{text}"
            );
            assert!(text.contains("用法："), "{text}");
        }
    }

    #[test]
    fn help_is_chinese_and_exits_0() {
        let (text, code) = parse_err(&["--help"]);
        assert_eq!(code, 0);
        for word in ["用法：", "子命令", "选项", "--time-limit", "示例名"] {
            assert!(text.contains(word), "帮助里缺少“{word}”：\n{text}");
        }
        for english in ["Usage", "Print help", "Arguments", "default"] {
            assert!(
                !text.contains(english),
                "帮助里还有英文“{english}”：\n{text}"
            );
        }
    }
}
