# 运行：python3 code/python/ch01_06_shared_memory.py
# multiprocessing.shared_memory：几个进程看见同一块内存。里面只是字节，怎么排、怎么同步、何时删掉，都归你管。
import struct
from multiprocessing import Lock, Process, shared_memory

ROUNDS = 5000


def add(name, lock):
    shm = shared_memory.SharedMemory(name=name)  # 按名字找到同一块内存
    for _ in range(ROUNDS):
        with lock:  # 读-改-写必须在锁里做完，否则两个进程会互相覆盖
            (n,) = struct.unpack_from("q", shm.buf, 0)  # 开头 8 个字节当一个整数
            struct.pack_into("q", shm.buf, 0, n + 1)
    shm.close()


if __name__ == "__main__":
    shm = shared_memory.SharedMemory(create=True, size=8)
    struct.pack_into("q", shm.buf, 0, 0)
    lock = Lock()  # 锁是另一样东西，要自己传给每个进程
    workers = [Process(target=add, args=(shm.name, lock)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    (n,) = struct.unpack_from("q", shm.buf, 0)
    print(f"2 个进程各加 {ROUNDS} 次，共享内存里是 {n}")
    shm.close()
    shm.unlink()  # 不删，它会一直留在系统里（Linux 上是 /dev/shm 下的一个文件）
