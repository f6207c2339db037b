# 运行：python3 code/python/ch01_05_fork_lock.py
# 多线程的进程里 fork：子进程里只剩调用 fork 的那个线程，别的线程拿着的锁再也没人放开。
import os
import sys
import threading
import time
import warnings

lock = threading.Lock()
holding, finish = threading.Event(), threading.Event()


def worker():
    with lock:  # 拿着锁，等主线程说可以了再放开
        holding.set()
        finish.wait()


t = threading.Thread(target=worker)
t.start()
holding.wait()
print(f"父进程：{threading.active_count()} 个线程，另一个线程拿着锁，这时 fork", flush=True)

# Python 3.12 起，这里会发出 DeprecationWarning；先收下来，程序的输出在各个版本上才相同
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pid = os.fork()

if pid == 0:  # 子进程
    print(f"子进程：只剩 {threading.active_count()} 个线程", flush=True)
    start = time.monotonic()
    got = lock.acquire(timeout=0.5)
    waited = time.monotonic() - start
    print(f"子进程：等了 {waited:.1f} 秒，拿到锁了吗？{got}", flush=True)
    os._exit(0)

os.waitpid(pid, 0)
finish.set()
t.join()
print(f"父进程：锁照常放开了，locked() = {lock.locked()}")
assert bool(caught) == (sys.version_info >= (3, 12)), caught
