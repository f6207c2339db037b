# 运行：python3 code/python/ch00_03_with_lock.py
# with lock：进入时加锁，离开缩进块时解锁，块里抛出异常也一样。
import threading

lock = threading.Lock()
balance = 0


def deposit(amount):
    global balance
    with lock:  # 进入时加锁
        print(f"  块里：锁占着吗？{lock.locked()}")
        if amount <= 0:
            raise ValueError(f"存款必须是正数，收到 {amount}")
        balance += amount
    # 离开缩进块时已经解锁


deposit(10)
print(f"存入 10 之后：余额 {balance}，锁还占着吗？{lock.locked()}")
try:
    deposit(-5)
except ValueError as e:
    print(f"出错了：{e}")
print(f"出错之后：余额 {balance}，锁还占着吗？{lock.locked()}")
