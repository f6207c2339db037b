//! CPU 阶段的活：数素数（Python 脚本 `code/python/bench.py` 里是同一个算法）。

/// 每一块有多少个数。
pub const CHUNK: u64 = 10_000;

/// 试除法判断素数：故意用慢办法，好让 CPU 有活干。
pub fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// 把 [0, bound) 切成每块 [`CHUNK`] 个数，第 i 块交给第 i % workers 个工人；
/// 返回第 `k` 个工人那几块里的素数个数。
///
/// 数越大，试除越费时，所以不把范围一刀切成几段（后面的段更累），而是轮流发小块，
/// 每个工人分到的工作量几乎一样。
pub fn count_share(bound: u64, workers: u64, k: u64) -> u64 {
    let chunks = bound.div_ceil(CHUNK);
    (k..chunks)
        .step_by(workers.max(1) as usize)
        .map(|c| {
            let end = ((c + 1) * CHUNK).min(bound);
            (c * CHUNK..end).filter(|&n| is_prime(n)).count() as u64
        })
        .sum()
}
