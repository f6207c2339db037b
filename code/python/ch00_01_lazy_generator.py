# 运行：python3 code/python/ch00_01_lazy_generator.py
# 生成器表达式是惰性的：建好时什么都没算，有人来取值才逐个计算。
def double(x):
    print(f"  计算 {x} * 2")
    return x * 2


v = [1, 2, 3]
doubled = (double(x) for x in v)
print("生成器建好了")  # 到这里一次 double 都还没调用

total = sum(doubled)  # sum 逐个取值，这时才计算
print(f"sum 的结果：{total}")

result = list(double(x) for x in v)  # list(…) 相当于 Rust 的 collect()
print(f"list 的结果：{result}")
