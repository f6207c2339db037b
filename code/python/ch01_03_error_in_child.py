# 运行：python3 code/python/ch01_03_error_in_child.py
# 子进程里没被捕获的异常：打印回溯，exitcode 是 1，父进程的 join() 照常返回。
import time
from multiprocessing import Process


def download(filename):
    start = time.perf_counter()
    time.sleep(0.6)  # 假装在下载
    seconds = time.perf_counter() - start
    print("%s 下载完成，耗费 %.2f 秒" % filename, seconds)


if __name__ == "__main__":
    start = time.perf_counter()
    p = Process(target=download, args=("996 save.pdf",))
    p.start()
    p.join()  # 不会抛出异常
    print(f"join() 返回了，exitcode = {p.exitcode}")
    print(f"总共耗费 {time.perf_counter() - start:.2f} 秒")
