# 运行：python3 code/python/ch03_02_lost_update.py
# asyncio 只有一个线程，不用锁也不丢数；但“读、改、写”中间隔着 await 就会丢。
import asyncio

counter = 0


async def add_at_once(times):
    global counter
    for _ in range(times):
        counter += 1  # 读、改、写之间没有 await，别的任务插不进来
        await asyncio.sleep(0)  # 每加一次就让出，十个任务轮流执行


async def add_across_await(times):
    global counter
    for _ in range(times):
        value = counter
        await asyncio.sleep(0)  # 读完就让出：别的任务读到的也是这个旧值
        counter = value + 1


async def main():
    global counter
    for worker in (add_at_once, add_across_await):
        counter = 0
        await asyncio.gather(*(worker(1000) for _ in range(10)))
        print(f"{worker.__name__:<17}10 个任务各加 1000 次，结果：{counter}")


asyncio.run(main())
