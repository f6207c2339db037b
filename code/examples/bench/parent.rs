//! 父进程：依次启动各个阶段的子进程，收集它们的报告，汇成一份 [`Report`]。
use std::collections::HashMap;
use std::io;
use std::process::Stdio;

use super::config::{Config, Model, python_script};
use super::format::mb_text;
use super::machine::machine;
use super::protocol::{number, parse_fields};
use super::report::{CpuResult, IoResult, Report};

/// 运行全部阶段。每开始一个阶段，用 `progress` 报告一行。
///
/// `interrupted` 变成 `true`（用户按了 Ctrl-C）时，杀掉正在运行的子进程、等它结束，
/// 返回 [`io::ErrorKind::Interrupted`] 错误。
pub async fn run(
    config: &Config,
    progress: &mut dyn FnMut(String),
    interrupted: Interrupt,
) -> io::Result<Report> {
    let machine = machine(config);
    if let Some(load) = machine.load.filter(|&l| l > 0.5 * machine.cores as f64) {
        progress(format!(
            "注意：开始时的平均负载是 {load:.2}，别的程序正在占用 CPU，结果（尤其是加速比）会偏低"
        ));
    }
    let mut io_results = Vec::new();
    for &(model, n) in &config.io {
        if model.is_python() && config.python.is_none() {
            continue;
        }
        progress(format!(
            "I/O：{} × {n}，每个等 {:?}",
            model.label(),
            config.sleep
        ));
        let args = [n.to_string(), config.sleep.as_millis().to_string()];
        let fields = run_repeated(config, model, true, &args, &interrupted).await?;
        let result = IoResult {
            model,
            n,
            sleep_s: config.sleep.as_secs_f64(),
            wall_s: number(&fields, "wall_s")?,
            spawn_us: number(&fields, "spawn_s")? / n as f64 * 1e6,
            peak_rss_mb: fields
                .get("rss_kb")
                .and_then(|kb| kb.parse::<f64>().ok())
                .map(|kb| kb / 1024.0),
        };
        progress(format!(
            "    墙钟 {:.3} 秒（理想 {:.3} 秒），创建每个 {:.1}µs，内存峰值 {}",
            result.wall_s,
            result.sleep_s,
            result.spawn_us,
            mb_text(result.peak_rss_mb)
        ));
        io_results.push(result);
    }

    let mut cpu = Vec::new();
    let w = config.workers;
    let mut plan = vec![
        (Model::Thread, 1),
        (Model::Thread, w),
        (Model::Process, w),
        (Model::SpawnBlocking, w),
        (Model::AsyncCurrentThread, w),
    ];
    if config.python.is_some() {
        plan.extend([
            (Model::PythonThread, 1),
            (Model::PythonThread, w),
            (Model::PythonProcess, w),
            (Model::PythonAsyncio, w),
        ]);
    }
    for (model, workers) in plan {
        let bound = if model.is_python() {
            config.python_cpu_bound
        } else {
            config.cpu_bound
        };
        progress(format!(
            "CPU：{} × {workers}，数 {bound} 以内的素数",
            model.label()
        ));
        let args = [workers.to_string(), bound.to_string()];
        let fields = run_repeated(config, model, false, &args, &interrupted).await?;
        let wall_s = number(&fields, "wall_s")?;
        let primes = number(&fields, "primes")? as u64;
        // 同一语言、同一上限、单线程的那一行是基准（它总是排在前面）。
        let base = cpu
            .iter()
            .find(|r: &&CpuResult| {
                r.workers == 1 && r.model.is_python() == model.is_python() && r.bound == bound
            })
            .map_or(wall_s, |r| r.wall_s);
        if let Some(first) = cpu.iter().find(|r: &&CpuResult| r.bound == bound)
            && first.primes != primes
        {
            return Err(io::Error::other(format!(
                "{} 数出 {primes} 个素数，与 {} 的 {} 个不一致",
                model.label(),
                first.model.label(),
                first.primes
            )));
        }
        let result = CpuResult {
            model,
            workers,
            bound,
            primes,
            wall_s,
            speedup: base / wall_s,
        };
        progress(format!(
            "    {primes} 个素数，{:.3} 秒，加速比 {:.2}",
            result.wall_s, result.speedup
        ));
        cpu.push(result);
    }
    Ok(Report {
        machine,
        io: io_results,
        cpu,
    })
}

/// 把一个阶段运行 `config.repeats` 次，返回墙钟时间居中的那一次。
async fn run_repeated(
    config: &Config,
    model: Model,
    io: bool,
    args: &[String],
    interrupted: &Interrupt,
) -> io::Result<HashMap<String, String>> {
    let mut runs = Vec::new();
    for _ in 0..config.repeats.max(1) {
        let mut command = if model.is_python() {
            let python = config.python.as_ref().expect("只在有 Python 时运行");
            let mut command = tokio::process::Command::new(python);
            command.arg(python_script());
            command
        } else {
            let mut command = tokio::process::Command::new(&config.exe);
            command.arg("stage");
            command
        };
        command.arg(model.stage(io)).args(args);
        let fields = run_stage_process(command, interrupted.clone()).await?;
        runs.push((number(&fields, "wall_s")?, fields));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let middle = runs.len() / 2;
    Ok(runs.swap_remove(middle).1)
}

/// Ctrl-C 的信号：`true` 表示用户要求停下。
pub type Interrupt = tokio::sync::watch::Receiver<bool>;

/// 启动一个阶段的子进程，读它最后一行 `key=value …` 格式的报告。
///
/// 子进程的标准输入接在一根管道上，父进程一直拿着写端：父进程一旦退出（哪怕是被强行杀死），
/// 子进程就会读到结尾，自行退出（见 [`super::stages::exit_when_parent_exits`]）。
async fn run_stage_process(
    mut command: tokio::process::Command,
    mut interrupted: Interrupt,
) -> io::Result<HashMap<String, String>> {
    use tokio::io::AsyncReadExt;
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true); // 万一这个 future 被丢弃，也不留下子进程
    let mut child = command.spawn()?;
    let stdin = child.stdin.take(); // 拿着不写；子进程结束前不关闭
    let mut stdout = child.stdout.take().expect("上面设置了 piped");
    let mut text = String::new();
    let finished = {
        let work = async { tokio::join!(stdout.read_to_string(&mut text), child.wait()) };
        let stop = async {
            // 发送端不在了就永远不会中断。
            if interrupted.wait_for(|&stop| stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            (read, status) = work => Some((read, status)),
            () = stop => None,
        }
    };
    let Some((read, status)) = finished else {
        child.kill().await?; // 发出 SIGKILL 并等它结束
        drop(stdin);
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "用户按了 Ctrl-C",
        ));
    };
    drop(stdin);
    read?;
    let status = status?;
    // 终端把 Ctrl-C 的 SIGINT 发给整个进程组：阶段的子进程可能在本进程的信号处理
    // 看到它之前就已被它结束。子进程死于 SIGINT（2 号信号），就是用户按了 Ctrl-C。
    #[cfg(unix)]
    if std::os::unix::process::ExitStatusExt::signal(&status) == Some(2) {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "用户按了 Ctrl-C",
        ));
    }
    if !status.success() {
        return Err(io::Error::other(format!("{command:?} 失败：{status}")));
    }
    parse_fields(&text)
}
