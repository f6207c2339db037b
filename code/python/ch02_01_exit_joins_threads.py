# 运行：python3 code/python/ch02_01_exit_joins_threads.py
# 主线程走到末尾后，解释器先等所有非守护线程做完，才退出；守护线程则被直接停下。
import threading
import time

def work(name, seconds, started):
    try:
        started.release()
        time.sleep(seconds)
        print(f"{name}：做完了")
    finally:
        print(f"{name}：finally 运行了")

started = threading.Semaphore(0)
threading.Thread(target=work, args=("普通线程", 0.3, started)).start()
threading.Thread(target=work, args=("守护线程", 10, started), daemon=True).start()
started.acquire()
started.acquire()  # 两个线程都开始了
print("主线程：走到末尾")
