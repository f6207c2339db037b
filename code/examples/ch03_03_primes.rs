//! 运行：cargo run --example ch03_03_primes
//!
//! 笔记里的 asyncio 例子，改正之后：两个 Future 在同一个任务里交替推进。
use tokio::task::yield_now;

/// 从 m 到 n（含 n）的整数，相当于笔记里的生成器 `num_generator`。
pub fn num_generator(m: u64, n: u64) -> impl Iterator<Item = u64> {
    m..=n
}

/// 试除到平方根：2..=√k 中没有一个数能整除 k，k 才是素数。
pub fn is_prime(k: u64) -> bool {
    let mut d = 2;
    while d * d <= k {
        if k.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    k >= 2
}

/// 筛出 [m, n] 中的素数。每检查完一个数就让出一次，让别的任务有机会运行。
pub async fn prime_filter(m: u64, n: u64) -> Vec<u64> {
    let mut primes = Vec::new();
    for i in num_generator(m, n) {
        if is_prime(i) {
            primes.push(i); // 整个数判定完才放进结果（笔记把这一句错缩进到了内层循环里）
        }
        if i % 25 == 0 {
            println!("prime_filter  检查到 {i}");
        }
        yield_now().await;
    }
    primes
}

/// 求 [m, n] 中每个数的平方，同样每算一个让出一次。
pub async fn square_mapper(m: u64, n: u64) -> Vec<u64> {
    let mut squares = Vec::new();
    for i in num_generator(m, n) {
        squares.push(i * i);
        if i % 25 == 0 {
            println!("square_mapper 算到 {i}");
        }
        yield_now().await;
    }
    squares
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // join! ≈ asyncio.gather：同时推进两个 Future，都完成后一起交出结果。
    let (primes, squares) = tokio::join!(prime_filter(2, 100), square_mapper(1, 100));
    println!("{} 个素数：{primes:?}", primes.len());
    println!(
        "{} 个平方数：{:?} … {:?}",
        squares.len(),
        &squares[..5],
        &squares[95..]
    );
}
