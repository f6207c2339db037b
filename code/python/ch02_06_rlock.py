# 运行：python3 code/python/ch02_06_rlock.py
# Lock 不可重入，RLock 可以：加了锁的方法再去调用同样加锁的方法，就得用 RLock。
import threading

lock = threading.Lock()
with lock:
    # 同一个线程再拿一次 Lock：等到超时也拿不到（不设超时，就永远卡在这一句）
    again = lock.acquire(timeout=0.1)
    print(f"持有 Lock 时再加一次：{'拿到了' if again else '拿不到'}")

class Wallet:
    def __init__(self):
        self.lock = threading.RLock()  # 换成 Lock()，save_to_card 就会把自己锁死
        self.cash, self.card = 50, 0

    def withdraw_cash(self, amount):
        with self.lock:
            if self.cash < amount:
                raise ValueError(f"现金只有 {self.cash} 元，取不出 {amount} 元")
            self.cash -= amount

    def save_to_card(self, amount):
        with self.lock:  # 第一次加锁
            self.withdraw_cash(amount)  # 里面第二次加同一把锁
            self.card += amount

wallet = Wallet()
for amount in (30, 30):
    try:
        wallet.save_to_card(amount)
        print(f"存入 {amount} 元：成功")
    except ValueError as e:
        print(f"存入 {amount} 元：失败，{e}")
print(f"现金 {wallet.cash} 元，卡里 {wallet.card} 元")
