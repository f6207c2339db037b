# 运行：python3 code/python/ch02_07_as_completed.py
# 一批作业交给线程池，as_completed 按完成的先后逐个交回；出错的记一条警告，跳过。
import logging
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

LINES = ["a.pdf 1200", "b.pdf", "c.pdf 860", "d.pdf 3x", "e.pdf 40"]

def parse_line(line, seconds):
    """解析清单里的一行：“文件名 大小（KB）”。"""
    time.sleep(seconds)  # 假装要做一点耗时的工作
    name, size = line.split(" ")  # 缺少大小：ValueError
    return name, int(size)  # 大小不是整数：ValueError

files = []
with ThreadPoolExecutor(max_workers=len(LINES)) as pool:
    # 排在后面的行耗时更短，所以反而先做完
    futures = {pool.submit(parse_line, line, 0.1 * (len(LINES) - i)): line
               for i, line in enumerate(LINES)}
    for future in as_completed(futures):
        try:
            files.append(future.result())
        except ValueError as e:
            logging.warning("跳过 %r：%s", futures[future], e)
print(f"成功 {len(files)} 个（按完成的先后）：{files}")
