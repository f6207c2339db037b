# 运行：python3 code/python/ch02_05_lost_update.py
# 100 个线程各存 1 元：“读余额”和“写回”之间插进了别的线程，钱就丢了，没有任何报错。
import threading

balance = 0
# 屏障：等 100 个线程都读完余额，才有人去写。这是最坏的交错，固定下来，输出才每次一样；
# 换成 time.sleep(0.01) 这样的“处理耗时”，丢多少钱就看调度了。
everyone_has_read = threading.Barrier(100)

def deposit(amount):
    global balance
    new_balance = balance + amount  # 读
    everyone_has_read.wait()        # “处理耗时”：别的线程趁机也读到了旧余额
    balance = new_balance           # 写

threads = [threading.Thread(target=deposit, args=(1,)) for _ in range(100)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"余额：{balance} 元，丢了 {100 - balance} 元")
