"""A bounded load test of the web application on loopback, with 10,000 initiatives (issue 6).

For each database — a fresh SQLite file, and a fresh PostgreSQL database (created here and
dropped afterwards) when one is reachable — it:

1. writes a synthetic document (``bench.generate``: 10,000 initiatives, 2,000 needs, 300
   providers, 500 capacities and a profile per country) and imports it with the real CLI
   (``coordinator init``, ``seed --no-demo``, ``import``);
2. starts ``python -m coordinator serve`` (gunicorn, ``--workers`` 2 x ``--threads`` 4) on
   127.0.0.1 and warms it up: every worker builds its snapshot and analyses (the caches are per
   data version), and every address of the load is asked once per worker;
3. runs ``--clients`` (50) client threads, each on its own keep-alive connection, for at most
   ``--seconds`` (45) or ``--max-requests`` (6,000) requests. Each client asks for one of three
   routes in turn — the dashboard ``/``, the initiative list with a filter and a page, and a
   match page (``/providers/<id>/fit``) — then waits a think time drawn uniformly from
   0..2 x ``--think`` (1 s on average: a person reading a page for a moment), so 50 clients
   offer about 50 requests a second. ``--think 0`` makes it a closed loop that measures the
   most the server can take instead;
4. reports, per route, requests, p50 / p95 / max latency (from sending the request to the last
   byte of the answer) and errors (any status other than 200, any connection error or timeout).

Exit status 1 when there was an error or a route's p95 is above ``--target-ms`` (150).

Usage: ``python -m bench.load [--clients 50] [--seconds 45] [--think 1.0] [--no-postgres]
[--json]``; ``--quick`` uses 2,000 initiatives and 20 seconds.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.soak_server import Server, cli, drop_postgres, postgres_admin_url

__all__ = ["ROUTES", "Tally", "addresses", "prepare", "load", "main"]

ROUTES = ("dashboard", "initiative list", "match page")
MAX_SECONDS = 300
_STATUSES = ("planned", "ongoing", "completed")


def _checked(run: subprocess.CompletedProcess, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}): {run.stderr[-2000:]}")


def prepare(url: str, document: Path) -> float:
    """Create the schema and reference data at ``url`` and import ``document``; seconds taken."""
    _checked(cli("init", "--db", url), "init")
    _checked(cli("seed", "--no-demo", "--db", url), "seed")
    started = time.monotonic()
    _checked(cli("import", str(document), "--db", url, timeout=900), "import")
    return time.monotonic() - started


def fresh_postgres_database() -> tuple[str, str] | None:
    """An empty PostgreSQL database (its URL and name), or None when no server is reachable."""
    import secrets

    import psycopg

    admin = postgres_admin_url()
    name = f"cc_load_{secrets.token_hex(5)}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    return f"{admin.rsplit('/', 1)[0]}/{name}", name


def addresses(document: dict, rng: random.Random) -> dict[str, list[str]]:
    """The addresses of each route: the dashboard, list pages with a filter, match pages."""
    counts: dict[str, int] = {}
    for initiative in document["initiatives"]:
        for code in initiative["recipient_countries"]:
            counts[code] = counts.get(code, 0) + 1
    countries = sorted(counts, key=lambda c: (-counts[c], c))[:30]
    components = sorted({c for i in document["initiatives"] for c in i["components"]})
    lists = []
    for _ in range(60):
        shape = rng.randrange(4)
        if shape == 0:
            query = f"country={rng.choice(countries)}"
        elif shape == 1:
            query = f"component={rng.choice(components)}&status={rng.choice(_STATUSES)}"
        elif shape == 2:
            query = f"country={rng.choice(countries)}&component={rng.choice(components)}"
        else:
            query = f"status={rng.choice(_STATUSES)}&sort=budget&order=desc"
        lists.append(f"/initiatives/?{query}&page={rng.randint(1, 3)}")
    funders = [p["id"] for p in document["providers"]
               if p.get("budget") and p["kind"] not in ("expert", "country")]
    fits = [f"/providers/{p}/fit" for p in rng.sample(funders, min(20, len(funders)))]
    return {"dashboard": ["/"], "initiative list": sorted(set(lists)), "match page": fits}


@dataclass
class Tally:
    """What the clients saw, per route."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROUTES})
    errors: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in ROUTES})
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count_retry(self) -> None:
        """A request sent again on a new connection after the idle one was closed."""
        with self.lock:
            self.retries += 1

    def record(self, route: str, seconds: float, problem: str | None) -> None:
        """One answer: its latency, and what was wrong with it (None for a 200)."""
        with self.lock:
            self.latencies[route].append(seconds)
            if problem:
                self.errors[route].append(problem)


