//! 练习 2.2 的检查：参考答案和起始代码共用这些测试。
use std::time::Duration;

use bingfa::check::within;

use super::sum_of_squares;

/// 最多等 10 秒：流水线忘了关通道时会永远等下去，这里把它变成失败。
fn within_10s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    within(Duration::from_secs(10), "是不是有一站的发送端没有关掉？", f)
}

#[test]
fn matches_the_closed_formula() {
    for n in [0u64, 1, 2, 10, 999, 20_000] {
        let expected = n * (n + 1) * (2 * n + 1) / 6;
        assert_eq!(within_10s(move || sum_of_squares(n)), expected, "n = {n}");
    }
}
