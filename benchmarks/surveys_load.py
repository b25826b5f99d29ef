"""Load generator for bench_surveys.py: residents who GET the form and POST their answers.

A separate process on loopback with a minimal asyncio HTTP/1.1 client (cheap on CPU, so the
server keeps the cores). Usage: python surveys_load.py HOST PORTS PATH CONCURRENCY SECONDS
PORTS is one port or several separated by commas (one per app server); the residents are spread
over them in turn. Prints one JSON line: successes (in all and per port), failures, POST
latencies (ms) percentiles.
"""

import asyncio
import json
import random
import re
import sys
import time
from urllib.parse import urlencode

TOKEN = re.compile(rb'name="token" value="([^"]+)"')
DEFINITION = re.compile(rb'name="definition" value="([^"]+)"')
STATEMENTS = re.compile(rb'name="(s\d+)"')
TEXTS = [
    "Vriendelijk geholpen, dank u wel.",
    "Ik moest lang wachten. Bel me op 06-12345678.",
    "Duidelijke uitleg over wat ik moest meenemen.",
    "",
]


async def request(host: str, port: int, method: str, path: str, headers: dict, body: bytes = b""):
    reader, writer = await asyncio.open_connection(host, port)
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    head.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    raw_head, _sep, payload = data.partition(b"\r\n\r\n")
    status = int(raw_head.split(b" ", 2)[1]) if raw_head else 0
    return status, raw_head, payload


async def resident(host, port, path, deadline, stats, rng):
    while time.perf_counter() < deadline:
        try:
            status, head, body = await request(host, port, "GET", path, {})
            if status != 200:
                stats["failures"] += 1
                continue
            token = TOKEN.search(body).group(1).decode()
            # Every hidden field, as a browser sends it; the form needs no cookie.
            definition = DEFINITION.search(body).group(1).decode()
            form = {"token": token, "definition": definition, "website": ""}
            for name in dict.fromkeys(STATEMENTS.findall(body)):
                form[name.decode()] = str(rng.choice([0, 2, 3, 4, 4, 5, 5]))
            form["mark"] = str(rng.randint(4, 10))
            form["good"] = rng.choice(TEXTS)
            form["better"] = ""
            payload = urlencode(form).encode()
            started = time.perf_counter()
            status, head, _body = await request(
                host,
                port,
                "POST",
                path,
                {"Content-Type": "application/x-www-form-urlencoded"},
                payload,
            )
            elapsed = (time.perf_counter() - started) * 1000
            if status == 302 and b"/m/bedankt/" in head:
                stats["successes"] += 1
                stats["per_port"][str(port)] = stats["per_port"].get(str(port), 0) + 1
                stats["latencies"].append(elapsed)
            else:
                stats["failures"] += 1
        except (OSError, AttributeError, IndexError, ValueError):
            stats["failures"] += 1


async def main(host, ports, path, concurrency, seconds) -> dict:
    stats = {"successes": 0, "failures": 0, "latencies": [], "per_port": {}}
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(
            resident(host, ports[n % len(ports)], path, deadline, stats, random.Random(n))
            for n in range(concurrency)
        )
    )
    elapsed = time.perf_counter() - started
    latencies = sorted(stats["latencies"]) or [0.0]

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * (len(latencies) - 1)))]

    return {
        "successes": stats["successes"],
        "per_port": stats["per_port"],
        "failures": stats["failures"],
        "seconds": elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
    }


if __name__ == "__main__":
    host, ports, path, concurrency, seconds = sys.argv[1:6]
    port_list = [int(port) for port in ports.split(",")]
    result = asyncio.run(main(host, port_list, path, int(concurrency), float(seconds)))
    print(json.dumps(result))
