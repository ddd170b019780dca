"""A bounded soak test: the real server under load while imports run (issue 7).

For each database — a copy of a SQLite file seeded with the demo data, and a fresh PostgreSQL
database (created here and dropped afterwards) when one is reachable — it:

1. starts ``python -m coordinator serve --db URL --port P`` (gunicorn, 2 workers x 4 threads)
   on 127.0.0.1 and waits until it answers;
2. warms it up with two requests to every address, then reads the resident memory (VmRSS of
   ``/proc/<pid>/status``) of the gunicorn master and each worker;
3. for ``--seconds`` (120) sends requests from ``--clients`` (4) threads — pages, API lists
   and details, match suggestions — while a background thread runs ``coordinator import`` of
   the demo document with small changes every ``--import-every`` (5) seconds;
4. reads the memory again half-way and at the end, stops the server, and reports requests,
   errors (any 5xx, any connection error or timeout, any failed import), latency p50/p95 and
   memory.

Only loopback addresses are used; the run is bounded in time (at most 600 s per database) and
in requests (``--max-requests``). Exit status 1 when there was any error, or when memory grew
beyond the bound. The bound is on the floor of the total resident memory of the server's
processes, sampled every 2 s: the lowest total of the second half may be at most
``--max-floor-growth`` (5 %) above the lowest total of the first half after ``--settle`` (30)
seconds. Each import makes every worker build new snapshots while requests still hold the old
ones, so the total saws up and down by some 10 %; what a leak keeps, it keeps between the
rebuilds too, and the floor rises. (Before a cache defect was fixed, the floor rose about
9.5 % in the second half, from samples every 10 s.) The growth from the start to the end is
reported, warm-up included.

Usage: ``python -m bench.soak [--seconds 120] [--clients 4] [--no-postgres] [--json]``.
"""
from __future__ import annotations

import argparse
import copy
import http.client
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.soak_server import ROOT, Server, cli, drop_postgres, fresh_postgres, seeded_sqlite

__all__ = ["main", "soak", "changed_demo", "addresses"]

DEMO = ROOT / "seed_data" / "demo" / "demo.json"
MAX_SECONDS = 600


# --- load and imports ---------------------------------------------------------------------------

def addresses(demo: dict, rng: random.Random) -> list[str]:
    """Pages, API lists and details and match suggestions over public records of the demo."""
    needs = [n["id"] for n in demo["needs"] if not n.get("confidential")]
    initiatives = [i["id"] for i in demo["initiatives"]]
    providers = [p["id"] for p in demo["providers"]]
    countries = sorted({n["country"] for n in demo["needs"]})
    pick = lambda items, k: rng.sample(items, min(k, len(items)))  # noqa: E731
    urls = ["/", "/needs/", "/needs/?page=2", "/needs/?component=i", "/initiatives/",
            "/providers/", "/countries/", "/api/v1/needs?per_page=100", "/api/v1/initiatives",
            "/api/v1/providers", "/api/v1/capacities", "/api/v1/needs?country=KEN"]
    urls += [f"/needs/{n}" for n in pick(needs, 8)] + [f"/api/v1/needs/{n}"
                                                        for n in pick(needs, 4)]
    urls += [f"/initiatives/{i}" for i in pick(initiatives, 4)]
    urls += [f"/providers/{p}" for p in pick(providers, 4)]
    urls += [f"/countries/{c}" for c in pick(countries, 4)]
    urls += [f"/api/v1/match?need={n}" for n in pick(needs, 6)]
    urls += [f"/api/v1/match?provider={p}" for p in pick(providers, 3)]
    return urls


