"""``python -m bench``: every benchmark in turn (``make bench``); results go to stdout.

``--quick`` runs small sizes only. Record the figures in docs/benchmarks.md with the machine.
"""
from __future__ import annotations

import argparse
import subprocess
import sys

SUITES = ("bench.bench_analysis", "bench.bench_matching", "bench.load")


def main(argv: list[str] | None = None) -> int:
    """Run each benchmark module in its own process (fair memory figures); stop at a failure."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--only", choices=SUITES, action="append", help="run just these")
    args = parser.parse_args(argv)
    for suite in args.only or SUITES:
        print(f"## {suite}", flush=True)
        command = [sys.executable, "-m", suite, *(["--quick"] if args.quick else [])]
        if suite == "bench.bench_matching" and not args.quick:
            command.append("--no-lp")
        code = subprocess.call(command)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
