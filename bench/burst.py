#!/usr/bin/env python3
"""bench/burst.py — a connection storm: N new connections at once, each sending one request.

usage: burst.py HOST PORT N PATH [BODY_FILE] [--hold SECONDS]

Opens N TCP connections concurrently (one asyncio task each, all started before any finishes),
sends one HTTP/1.1 POST of BODY_FILE (application/json) on each, and reads its response. Reports
one line:

  BURST n=N ok=... errors=... p50_ms=... p90_ms=... p99_ms=... max_ms=... wall_ms=...

where each time is from the connection attempt to the end of that connection's first response:
what a client of a gateway that accepts slowly waits (the kernel completes the TCP handshake from
the backlog, the gateway's accept and first read come after). With --hold, the connections stay
open that many seconds after the line is printed (for a memory sample), then close.
"""
import asyncio
import sys
import time


async def one(host, port, request, results, opened):
    start = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 60)
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        if length:
            await asyncio.wait_for(reader.readexactly(length), 60)
        ok = head.startswith(b"HTTP/1.1 200")
        results.append((time.perf_counter() - start, ok))
        opened.append(writer)
    except Exception:  # refused, reset, timed out: counted, never fatal
        results.append((time.perf_counter() - start, False))


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    hold = 0.0
    if "--hold" in sys.argv:
        hold = float(sys.argv[sys.argv.index("--hold") + 1])
        args.remove(sys.argv[sys.argv.index("--hold") + 1])
    host, port, n, path = args[0], int(args[1]), int(args[2]), args[3]
    body = open(args[4], "rb").read() if len(args) > 4 else b'{"id":"x"}'
    request = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    results, opened = [], []
    wall = time.perf_counter()
    await asyncio.gather(*(one(host, port, request, results, opened) for _ in range(n)))
    wall = time.perf_counter() - wall
    times = [t * 1000 for t, ok in results if ok]
    print(f"BURST n={n} ok={len(times)} errors={n - len(times)} p50_ms={percentile(times, 0.50):.1f} "
          f"p90_ms={percentile(times, 0.90):.1f} p99_ms={percentile(times, 0.99):.1f} "
          f"max_ms={max(times, default=0):.1f} wall_ms={wall * 1000:.0f}", flush=True)
    if hold:
        await asyncio.sleep(hold)
    for writer in opened:
        writer.close()


if __name__ == "__main__":
    asyncio.run(main())
