"""Runs the benchmarks: every benchmarks/bench_*.py, or the ones named on the command line.

`make bench` runs them all; `make bench BENCH=pages` runs only bench_pages.py. Each prints its
own table. Speed targets live here, never in timed tests.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem.removeprefix('bench_')} ===", flush=True)
        failed |= subprocess.call([sys.executable, str(script)])
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