def _fetch(connection: http.client.HTTPConnection, address: str) -> int:
    connection.request("GET", address)
    response = connection.getresponse()
    response.read()
    return response.status


def client(port: int, routes: dict[str, list[str]], deadline: float,
           budget: threading.Semaphore, tally: Tally, think: float, seed: int) -> None:
    """Ask for the routes in turn, waiting a think time between answers, until the end."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    turn = seed % len(ROUTES)
    time.sleep(rng.uniform(0, 2 * think))  # the clients do not all start at once
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        route = ROUTES[turn % len(ROUTES)]
        turn += 1
        address = rng.choice(routes[route])
        started = time.perf_counter()
        reused = connection.sock is not None
        try:
            try:
                status = _fetch(connection, address)
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                if not reused:
                    raise
                # the server closed the idle keep-alive connection as the request went out:
                # ask again on a new one, as browsers do for a GET (the time counts)
                connection.close()
                tally.count_retry()
                status = _fetch(connection, address)
            problem = None if status == 200 else f"{status} {address}"
        except (OSError, http.client.HTTPException) as error:
            problem = f"{address}: {error!r}"
            connection.close()
        tally.record(route, time.perf_counter() - started, problem)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
    connection.close()


def _warm_lane(port: int, lane: list[str], slowest: list[float], failures: list[str]) -> None:
    """Ask for the addresses of one lane on one connection; note the slowest and any failure."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        for address in lane:
            began = time.perf_counter()
            status = _fetch(connection, address)
            slowest.append(time.perf_counter() - began)
            if status != 200:
                failures.append(f"{address} answered {status}")
    except (OSError, http.client.HTTPException) as error:
        failures.append(repr(error))
    finally:
        connection.close()


