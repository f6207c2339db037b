# 运行：python3 code/python/ch00_02_lazy_threads.py
# 用生成器启动线程：取一个才启动一个，紧接着又等它结束，线程就一个接一个地运行了。
import threading
import time

FILES = ["a.pdf", "b.pdf", "c.pdf"]


def start_download(filename):
    t = threading.Thread(target=time.sleep, args=(0.2,), name=filename)  # 假装下载 0.2 秒
    t.start()
    print(f"  启动 {filename}")
    return t


def start_and_join(make_threads):
    start = time.perf_counter()
    for t in make_threads():
        t.join()
        print(f"  {t.name} 结束")
    print(f"  总共耗费 {time.perf_counter() - start:.2f} 秒")


print("生成器：")
start_and_join(lambda: (start_download(f) for f in FILES))  # 一个线程也还没启动
print("列表：")
start_and_join(lambda: [start_download(f) for f in FILES])  # 三个线程都已启动
