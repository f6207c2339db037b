# 运行：python3 code/python/ch01_04_queue_whoever_free.py
# multiprocessing.Queue：哪个工作进程空了，哪个就去取下一个作业。
import multiprocessing as mp
import os
import time


def work(jobs, done, ready):
    ready.wait()  # 两个工作进程都启动好了，再一起开始取作业
    while (job := jobs.get()) is not None:
        time.sleep(1.0 if job == 1 else 0.05)  # 作业 1 很慢，其余都快
        done.put((job, os.getpid()))


if __name__ == "__main__":
    jobs, done, ready = mp.Queue(), mp.Queue(), mp.Barrier(2)
    for job in [1, 2, 3, 4, None, None]:  # 两个 None：一个工作进程一个，叫它退出
        jobs.put(job)
    workers = [mp.Process(target=work, args=(jobs, done, ready)) for _ in range(2)]
    for w in workers:
        w.start()
    who = dict(done.get() for _ in range(4))  # 作业编号 → 做它的进程号
    for w in workers:
        w.join()
    others = [job for job in sorted(who) if who[job] != who[1]]
    print("一个工作进程做慢作业 1 的时候，另一个做完了作业", others)
