//! 第 3 章练习：参考答案（examples/ 里）加上它的检查（exercises/ 里，和起始代码共用）。
//! 每个练习一个模块：`#[path]` 把答案引入为 `solution`，再把它的公开项引到模块里，
//! 检查文件里的 `use super::…` 就能找到它们。

#[path = "../examples"]
mod download_all {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "ch03_e1_download_all.rs"]
    mod solution;
    pub use solution::*;

    #[path = "../exercises/ch03_e1_download_all_check.rs"]
    mod check;
}

#[path = "../examples"]
mod first_done {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "ch03_e2_first_done.rs"]
    mod solution;
    pub use solution::*;

    #[path = "../exercises/ch03_e2_first_done_check.rs"]
    mod check;
}

#[path = "../examples"]
mod fetcher {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "ch03_e3_fetcher.rs"]
    mod solution;
    pub use solution::*;

    #[path = "../exercises/ch03_e3_fetcher_check.rs"]
    mod check;
}

#[path = "../examples"]
mod chat {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "ch03_e4_chat.rs"]
    mod solution;
    pub use solution::*;

    #[path = "../exercises/ch03_e4_chat_check.rs"]
    mod check;
}
