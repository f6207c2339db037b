//! 第 1 章练习的参考答案（examples/ 里）和它们的检查（exercises/ 里的 `_check.rs`，
//! 起始代码也用同一份）。每道练习一个模块：`#[path = ".."]` 让模块里的 `#[path]` 从
//! `code/` 算起；模块先引入答案，再把答案的公开项 `use` 进来，检查里的 `super::…`
//! 就找到了答案。
//!
//! 检查要启动的子进程是 cargo 编译出的答案程序本身（见 `bingfa::check::exercise_program`），
//! 所以先 `cargo build --examples` 再运行这些测试。

#[path = ".."]
mod run_all {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch01_e1_run_all.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch01_e1_run_all_check.rs"]
    mod check;
}

#[path = ".."]
mod word_count {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch01_e2_word_count.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch01_e2_word_count_check.rs"]
    mod check;
}

#[path = ".."]
mod restart {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch01_e3_restart.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch01_e3_restart_check.rs"]
    mod check;
}
