"""The server side of the soak test: the databases it runs on and the gunicorn server it starts.

Everything here is started and stopped by the soak test itself: a seeded SQLite copy, a fresh
PostgreSQL database (dropped afterwards), and ``coordinator serve`` on 127.0.0.1 only.
"""
from __future__ import annotations

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["cli", "seeded_sqlite", "postgres_admin_url", "fresh_postgres", "drop_postgres",
           "free_port", "rss_of", "children_of", "Server"]

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300
         ) -> subprocess.CompletedProcess:
    """``python -m coordinator ARGS`` in a subprocess, output captured."""
    return subprocess.run([PYTHON, "-m", "coordinator", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout)


def _checked(run: subprocess.CompletedProcess, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}): {run.stderr[-2000:]}")


# --- databases ----------------------------------------------------------------------------------

def seeded_sqlite(work: Path) -> str:
    """A copy of a SQLite file that holds the reference data and the demo data set."""
    template = work / "seeded.db"
    url = f"sqlite:///{template}"
    _checked(cli("init", "--db", url), "init")
    _checked(cli("seed", "--demo", "--db", url), "seed")
    served = work / "served.db"
    shutil.copy(template, served)
    return f"sqlite:///{served}"


def postgres_admin_url() -> str:
    """The server to create the soak database on: $DATABASE_URL or the local default."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        return url.replace("postgresql+psycopg://", "postgresql://")
    return "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_postgres() -> tuple[str, str] | None:
    """A new, seeded PostgreSQL database (its URL and name), or None if none is reachable."""
    import psycopg

    admin = postgres_admin_url()
    name = f"cc_soak_{secrets.token_hex(5)}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    url = f"{admin.rsplit('/', 1)[0]}/{name}"
    _checked(cli("init", "--db", url), "init")
    _checked(cli("seed", "--demo", "--db", url), "seed")
    return url, name


def drop_postgres(name: str) -> None:
    """Drop the soak database made by :func:`fresh_postgres`."""
    import psycopg

    with psycopg.connect(postgres_admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the server ---------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_of(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS), 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return 0


def children_of(pid: int) -> list[int]:
    """The child processes of ``pid`` (gunicorn's workers of its master)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return sorted(found)


class Server:
    """``coordinator serve`` (gunicorn) on 127.0.0.1, started and stopped by this process."""

    def __init__(self, url: str, work: Path, workers: int, threads: int):
        self.port = free_port()
        self.log = (work / f"server-{self.port}.log").open("w")
        env = {**os.environ, "SECRET_KEY": secrets.token_hex(16),
               "INSTANCE_PATH": str(work / "instance")}
        self.process = subprocess.Popen(
            [PYTHON, "-m", "coordinator", "serve", "--db", url, "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--threads", str(threads)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the home page answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("the server did not answer within a minute")

    def memory(self) -> dict[str, int]:
        """KiB resident of the master and each worker."""
        master = self.process.pid
        sizes = {"master": rss_of(master)}
        for number, worker in enumerate(children_of(master), start=1):
            sizes[f"worker {number} (pid {worker})"] = rss_of(worker)
        return sizes

    def stop(self) -> None:
        """SIGTERM to the master (gunicorn stops its workers), SIGKILL if it lingers."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()
