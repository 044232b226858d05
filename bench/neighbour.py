#!/usr/bin/env python3
"""bench/neighbour.py — a busy neighbour: another tenant's work on the gateway's core.

usage: neighbour.py [--busy PERCENT] [--period MS]

Burns CPU for PERCENT of every PERIOD milliseconds (default 50% of 10 ms: 5 ms busy, 5 ms
asleep) until it is killed. bench/load.sh --neighbour starts it pinned to the gateway's core, so
the gateway under test shares that core with a process that is neither idle nor always runnable,
as on a node where a sidecar's neighbours have work in bursts. Issue 16 asks for Rosetta's p99 to
stay no worse than grpc-gateway's "also with a busy neighbour on the machine": there the JVM's
JIT and GC threads compete with the event loop and the neighbour for one core.
"""
import sys
import time


def main():
    busy, period = 50.0, 10.0
    args = sys.argv[1:]
    while args:
        flag = args.pop(0)
        if flag == "--busy":
            busy = float(args.pop(0))
        elif flag == "--period":
            period = float(args.pop(0))
        else:
            sys.exit(f"unknown option {flag} (usage: neighbour.py [--busy PERCENT] [--period MS])")
    if not 0 < busy <= 100 or period <= 0:
        sys.exit("--busy must be in (0, 100] and --period above 0")
    burn, rest = period * busy / 100_000, period * (100 - busy) / 100_000  # seconds
    while True:
        until = time.perf_counter() + burn
        while time.perf_counter() < until:
            pass
        if rest > 0:
            time.sleep(rest)


if __name__ == "__main__":
    main()
