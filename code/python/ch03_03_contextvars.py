# 运行：python3 code/python/ch03_03_contextvars.py
# asyncio 的任务都在同一个线程上：threading.local 被所有任务共用，ContextVar 才是每个任务一份。
import asyncio
import contextvars
import threading

local = threading.local()
request_id = contextvars.ContextVar("request_id")


async def child():
    return request_id.get("（没有）")


async def handle(n):
    local.request = n
    request_id.set(n)
    await asyncio.sleep(0)  # 让出：另一个请求在同一个线程上接着跑
    seen = await asyncio.create_task(child())
    print(f"请求 {n}：threading.local 里是 {local.request}，"
          f"ContextVar 里是 {request_id.get()}，它开的子任务里是 {seen}")


async def main():
    await asyncio.gather(handle(1), handle(2))


asyncio.run(main())
