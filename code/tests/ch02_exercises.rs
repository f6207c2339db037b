//! 第 2 章练习的参考答案（examples/ 里）和它们的检查（exercises/ 里的 `_check.rs`，
//! 起始代码也用同一份）。每道练习一个模块：`#[path = ".."]` 让模块里的 `#[path]` 从
//! `code/` 算起；模块先引入答案，再把答案的公开项 `use` 进来，检查里的 `super::…`
//! 就找到了答案。

#[path = ".."]
mod parallel_sum {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch02_e1_parallel_sum.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch02_e1_parallel_sum_check.rs"]
    mod check;
}

#[path = ".."]
mod pipeline {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch02_e2_pipeline.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch02_e2_pipeline_check.rs"]
    mod check;
}

#[path = ".."]
mod semaphore {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch02_e3_semaphore.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch02_e3_semaphore_check.rs"]
    mod check;
}

#[path = ".."]
mod philosophers {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch02_e4_philosophers.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch02_e4_philosophers_check.rs"]
    mod check;
}

#[path = ".."]
mod thread_pool {
    #[allow(dead_code)] // 示例的 main 在这里用不到
    #[path = "examples/ch02_e5_thread_pool.rs"]
    mod solution;
    use solution::*;
    #[path = "exercises/ch02_e5_thread_pool_check.rs"]
    mod check;
}
