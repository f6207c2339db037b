# 运行：python3 code/python/ch02_08_which_build.py
# 这个 Python 是不是 free-threaded 构建？此刻 GIL 开着没有？
# 两个问题不一样：free-threaded 构建也会重新打开 GIL（设了 PYTHON_GIL=1，
# 或者导入了没有声明“不需要 GIL”的 C 扩展）。
import sys
import sysconfig

# 构建时是否去掉了 GIL（3.13 起才有这个变量；更早的版本返回 None）
free_threaded_build = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
# 此刻 GIL 是否开着（3.13 起才有 sys._is_gil_enabled；更早的版本一定开着）
gil_enabled = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True

print(f"free-threaded 构建：{'是' if free_threaded_build else '否'}")
print(f"GIL 开着：{'是' if gil_enabled else '否'}")
