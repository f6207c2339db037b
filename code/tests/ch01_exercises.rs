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
