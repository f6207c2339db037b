//! `cargo run --example pictures` 画第 2、3 章的图：在临时目录里真实地跑一遍（约 15 秒），
//! 确认每张 SVG 都画出来了、用的是实测的数据；参数不对时退出码是 2。

use std::path::PathBuf;
use std::process::Command;

fn pictures() -> Command {
    Command::new(bingfa::check::built_example("pictures"))
}

#[test]
fn draws_all_pictures_from_a_real_run() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pictures");
    let _ = std::fs::remove_dir_all(&out);
    let status = pictures().arg("--out").arg(&out).status().unwrap();
    assert!(status.success(), "{status}");

    let backpressure = std::fs::read_to_string(out.join("ch02-backpressure.svg")).unwrap();
    for text in [
        "sync_channel(3)",
        "容量 3",
        "生产者",
        "消费者",
        "卡在 send 里",
    ] {
        assert!(backpressure.contains(text), "背压图里缺少“{text}”");
    }
    // 12 条消息、容量 3：第 12 条要等消费者取走第 9 条才放得进去，而在那之前消费者
    // 已经把前 8 条各处理了 0.1 秒。没有背压的话，生产者 12 × 10 毫秒就发完了。
    let last_sent: f64 = backpressure
        .split("最后一条发出（")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|seconds| seconds.parse().ok())
        .expect("背压图里应标出最后一条发出的时刻");
    assert!(
        last_sent >= 0.8,
        "生产者应被慢消费者拖到 0.8 秒以后才发完：{last_sent}"
    );

    let timeline = std::fs::read_to_string(out.join("ch03-download-timeline.svg")).unwrap();
    for row in [
        "顺序执行",
        "两个进程",
        "两个线程",
        "两个异步任务",
        "文件 A（1.4 秒）",
        "文件 B（1 秒）",
    ] {
        assert!(timeline.contains(row), "时间线里缺少“{row}”");
    }
    // 顺序执行时文件 B 要等文件 A 下载完（1.4 秒）才开始；其余三种做法两个下载同时开始，
    // 从 0 秒起。sleep 只会多睡、不会少睡，机器很忙时也许多睡一点，所以给出上限的余量。
    let starts: Vec<f64> = timeline
        .split("文件 B（1 秒），")
        .skip(1)
        .map(|rest| rest.split('–').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(starts.len(), 4, "文件 B 应在四行里各出现一次");
    assert!(
        (1.4..2.0).contains(&starts[0]),
        "顺序执行的第二个下载应在约 1.4 秒处开始：{starts:?}"
    );
    assert!(
        starts[1..].iter().all(|&s| s < 0.5),
        "同时下载时文件 B 应从一开始就下载：{starts:?}"
    );

    let event_loop = std::fs::read_to_string(out.join("ch03-event-loop.svg")).unwrap();
    for task in ["任务 A", "任务 B", "任务 C", "完成"] {
        assert!(event_loop.contains(task), "事件循环图里缺少“{task}”");
    }
    #[cfg(target_os = "linux")]
    check_lanes(&out);
}

/// 泳道图里写的合计 CPU（标题里的“合计 CPU 98%”）。
#[cfg(target_os = "linux")]
fn total_cpu_percent(svg: &str) -> u32 {
    svg.split("合计 CPU ")
        .find_map(|rest| rest.split('%').next()?.parse().ok())
        .expect("泳道图的标题里应写着合计 CPU")
}

/// 第 2 章的两张泳道图：Rust 的 `ch02_05_no_gil` 和 Python 的 GIL 素数计数，各自真实地运行
/// 一遍。机器忙时线程分到的 CPU 少，所以只断言 GIL 那张的合计不超过一个核多一点。
#[cfg(target_os = "linux")]
fn check_lanes(out: &std::path::Path) {
    let no_gil = std::fs::read_to_string(out.join("ch02-lanes-no-gil.svg")).unwrap();
    for text in ["Rust（没有 GIL", "主线程", "线程 1", "线程 2", "合计 CPU"] {
        assert!(no_gil.contains(text), "没有 GIL 的泳道图里缺少“{text}”");
    }
    total_cpu_percent(&no_gil);
    if notebook::outputs::python3().is_none() {
        return;
    }
    let gil = std::fs::read_to_string(out.join("ch02-lanes-gil.svg")).unwrap();
    for text in ["Python（有 GIL）", "主线程", "线程 2", "合计 CPU"] {
        assert!(gil.contains(text), "GIL 的泳道图里缺少“{text}”");
    }
    let percent = total_cpu_percent(&gil);
    assert!(
        percent <= 115,
        "有 GIL 时合计 CPU 不应超过一个核：{percent}%"
    );
}

#[test]
fn a_bad_argument_exits_with_code_2() {
    let output = pictures().arg("--bogus").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("不认识的参数"));
}
