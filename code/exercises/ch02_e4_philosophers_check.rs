//! 练习 2.4 的检查：参考答案和起始代码共用这些测试。
use bingfa::check::watch;

use super::dine;

/// 死锁时测试失败，而不是永远卡住（[`watch`] 看的是有没有进展）。
fn watched<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    watch("死锁了（是不是每个人都先拿左手边的叉子？）", f)
}

#[test]
fn everyone_eats_every_meal_and_each_fork_is_used_by_both_neighbours() {
    for philosophers in [2, 3, 5, 8] {
        let meals = 2000;
        let uses = watched(move || dine(philosophers, meals));
        // 每把叉子被两侧的邻居各用了 meals 次。
        assert_eq!(
            uses,
            vec![2 * meals; philosophers],
            "{philosophers} 位哲学家"
        );
    }
}

#[test]
fn zero_meals_use_no_forks() {
    assert_eq!(watched(|| dine(4, 0)), vec![0; 4]);
}

#[test]
#[should_panic(expected = "至少要 2 位哲学家")]
fn one_philosopher_is_refused() {
    dine(1, 1);
}
