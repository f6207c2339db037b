#!/usr/bin/env python3
"""像书页上的 ▶ 那样，请本机服务器编译、运行一个代码单元，打印它的输出。

用法：python3 .ci/play.py 端口 口令 示例名 [--total-within 比例]

程序退出码为 0 时本脚本以 0 结束，否则以 1 结束；参数不对时以 2 结束。
--total-within 0.2：程序最后打印的“总共耗费 X 秒”与运行器测得的用时相差不超过 20%
（▶ 显示的时长必须是真实发生的）。
"""
import json
import re
import sys
import urllib.request
from pathlib import Path


def fail_usage(problem):
    print(f"错误：{problem}\n用法：python3 .ci/play.py 端口 口令 示例名 [--total-within 比例]", file=sys.stderr)
    sys.exit(2)


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--total-within"):
        fail_usage("参数个数不对")
    port, token, name = argv[:3]
    if not port.isdigit() or not 0 < int(port) < 65536:
        fail_usage(f"端口必须是 1 到 65535 之间的整数，收到 `{port}`")
    within = None
    if len(argv) == 5:
        try:
            within = float(argv[4])
        except ValueError:
            fail_usage(f"比例必须是小数，收到 `{argv[4]}`")
    source = Path(__file__).resolve().parent.parent / "code" / "examples" / f"{name}.rs"
    if not source.is_file():
        fail_usage(f"没有这个示例：{source}")

    origin = f"http://127.0.0.1:{port}"
    request = urllib.request.Request(
        f"{origin}/api/run",
        data=json.dumps({"code": source.read_text(encoding="utf-8")}).encode(),
        headers={"Content-Type": "application/json", "X-Notebook-Token": token, "Origin": origin},
        method="POST",
    )
    output, finished = "", None
    with urllib.request.urlopen(request, timeout=1800) as response:
        for line in response:
            event = json.loads(line)
            if event["event"] == "output":
                print(event["text"], end="", flush=True)
                if event["stream"] == "program":
                    output += event["text"]
            elif event["event"] == "finished":
                finished = event
    if finished is None:
        print(f"{name}：没有收到结束事件", file=sys.stderr)
        return 1
    print(f"== {name}：{finished['message']}")
    if finished["outcome"] != "exited" or finished["code"] != 0:
        return 1
    if within is not None:
        totals = re.findall(r"总共耗费 ([0-9.]+) 秒", output)
        if not totals:
            print(f"{name}：输出里没有“总共耗费 X 秒”", file=sys.stderr)
            return 1
        printed, measured = float(totals[-1]), finished["elapsed_ms"] / 1000
        if abs(printed - measured) > within * measured:
            print(f"{name}：程序说总共 {printed} 秒，运行器测得 {measured} 秒，相差超过 {within:.0%}", file=sys.stderr)
            return 1
        print(f"== 程序说总共 {printed} 秒，运行器测得 {measured} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
