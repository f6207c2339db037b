# 运行：python3 code/python/ch02_02_gil_primes.py
# 有 GIL 的 CPython：同样的计算分给每核一个线程，并不更快，CPU 时间也只有一个核心的量。
import math
import os
import threading
import time

LIMIT, BLOCK = 300_000, 10_000  # Python 慢得多，范围比 Rust 的例子小

def count_primes(start, end):
    """数一数 [start, end) 里有多少个素数（试除法）。"""
    return sum(1 for n in range(max(start, 2), end)
               if all(n % d for d in range(2, math.isqrt(n) + 1)))

def count_in_parallel(threads):
    counts = [0] * threads
    def work(i):  # 第 i 个线程负责第 i、i + threads、i + 2 × threads……块
        counts[i] = sum(count_primes(s, min(s + BLOCK, LIMIT))
                        for s in range(i * BLOCK, LIMIT, threads * BLOCK))
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts)

walls = []
for label, threads in [("1 个线程", 1), ("每核一个线程", os.cpu_count())]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = count_in_parallel(threads)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    walls.append(wall)
    print(f"{label}：{LIMIT} 以内有 {found} 个素数，用时 {wall:.2f} 秒，CPU 时间 {cpu:.2f} 秒")
print(f"加速 {walls[0] / walls[1]:.1f}×")
