# 运行：python3 code/python/ch02_03_format_bug.py
# 线程里没人捕获的异常：threading.excepthook 把它打印出来，join() 照常返回，主线程毫不知情。
import threading
import time

def download_task(filename, seconds):
    time.sleep(seconds)  # 假装在下载
    # 错误写法：% 只作用在 filename 上，seconds 成了 print 的第二个参数
    print("%s 下载完成，耗费 %d 秒" % filename, seconds)

start = time.perf_counter()
workers = []
for i, (filename, seconds) in enumerate([("Python从入门到放弃.pdf", 0.2), ("996 save.pdf", 0.4)], 1):
    print(f"开始下载 {filename}...")
    worker = threading.Thread(target=download_task, args=(filename, seconds), name=f"下载-{i}")
    worker.start()
    workers.append(worker)
for worker in workers:
    worker.join()  # 线程死于异常，join() 也不报错
print("主线程：两个 join() 都正常返回了")
print(f"总共耗费 {time.perf_counter() - start:.2f} 秒")
