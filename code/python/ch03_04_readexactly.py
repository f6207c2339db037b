# 运行：python3 code/python/ch03_04_readexactly.py
# asyncio 的 StreamReader 把收到的字节存在自己的缓冲区里，readexactly 凑够了才取走：
# 等它的协程被超时取消，读到一半的字节还留在 reader 里，一个也不丢。
import asyncio


async def main():
    reader = asyncio.StreamReader()
    reader.feed_data(b"ms")  # 一条 4 字节的消息，先到了一半
    try:
        await asyncio.wait_for(reader.readexactly(4), timeout=0.02)
    except asyncio.TimeoutError:
        print("20 毫秒没等到一整条，接着等")

    reader.feed_data(b"g1ms")
    reader.feed_data(b"g2")
    reader.feed_eof()
    while True:
        try:
            message = await reader.readexactly(4)
        except asyncio.IncompleteReadError:
            print("对方关闭了连接")
            break
        print(f"收到 {message.decode()!r}")


asyncio.run(main())
