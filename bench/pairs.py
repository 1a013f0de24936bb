#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Time a peer tool and sevkit in turn - peer, sevkit, peer, sevkit ... - on the same input.

On a shared machine the speed drifts while a benchmark runs. Two runs taken back to back see
about the same machine, so the ratio of each pair is steadier than the ratio of two medians
taken minutes apart; the median of those ratios is what the benchmarks quote. Each run is timed
from outside, start-up included: wall time on a monotonic clock, CPU time (user + system) from
the kernel's accounting of the reaped child and what it waited for.

    %s

prints key=value lines: peer_wall, peer_cpu, sevkit_wall, sevkit_cpu (medians, seconds),
wall_ratio and cpu_ratio (median of peer/sevkit pair by pair, so > 1 means sevkit is faster),
wall_ratio_min, wall_ratio_max (the spread), runs, peer_status and sevkit_status (the exit
status, the same in every run or the benchmark stops). --before runs untimed before each run.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

USAGE = "bench/pairs.py [-n RUNS] [-w WARMUP] [--before SHELL] -- PEER ARGS... -- SEVKIT ARGS..."
__doc__ %= USAGE


def run_once(cmd, before):
    """(wall, cpu, status) of one run of cmd; exits if cmd could not run or was killed."""
    if before:
        subprocess.run(["sh", "-c", before], check=True)
    start = time.monotonic()
    # Output goes to a pipe that is read and dropped, not to /dev/null: GNU grep, seeing
    # /dev/null, stops at the first match.
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError as e:
        sys.exit("pairs: %s: %s" % (cmd[0], e.strerror))
    while proc.stdout.read(1 << 16):
        pass
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    # 126/127: not started; negative: killed by a signal. A tool that failed fast must not
    # be timed as a tool that ran fast; a plain non-zero status (grep's 1, a verdict) is kept.
    if code < 0 or code >= 126:
        sys.exit("pairs: %s ended with status %d" % (cmd[0], code))
    return wall, usage.ru_utime + usage.ru_stime, code


def status(cmd, results):
    """The exit status every run of cmd gave: a tool that answers differently is not timed."""
    codes = {r[2] for r in results}
    if len(codes) != 1:
        sys.exit("pairs: %s gave exit statuses %s" % (cmd[0], sorted(codes)))
    return codes.pop()


def pairs(peer, sevkit, runs=5, warmup=1, before=None):
    """Medians and pair-by-pair ratios of peer and sevkit, taken in turn."""
    p, s = [], []
    for _ in range(warmup + runs):
        p.append(run_once(peer, before))
        s.append(run_once(sevkit, before))
    peer_status, sevkit_status = status(peer, p), status(sevkit, s)
    p, s = p[warmup:], s[warmup:]
    wall_ratios = [a[0] / b[0] for a, b in zip(p, s)]
    cpu_ratios = [a[1] / b[1] for a, b in zip(p, s)]
    med = statistics.median
    return {
        "peer_wall": med(x[0] for x in p), "peer_cpu": med(x[1] for x in p),
        "sevkit_wall": med(x[0] for x in s), "sevkit_cpu": med(x[1] for x in s),
        "wall_ratio": med(wall_ratios), "cpu_ratio": med(cpu_ratios),
        "wall_ratio_min": min(wall_ratios), "wall_ratio_max": max(wall_ratios),
        "runs": runs, "peer_status": peer_status, "sevkit_status": sevkit_status,
    }


def main():
    ap = argparse.ArgumentParser(usage=USAGE)
    ap.add_argument("-n", "--runs", type=int, default=5)
    ap.add_argument("-w", "--warmup", type=int, default=1)
    ap.add_argument("--before")
    ap.add_argument("commands", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmds = args.commands[1:] if args.commands[:1] == ["--"] else args.commands
    if "--" not in cmds or cmds.index("--") in (0, len(cmds) - 1) or args.runs < 1:
        ap.error("give -- PEER ARGS... -- SEVKIT ARGS...")
    cut = cmds.index("--")
    res = pairs(cmds[:cut], cmds[cut + 1:], args.runs, args.warmup, args.before)
    for key, value in res.items():
        print("%s=%s" % (key, value if isinstance(value, int) else "%.4f" % value))


if __name__ == "__main__":
    main()