@dataclass
class Tally:
    """What the clients and the importer saw."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    imports: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, status: int | None, what: str) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1
            if status is None or status >= 500:
                self.errors.append(f"{status or 'connection error'} {what}")


def client(port: int, urls: list[str], deadline: float, budget: threading.Semaphore,
           tally: Tally, seed: int) -> None:
    """Send requests until the deadline or the request budget is spent."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        url = rng.choice(urls)
        started = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            tally.record(time.perf_counter() - started, response.status, url)
        except (OSError, http.client.HTTPException) as error:
            tally.record(time.perf_counter() - started, None, f"{url}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def changed_demo(demo: dict, round_number: int) -> dict:
    """The demo document with small changes: three titles, a priority and one new need."""
    document = copy.deepcopy(demo)
    needs = document["needs"]
    for offset in range(3):
        need = needs[(round_number * 3 + offset) % len(needs)]
        need["title"] = f"{need['title'].split(' (soak ')[0]} (soak round {round_number})"
    needs[round_number % len(needs)]["priority"] = 1 + round_number % 5
    needs.append({"id": f"soak-need-{round_number:04d}", "country": "KEN", "component": "i",
                  "title": f"Soak-test need {round_number}", "priority": 3})
    return document


def importer(url: str, work: Path, demo: dict, every: float, deadline: float,
             tally: Tally) -> None:
    """Import the changed demo document through the CLI every ``every`` seconds."""
    round_number = 0
    while True:
        started = time.monotonic()
        if started + 1 >= deadline:
            return
        round_number += 1
        path = work / f"soak-{round_number % 2}.json"
        path.write_text(json.dumps(changed_demo(demo, round_number)))
        run = cli("import", str(path), "--db", url, timeout=max(deadline - started, 5) + 60)
        with tally.lock:
            tally.imports.append(time.monotonic() - started)
            if run.returncode != 0:
                tally.errors.append(f"import {round_number} exit {run.returncode}: "
                                    f"{run.stderr.strip()[-300:]}")
        time.sleep(max(0.0, every - (time.monotonic() - started)))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def soak(label: str, url: str, work: Path, args: argparse.Namespace) -> dict:
    """Run the soak against one database; returns its figures."""
    demo = json.loads(DEMO.read_text())
    urls = addresses(demo, random.Random(7))
    server = Server(url, work, args.workers, args.threads)
    tally = Tally()
    memory: dict[str, dict[str, int]] = {}
    timeline: list[tuple[int, int]] = []
    try:
        server.wait_ready()
        warm = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        for address in urls * 2:  # every worker loads its snapshot and code
            warm.request("GET", address)
            warm.getresponse().read()
        warm.close()
        memory["start"] = server.memory()
        seconds = min(args.seconds, MAX_SECONDS)
        began = time.monotonic()
        deadline = began + seconds
        budget = threading.Semaphore(args.max_requests)
        threads = [threading.Thread(target=client, args=(server.port, urls, deadline, budget,
                                                          tally, n)) for n in range(args.clients)]
        threads.append(threading.Thread(target=importer, args=(
            url, work, demo, args.import_every, deadline, tally)))
        for thread in threads:
            thread.start()
        while time.monotonic() < deadline:  # a total every 2 s, and the middle
            time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
            timeline.append((round(time.monotonic() - began), sum(server.memory().values())))
            if "middle" not in memory and time.monotonic() >= began + seconds / 2:
                memory["middle"] = server.memory()
        for thread in threads:
            thread.join(timeout=seconds + 180)
        elapsed = time.monotonic() - began
        memory["end"] = server.memory()
    finally:
        server.stop()
    workers = {moment: sorted(name for name in sizes if name != "master")
               for moment, sizes in memory.items()}
    if len({tuple(names) for names in workers.values()}) > 1:
        tally.errors.append(f"gunicorn workers were replaced during the run: {workers}")
    totals = {moment: sum(sizes.values()) for moment, sizes in memory.items()}
    growth = totals["end"] / totals["start"] - 1 if totals.get("start") else 0.0
    late = totals["end"] / totals["middle"] - 1 if totals.get("middle") else 0.0
    settle = min(args.settle, elapsed / 4)  # short trial runs settle for a quarter
    first = [kib for at, kib in timeline if settle <= at < elapsed / 2]
    second = [kib for at, kib in timeline if at >= elapsed / 2]
    floors = (min(first, default=0), min(second, default=0))
    floor_growth = floors[1] / floors[0] - 1 if floors[0] else 0.0
    return {
        "database": label, "seconds": round(elapsed, 1), "clients": args.clients,
        "workers": args.workers, "threads": args.threads, "addresses": len(urls),
        "requests": len(tally.latencies), "per_second": round(len(tally.latencies) / elapsed, 1),
        "statuses": dict(sorted(tally.statuses.items())), "errors": tally.errors[:20],
        "error_count": len(tally.errors),
        "p50_ms": round(_percentile(tally.latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(tally.latencies, 0.95) * 1000, 1),
        "max_ms": round(max(tally.latencies, default=0) * 1000, 1),
        "imports": len(tally.imports),
        "import_seconds_mean": round(sum(tally.imports) / max(len(tally.imports), 1), 2),
        "rss_kib": memory, "rss_total_kib": totals, "rss_timeline_kib": timeline,
        "growth": round(growth, 4), "late_growth": round(late, 4),
        "floor_kib": floors, "floor_growth": round(floor_growth, 4),
        "memory_ok": floor_growth <= args.max_floor_growth,
    }


def _report(result: dict) -> str:
    mib = lambda kib: f"{kib / 1024:.1f}"  # noqa: E731
    lines = [f"## {result['database']}", "",
             f"{result['requests']} requests in {result['seconds']} s "
             f"({result['per_second']}/s) from {result['clients']} clients over "
             f"{result['addresses']} addresses; {result['imports']} imports "
             f"(mean {result['import_seconds_mean']} s each)",
             f"statuses {result['statuses']}; errors {result['error_count']}",
             f"latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
             f"max {result['max_ms']} ms", "",
             "| process | start MiB | middle MiB | end MiB |", "|---|---|---|---|"]
    memory = result["rss_kib"]
    for name in memory["start"]:
        values = [memory[m].get(name, 0) for m in ("start", "middle", "end")]
        lines.append(f"| {name} | " + " | ".join(mib(v) for v in values) + " |")
    totals = result["rss_total_kib"]
    lines.append("| total | " + " | ".join(mib(totals[m]) for m in ("start", "middle", "end"))
                 + " |")
    windows: dict[int, int] = {}
    for at, kib in result["rss_timeline_kib"]:
        window = min(at // 10 * 10 + 10, int(result["seconds"]))
        windows[window] = min(windows.get(window, kib), kib)
    lines += ["", "lowest total MiB in each 10 s: " + ", ".join(
        f"{at} s {mib(kib)}" for at, kib in windows.items())]
    floors = result["floor_kib"]
    lines += ["", f"growth start->end {result['growth']:+.1%} (warm-up included), end/middle "
                  f"{result['late_growth']:+.1%}; floor {mib(floors[0])} -> {mib(floors[1])} "
                  f"MiB ({result['floor_growth']:+.1%}): "
                  f"{'within' if result['memory_ok'] else 'BEYOND'} the bound"]
    lines += [f"- {error}" for error in result["errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the soak on SQLite and (when reachable) PostgreSQL; 1 on errors or memory growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--import-every", type=float, default=5.0)
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--settle", type=float, default=30.0)
    parser.add_argument("--max-floor-growth", type=float, default=0.05)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="cc-soak-") as temporary:
        work = Path(temporary)
        results.append(soak("SQLite (seeded copy)", seeded_sqlite(work), work, args))
        made = None if args.no_postgres else fresh_postgres()
        if made is not None:
            url, name = made
            try:
                results.append(soak("PostgreSQL (fresh database)", url, work, args))
            finally:
                drop_postgres(name)
    machine = (f"{platform.node()}: {platform.platform()}, Python {platform.python_version()}, "
               f"{os.cpu_count()} CPUs")
    if args.json:
        print(json.dumps({"machine": machine, "results": results}, indent=1))
    else:
        print(f"# Soak test\n\n{machine}\n")
        print("\n\n".join(_report(r) for r in results))
        if made is None and not args.no_postgres:
            print("\nPostgreSQL was not reachable: SQLite only.")
    failed = any(r["error_count"] or not r["memory_ok"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
