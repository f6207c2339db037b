//! 练习 2.2 的检查：参考答案和起始代码共用这些测试。
use bingfa::check::watch;

use super::sum_of_squares;

/// 流水线忘了关通道时会永远等下去：[`watch`] 看出它不再有进展，把它变成失败。
fn watched<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    watch("是不是有一站的发送端没有关掉？", f)
}

#[test]
fn matches_the_closed_formula() {
    for n in [0u64, 1, 2, 10, 999, 20_000] {
        let expected = n * (n + 1) * (2 * n + 1) / 6;
        assert_eq!(watched(move || sum_of_squares(n)), expected, "n = {n}");
    }
}
