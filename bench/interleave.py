#!/usr/bin/env python3
"""Commands timed in turn, round after round (weir benchmarks).

usage: interleave.py ROUNDS NAME=COMMAND...

Each round runs every command once, in the order given (through the shell,
output to /dev/null), so a slow phase of the host slows all of them alike;
hyperfine runs one command's rounds together instead. Prints per command the
median and least wall time, the median CPU time (user + system, all
threads), the peak RSS, and the median over rounds of this command's time
divided by the first one's (how many times as long it takes): a ratio taken
within each round, which a change of phase between rounds does not move.
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    if any(len(c) != 2 for c in commands):
        sys.exit("interleave.py: each command is NAME=COMMAND")
    runs = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            start = time.perf_counter()
            process = subprocess.Popen(command, shell=True, stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            if status != 0:
                sys.exit(f"interleave.py: {name} failed (status {status}): {command}")
            runs[name].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss))
    first = commands[0][0]
    print(f"| command | median ms | least ms | CPU ms | peak RSS MB | command / {first} |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _ in commands:
        r = runs[name]
        ratio = statistics.median(b[0] / a[0] for a, b in zip(runs[first], r))
        print(f"| {name} | {statistics.median(x[0] for x in r) * 1000:.1f} | {min(x[0] for x in r) * 1000:.1f} "
              f"| {statistics.median(x[1] for x in r) * 1000:.1f} | {max(x[2] for x in r) / 1024:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
