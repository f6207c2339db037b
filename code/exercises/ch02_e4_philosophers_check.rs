//! 练习 2.4 的检查：参考答案和起始代码共用这些测试。
use std::time::Duration;

use bingfa::check::within;

use super::dine;

/// 最多等 10 秒：死锁时测试失败，而不是永远卡住。
fn within_10s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let hint = "死锁了（是不是每个人都先拿左手边的叉子？）";
    within(Duration::from_secs(10), hint, f)
}

#[test]
fn everyone_eats_every_meal_and_each_fork_is_used_by_both_neighbours() {
    for philosophers in [2, 3, 5, 8] {
        let meals = 2000;
        let uses = within_10s(move || dine(philosophers, meals));
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
    assert_eq!(within_10s(|| dine(4, 0)), vec![0; 4]);
}

#[test]
#[should_panic]
fn one_philosopher_is_refused() {
    dine(1, 1);
}
