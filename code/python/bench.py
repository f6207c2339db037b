"""第 4 章基准测试的 Python 一侧：由 code/examples/bench/ 启动，每个阶段一个进程。

    python3 code/python/bench.py 阶段 参数...

阶段与 Rust 一侧相同（算法也相同），最后一行打印 `key=value ...` 报告：

    io-thread N 毫秒      N 个线程，每个 time.sleep
    io-process N 毫秒     N 个 multiprocessing.Process，每个 time.sleep
    io-async N 毫秒       N 个 asyncio 任务，每个 asyncio.sleep
    cpu-thread W 上限     W 个线程数 [0, 上限) 里的素数
    cpu-process W 上限    W 个进程（multiprocessing.Pool）
    cpu-async W 上限      W 个 asyncio 任务（只有一个线程）
"""

import asyncio
import multiprocessing
import os
import sys
import threading
import time

CHUNK = 10_000  # 与 code/examples/bench/primes.rs 相同：每块多少个数


def peak_rss_kb():
    """本进程的内存峰值（KB），读 /proc/self/status 的 VmHWM；不是 Linux 就返回 None。"""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_field(extra_kb=0):
    kb = peak_rss_kb()
    return "" if kb is None else f"rss_kb={kb + extra_kb}"


def exit_when_parent_exits():
    """与 Rust 一侧相同：标准输入读到结尾，说明父进程已经不在了，立即退出。"""

    def watch():
        # 直接读文件描述符 0：不经过 sys.stdin 的缓冲区和它的锁，解释器退出时不会卡住。
        while os.read(0, 4096):  # 读到的内容丢掉，只等结尾
            pass
        os._exit(130)

    threading.Thread(target=watch, daemon=True).start()


def is_prime(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_share(bound, workers, k):
    """[0, bound) 按 CHUNK 切块，第 i 块归第 i % workers 个工人；数第 k 个工人的素数。"""
    chunks = (bound + CHUNK - 1) // CHUNK
    total = 0
    for c in range(k, chunks, workers):
        total += sum(1 for n in range(c * CHUNK, min((c + 1) * CHUNK, bound)) if is_prime(n))
    return total


# ---------------- I/O ----------------


def io_thread(n, seconds):
    start = time.perf_counter()
    threads = [threading.Thread(target=time.sleep, args=(seconds,)) for _ in range(n)]
    for t in threads:
        t.start()
    spawn_s = time.perf_counter() - start
    for t in threads:
        t.join()
    wall_s = time.perf_counter() - start
    return f"wall_s={wall_s:.6f} spawn_s={spawn_s:.6f} {rss_field()}"


def sleeper(seconds, results):
    time.sleep(seconds)
    results.put(peak_rss_kb() or 0)


def io_process(n, seconds):
    start = time.perf_counter()
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=sleeper, args=(seconds, results)) for _ in range(n)]
    for p in procs:
        p.start()
    spawn_s = time.perf_counter() - start
    children_kb = sum(results.get() for _ in range(n))  # 先取完结果再 join，避免队列阻塞
    for p in procs:
        p.join()
    wall_s = time.perf_counter() - start
    failed = [p.exitcode for p in procs if p.exitcode != 0]
    if failed:
        raise RuntimeError(f"子进程失败：{failed}")
    return f"wall_s={wall_s:.6f} spawn_s={spawn_s:.6f} {rss_field(children_kb)}"


async def io_async(n, seconds):
    start = time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(seconds)) for _ in range(n)]
    spawn_s = time.perf_counter() - start
    await asyncio.gather(*tasks)
    wall_s = time.perf_counter() - start
    return f"wall_s={wall_s:.6f} spawn_s={spawn_s:.6f} {rss_field()}"


# ---------------- CPU ----------------


def cpu_thread(workers, bound):
    counts = [0] * workers

    def work(k):
        counts[k] = count_share(bound, workers, k)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts)


def cpu_process(workers, bound):
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.starmap(count_share, [(bound, workers, k) for k in range(workers)]))


async def cpu_async(workers, bound):
    async def work(k):
        return count_share(bound, workers, k)

    return sum(await asyncio.gather(*(work(k) for k in range(workers))))


def timed(work):
    start = time.perf_counter()
    primes = work()
    wall_s = time.perf_counter() - start
    return f"wall_s={wall_s:.6f} primes={primes}"


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    stage = sys.argv[1]
    try:
        a, b = int(sys.argv[2]), int(sys.argv[3])
    except ValueError:
        print(f"错误：参数必须是整数，收到 {sys.argv[2:]}", file=sys.stderr)
        sys.exit(2)
    exit_when_parent_exits()
    if stage == "io-thread":
        report = io_thread(a, b / 1000)
    elif stage == "io-process":
        report = io_process(a, b / 1000)
    elif stage == "io-async":
        report = asyncio.run(io_async(a, b / 1000))
    elif stage == "cpu-thread":
        report = timed(lambda: cpu_thread(a, b))
    elif stage == "cpu-process":
        report = timed(lambda: cpu_process(a, b))
    elif stage == "cpu-async":
        report = timed(lambda: asyncio.run(cpu_async(a, b)))
    else:
        print(f"错误：不认识的阶段 {stage!r}", file=sys.stderr)
        sys.exit(2)
    print(report)


if __name__ == "__main__":
    main()