def warm_up(port: int, routes: dict[str, list[str]], workers: int, threads: int,
            quick: float = 1.0, rounds: int = 10) -> float:
    """Ask for every address from many connections at once, round after round, until a whole
    round is answered within ``quick`` seconds each: then every worker has built its snapshot
    and analyses (a connection stays with one worker, so one connection warms only one).
    Seconds taken."""
    started = time.monotonic()
    order = [a for addresses_ in routes.values() for a in addresses_] * workers
    lanes = 2 * workers * threads
    for _ in range(rounds):
        slowest: list[float] = []
        failures: list[str] = []
        lane_threads = [threading.Thread(target=_warm_lane, args=(
            port, order[n::lanes], slowest, failures)) for n in range(lanes)]
        for thread in lane_threads:
            thread.start()
        for thread in lane_threads:
            thread.join()
        if failures:
            raise SystemExit(f"warm-up failed: {failures[:3]}")
        if max(slowest, default=0.0) <= quick:
            break
    return time.monotonic() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def load(label: str, url: str, work: Path, document: dict, args: argparse.Namespace) -> dict:
    """Serve ``url`` and run the load against it; its figures per route."""
    routes = addresses(document, random.Random(11))
    server = Server(url, work, args.workers, args.threads)
    tally = Tally()
    try:
        server.wait_ready(timeout=300)
        warm = warm_up(server.port, routes, args.workers, args.threads)
        seconds = min(args.seconds, MAX_SECONDS)
        began = time.monotonic()
        deadline = began + seconds
        budget = threading.Semaphore(args.max_requests)
        threads = [threading.Thread(target=client, args=(
            server.port, routes, deadline, budget, tally, args.think, n))
            for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - began
    finally:
        server.stop()
    per_route = {}
    for route in ROUTES:
        values = tally.latencies[route]
        per_route[route] = {
            "requests": len(values), "errors": len(tally.errors[route]),
            "p50_ms": round(_percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
            "max_ms": round(max(values, default=0.0) * 1000, 1),
            "first_errors": tally.errors[route][:5],
        }
    total = sum(r["requests"] for r in per_route.values())
    return {"database": label, "warm_up_s": round(warm, 1), "seconds": round(elapsed, 1),
            "requests": total, "per_second": round(total / elapsed, 1) if elapsed else 0.0,
            "retries": tally.retries, "routes": per_route}


def machine() -> dict:
    """nproc, the CPU model and the Python version the figures were measured with."""
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "load_average": [round(x, 1) for x in os.getloadavg()]}


def _table(result: dict, target_ms: float) -> str:
    lines = [f"### {result['database']}: {result['requests']} requests in {result['seconds']} s "
             f"({result['per_second']} a second; warm-up {result['warm_up_s']} s; "
             f"{result['retries']} sent again after an idle connection closed)", "",
             "| route | requests | p50 (ms) | p95 (ms) | max (ms) | errors | p95 target met |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for route, r in result["routes"].items():
        met = "yes" if r["p95_ms"] <= target_ms and not r["errors"] else "no"
        lines.append(f"| {route} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | "
                     f"{r['max_ms']} | {r['errors']} | {met} |")
        lines += [f"  - {e}" for e in r["first_errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build the databases, run the load against each, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.load",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--max-requests", type=int, default=6000)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a client waits between answers (0: closed loop)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--target-ms", type=float, default=150.0)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--quick", action="store_true", help="2,000 initiatives for 20 s")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args(argv)
    if args.quick:
        args.initiatives, args.seconds = 2_000, min(args.seconds, 20.0)
    from bench.generate import generate_document

    load_before = [round(x, 1) for x in os.getloadavg()]

    document, _ = generate_document(args.initiatives, args.initiatives // 5,
                                    max(args.initiatives // 33, 20), seed=1)
    results = []
    with tempfile.TemporaryDirectory(prefix="cc-load-") as folder:
        work = Path(folder)
        path = work / "load.json"
        path.write_text(json.dumps(document, ensure_ascii=False))
        databases: list[tuple[str, str, str | None]] = []
        if not args.no_sqlite:
            databases.append(("SQLite", f"sqlite:///{work / 'load.db'}", None))
        if not args.no_postgres:
            made = fresh_postgres_database()
            if made is None:
                print("PostgreSQL is not reachable: SQLite only", file=sys.stderr)
            else:
                databases.append(("PostgreSQL", made[0], made[1]))
        try:
            for label, url, _ in databases:
                print(f"{label}: importing {len(document['initiatives'])} initiatives",
                      file=sys.stderr, flush=True)
                imported = prepare(url, path)
                print(f"{label}: imported in {imported:.0f} s; serving", file=sys.stderr,
                      flush=True)
                result = load(label, url, work, document, args)
                result["import_s"] = round(imported, 1)
                results.append(result)
        finally:
            for _, _, name in databases:
                if name:
                    drop_postgres(name)
    report = {"machine": {**machine(), "load_average_before": load_before},
              "clients": args.clients, "think_s": args.think,
              "workers": args.workers, "threads": args.threads,
              "records": {k: len(v) for k, v in document.items() if isinstance(v, list)},
              "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(json.dumps(report["machine"]) + f"; {args.clients} clients, think time "
              f"{args.think} s on average, {args.workers} workers x {args.threads} threads\n")
        for result in results:
            print(_table(result, args.target_ms) + "\n")
    failed = any(r["errors"] or r["p95_ms"] > args.target_ms
                 for result in results for r in result["routes"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
