# 运行：python3 code/python/ch01_01_download_processes.py
# 笔记的下载例子（改掉了最后一行的 bug）：两个子进程同时“下载”，各自直接打印。
import time
from multiprocessing import Process

# 笔记里每个下载随机花 5 到 10 秒；这里固定成 0.9 秒和 0.6 秒，每次输出都一样
DOWNLOADS = [("Python从入门到放弃.pdf", 0.9), ("996 save.pdf", 0.6)]


def download(filename, seconds):
    start = time.perf_counter()
    time.sleep(seconds)  # 假装在下载
    elapsed = time.perf_counter() - start
    print(f"{filename} 下载完成，耗费 {elapsed:.2f} 秒")


if __name__ == "__main__":
    start = time.perf_counter()
    processes = []
    for filename, seconds in DOWNLOADS:
        p = Process(target=download, args=(filename, seconds))
        p.start()
        print(f"开始下载 {filename}，子进程号[{p.pid}]")
        processes.append(p)
    for p in processes:
        p.join()  # 只是等它结束，不看它成功与否
    print(f"总共耗费 {time.perf_counter() - start:.2f} 秒")
