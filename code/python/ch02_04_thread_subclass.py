# 运行：python3 code/python/ch02_04_thread_subclass.py
# 继承 Thread、重写 run()：状态挂在线程对象上，主线程和工作线程读写的是同一个对象。
import threading
import time

class Downloader(threading.Thread):
    def __init__(self, name, files):
        super().__init__(name=name)
        self.files = files
        self.finished = []  # 工作线程往里追加，主线程也能随时去读

    def run(self):  # start() 在新线程里调用它
        for f in self.files:
            time.sleep(0.3)
            self.finished.append(f)

workers = [Downloader("甲", ["a.pdf", "b.pdf"]), Downloader("乙", ["c.zip"])]
for w in workers:
    w.start()
time.sleep(0.45)  # 不等 join 就去读：甲才下完一个
print(f"join 之前偷看一眼：工人甲下载完了 {workers[0].finished}")
for w in workers:
    w.join()
    print(f"工人{w.name}下载完了：{w.finished}")
