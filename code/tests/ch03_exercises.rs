//! 第 3 章练习的参考答案：用 `#[path]` 把 examples/ 里的答案当作模块引入，
//! 答案文件末尾的 `mod check`（和起始代码共用的测试）就在这里运行。

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_e1_download_all.rs"]
mod download_all;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_e2_first_done.rs"]
mod first_done;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_e3_fetcher.rs"]
mod fetcher;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch03_e4_chat.rs"]
mod chat;
