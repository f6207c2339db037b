# 运行：python3 code/python/ch03_01_note_bugs.py
# 照笔记的思路写一遍，保留它的三个错误，看程序实际做了什么。
import asyncio


async def prime_filter(m, n):  # 错误：整个协程里没有一个 await
    primes = []
    for i in range(m, n + 1):
        for j in range(2, int(i ** 0.5) + 1):
            if i % j == 0:
                break
            primes.append(i)  # 错误：追加放进了内层循环
        if i % 25 == 0:
            print(f"prime_filter  检查到 {i}")
    return tuple(primes)


async def square_mapper(m, n):
    squares = []
    for i in range(m, n + 1):
        squares.append(i * i)
        if i % 25 == 0:
            print(f"square_mapper 算到 {i}")
        await asyncio.sleep(0)
    return squares


async def main():
    both = asyncio.gather(prime_filter(2, 100), square_mapper(1, 100))
    both.add_done_callback(lambda x: print("回调打印：", x.result))  # 错误：少了括号
    primes, _ = await both
    print(len(primes), "个“素数”，前八个：", primes[:8])
    print("2 在里面吗？", 2 in primes, "  3 在里面吗？", 3 in primes)


asyncio.run(main())  # 笔记用的 get_event_loop() 随版本而变，这里直接换掉
