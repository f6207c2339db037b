# 运行：python3 code/python/ch02_09_still_not_atomic.py
# 没有 GIL 的 Python（3.13t、3.14t）改变了“能不能同时算”，没有改变“哪些操作不可分割”。
# 下面三件事，带 GIL 的 CPython 3.8–3.13 上实测都是这个结果；按文档，不带 GIL 的构建上也一样。
import threading

N = 8


# 1. counter.value += 1 是三步：读出 value，加 1，写回。
#    这个整数的加法里有一道屏障：8 个线程都读到了旧值，才有人往回写。
#    这是最坏的交错，固定下来，输出才每次一样；真实程序里丢多少，看运气。
everyone_has_read = threading.Barrier(N)


class SlowInt(int):
    def __add__(self, other):
        everyone_has_read.wait()  # 停在“读”和“写”之间
        return SlowInt(int(self) + other)


class Counter:
    value = SlowInt(0)


counter = Counter()


def add_one():
    counter.value += 1  # 读 → 加（在这里等）→ 写


# 2. 同样的 += 放进 with lock: 里，读和写之间就没人插得进来。
lock = threading.Lock()
locked_total = 0


def add_many_locked():
    global locked_total
    for _ in range(10_000):
        with lock:
            locked_total += 1


# 3. list.append 是一个操作：列表自己保护它（带 GIL 时靠 GIL，不带时靠列表自己的锁）。
items = []


def append_many():
    for i in range(10_000):
        items.append(i)


for target in (add_one, add_many_locked, append_many):
    threads = [threading.Thread(target=target) for _ in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

print(f"{N} 个线程各做一次 counter.value += 1：结果 {counter.value}")
print(f"{N} 个线程各在锁里加 10000 次：结果 {locked_total}")
print(f"{N} 个线程各 append 10000 次：列表长 {len(items)}")
