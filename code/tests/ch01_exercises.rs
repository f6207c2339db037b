//! 第 1 章练习的参考答案：用 `#[path]` 把 examples/ 里的答案当作模块引入，
//! 答案文件末尾的 `mod check`（和起始代码共用的测试）就在这里运行。

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch01_e1_run_all.rs"]
mod run_all;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch01_e2_word_count.rs"]
mod word_count;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch01_e3_restart.rs"]
mod restart;

/// 答案程序只认得自己的子进程角色；别的参数说明原因，以退出码 2 结束。
#[test]
fn solutions_refuse_unknown_arguments_with_exit_code_2() {
    let cases: [(&str, &[&str]); 4] = [
        ("ch01_e1_run_all", &["多余"]),
        ("ch01_e2_word_count", &["多余"]),
        ("ch01_e3_restart", &["多余"]),
        ("ch01_e3_restart", &["worker", "三"]),
    ];
    for (name, args) in cases {
        let output = std::process::Command::new(bingfa::check::built_example(name))
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("无法运行 {name}：{e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name} {args:?}：{stderr}");
        assert!(stderr.starts_with("错误："), "{name} {args:?}：{stderr}");
    }
}
