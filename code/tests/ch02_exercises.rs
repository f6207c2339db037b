//! 第 2 章练习的参考答案：用 `#[path]` 把 examples/ 里的答案当作模块引入，
//! 答案文件末尾的 `mod check`（和起始代码共用的测试）就在这里运行。

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch02_e1_parallel_sum.rs"]
mod parallel_sum;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch02_e2_pipeline.rs"]
mod pipeline;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch02_e3_semaphore.rs"]
mod semaphore;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch02_e4_philosophers.rs"]
mod philosophers;

#[allow(dead_code)] // 示例的 main 在这里用不到
#[path = "../examples/ch02_e5_thread_pool.rs"]
mod thread_pool;
