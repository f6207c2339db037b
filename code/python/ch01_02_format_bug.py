# 运行：python3 code/python/ch01_02_format_bug.py
# % 比逗号结合得更紧：格式字符串要两个值，却只拿到一个；运行到这一行才报错。
import time

filename = "996 save.pdf"
print(f"开始下载 {filename}...")
start = time.perf_counter()
time.sleep(0.6)  # 假装在下载
seconds = time.perf_counter() - start
print("%s 下载完成，耗费 %.2f 秒" % filename, seconds)
