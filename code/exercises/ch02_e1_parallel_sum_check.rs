//! 练习 2.1 的检查：参考答案和起始代码共用这些测试。
use super::parallel_sum;

#[test]
fn agrees_with_a_plain_sum_for_every_length_and_thread_count() {
    for len in [0, 1, 2, 3, 7, 10, 100, 1001] {
        let numbers: Vec<u64> = (0..len).map(|i| i * 31 % 17).collect();
        let expected: u64 = numbers.iter().sum();
        for threads in [1, 2, 3, 4, 8, 2000] {
            assert_eq!(
                parallel_sum(&numbers, threads),
                expected,
                "len = {len}, threads = {threads}"
            );
        }
    }
}

#[test]
fn zero_threads_count_as_one() {
    assert_eq!(parallel_sum(&[1, 2, 3], 0), 6);
}
