//! 命令行参数。不对时打印一句中文说明和用法，以退出码 2 结束。
use std::path::PathBuf;
use std::process;

pub const USAGE: &str = "\
用法：cargo run --release --example bench [-- 选项]
  --quick           快速运行：规模不变，只重复一次，CPU 阶段的上限缩小
  --json            把结果以 JSON 打印到标准输出（进度仍打印到标准错误）
  --write <目录>    把 bench.json、表格和 bench.svg 写进这个目录
  --sleep-ms <毫秒> I/O 阶段每个“下载”等待的时间，10 到 5000 之间，默认 500
  --no-python       不运行 Python 对照
  --help            显示这段说明";

#[derive(Debug, Default)]
pub struct Options {
    pub quick: bool,
    pub json: bool,
    pub write: Option<PathBuf>,
    pub sleep_ms: Option<u64>,
    pub no_python: bool,
}

/// 参数不对：打印中文说明，以退出码 2 结束。
fn usage_error(message: &str) -> ! {
    eprintln!("错误：{message}\n\n{USAGE}");
    process::exit(2);
}

/// 解析命令行参数（不含程序名）；`--help` 打印用法后以 0 结束。
pub fn parse_options(args: &[String]) -> Options {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--json" => options.json = true,
            "--no-python" => options.no_python = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                process::exit(0);
            }
            "--write" => match args.next() {
                Some(dir) if !dir.starts_with("--") => options.write = Some(dir.into()),
                _ => usage_error("--write 后面要跟一个目录，例如 --write book/ch04"),
            },
            "--sleep-ms" => {
                let value = args.next().map(String::as_str).unwrap_or("");
                match value.parse::<u64>() {
                    Ok(ms) if (10..=5000).contains(&ms) => options.sleep_ms = Some(ms),
                    _ => usage_error(&format!(
                        "--sleep-ms 必须是 10 到 5000 之间的整数（毫秒），收到 `{value}`"
                    )),
                }
            }
            other => usage_error(&format!("不认识的参数 `{other}`")),
        }
    }
    options
}
