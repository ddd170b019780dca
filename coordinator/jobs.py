"""Background jobs: long work (imports, analysis refreshes, reports, digests) off the request.

Every job is a row of the ``job`` table (kind, parameters, status, progress, result, error);
the queue only carries its id. Two ways to run them:

* with ``REDIS_URL`` set, on Redis through RQ: ``coordinator worker`` processes (on any
  machine reaching the database and Redis) take them from the queue ``JOB_QUEUE`` (default
  ``coordinator``);
* without it, in a thread pool of the process that started them (the web server), so the
  embedded default keeps working with nothing else installed.

Whoever runs a job first *claims* it (``queued`` → ``running``, one atomic update), so a job
delivered twice runs once. While it runs, a heartbeat thread writes ``heartbeat_at`` and the
progress every :data:`HEARTBEAT` seconds (the work itself never waits on that write). A job
``running`` whose heartbeat is older than ``JOB_STALE_AFTER`` seconds lost its worker (killed,
machine gone): :func:`recover` queues it again, up to :data:`MAX_ATTEMPTS` runs, and workers
call it at start and every ``JOB_RECOVERY_INTERVAL`` seconds. A failed job keeps its error
and can be retried.
"""
from __future__ import annotations

import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .errors import Conflict, CoordinatorError, InvalidInput, NotFound, Problem
from .job_backends import (
    Backend,
    RedisBackend,
    ThreadBackend,
    backend_from_env,
    local_backend,
    rq_job_id,
)
from .store.db import make_engine, resolve_url, session_scope
from .store.models import JobRow, utcnow

__all__ = [
    "JOB_KINDS", "MAX_ATTEMPTS", "HEARTBEAT", "Progress", "Backend", "ThreadBackend",
    "RedisBackend", "backend_from_env", "stale_after_from_env", "create_job", "start_job",
    "submit", "perform", "recover", "retry", "list_jobs", "get_job", "job_dict",
    "register_kind", "local_backend", "rq_job_id", "wait_for", "Recovery", "WORKER_DATABASE",
]

#: Runs of one job (the first and those after a lost worker) before it is given up.
MAX_ATTEMPTS = 3
#: Seconds between heartbeats of a running job.
HEARTBEAT = float(os.environ.get("JOB_HEARTBEAT", "5"))

Handler = Callable[[Engine, Mapping[str, Any], "Progress"], dict[str, Any]]
JOB_KINDS: dict[str, Handler] = {}


def register_kind(kind: str, handler: Handler) -> None:
    """Make ``kind`` a job kind run by ``handler(engine, params, progress) -> result``."""
    JOB_KINDS[kind] = handler


def _load_kinds() -> None:
    """Register the built-in kinds, and those of the modules named in ``JOB_PLUGINS``."""
    from importlib import import_module

    from . import job_kinds  # noqa: F401  (registers the kinds)

    for name in os.environ.get("JOB_PLUGINS", "").split(","):
        if name.strip():
            import_module(name.strip())


class Progress:
    """What a running job reports: a fraction done and a message, kept in memory and written
    by the heartbeat thread (so reporting never waits on the database)."""

    def __init__(self) -> None:
        self.fraction = 0.0
        self.message = "started"
        self._lock = threading.Lock()

    def __call__(self, fraction: float | None = None, message: str | None = None) -> None:
        """Report progress (``fraction`` from 0 to 1) and/or a message."""
        with self._lock:
            if fraction is not None:
                self.fraction = min(1.0, max(0.0, float(fraction)))
            if message is not None:
                self.message = message[:500]

    def state(self) -> tuple[float, str]:
        """The current (fraction, message)."""
        with self._lock:
            return self.fraction, self.message


def stale_after_from_env() -> timedelta:
    """How old a heartbeat may be before its job counts as lost (``JOB_STALE_AFTER``, 60 s)."""
    return timedelta(seconds=float(os.environ.get("JOB_STALE_AFTER", "60")))


#: The database a worker process runs jobs on (set by ``coordinator worker --db``).
WORKER_DATABASE: dict[str, str] = {}


# --- the job table --------------------------------------------------------------------------

def job_dict(row: JobRow) -> dict[str, Any]:
    """JSON-ready form of a job."""
    def moment(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None
    return {"id": row.id, "kind": row.kind, "status": row.status,
            "progress": round(row.progress or 0.0, 3), "message": row.message,
            "params": dict(row.params or {}), "result": row.result, "error": row.error,
            "attempts": row.attempts, "created_by": row.created_by, "worker": row.worker,
            "created_at": moment(row.created_at), "started_at": moment(row.started_at),
            "finished_at": moment(row.finished_at), "heartbeat_at": moment(row.heartbeat_at)}


def create_job(session: Session, kind: str, params: Mapping[str, Any] | None = None, *,
               created_by: str = "system") -> JobRow:
    """A new queued job in the session's transaction; :func:`submit` it after the commit."""
    _load_kinds()
    if kind not in JOB_KINDS:
        raise InvalidInput(Problem("job", "new job", "kind", f"{kind!r} is not one of "
                                   + ", ".join(sorted(JOB_KINDS))))
    row = JobRow(kind=kind, params=dict(params or {}), status="queued", progress=0.0,
                 message="waiting for a worker", attempts=0, created_at=utcnow(),
                 created_by=created_by[:254])
    session.add(row)
    session.flush()
    return row


def submit(job_id: int, attempts: int, db_url: str, backend: Backend | None = None) -> None:
    """Hand a committed, queued job to the backend."""
    (backend or backend_from_env()).submit(job_id, attempts, resolve_url(db_url))


def start_job(engine: Engine, kind: str, params: Mapping[str, Any] | None = None, *,
              created_by: str = "system", backend: Backend | None = None) -> int:
    """Create a job (committed) and submit it; its id."""
    with session_scope(engine) as session:
        job_id = create_job(session, kind, params, created_by=created_by).id
    submit(job_id, 0, engine.url.render_as_string(hide_password=False), backend)
    return job_id


def get_job(session: Session, job_id: int) -> JobRow:
    """One job (NotFound otherwise)."""
    row = session.get(JobRow, job_id)
    if row is None:
        raise NotFound(f"no job {job_id}")
    return row


def list_jobs(session: Session, *, status: str | None = None, kind: str | None = None,
              created_by: str | None = None, limit: int = 100) -> list[JobRow]:
    """Jobs, newest first."""
    query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
    if status:
        query = query.where(JobRow.status == status)
    if kind:
        query = query.where(JobRow.kind == kind)
    if created_by:
        query = query.where(JobRow.created_by == created_by)
    return list(session.scalars(query))


def retry(session: Session, job_id: int) -> JobRow:
    """Queue a failed job again (Conflict for any other status); submit it after the commit."""
    row = get_job(session, job_id)
    if row.status != "failed":
        raise Conflict(f"job {job_id} is {row.status}; only a failed job can be retried")
    row.status, row.error, row.progress = "queued", None, 0.0
    row.message, row.finished_at, row.heartbeat_at = "queued again", None, None
    return row


# --- running a job --------------------------------------------------------------------------

def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(engine: Engine, job_id: int) -> tuple[str, dict[str, Any], int] | None:
    now = utcnow()
    with session_scope(engine) as session:
        claimed = session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.status == "queued")
            .values(status="running", attempts=JobRow.attempts + 1, started_at=now,
                    heartbeat_at=now, finished_at=None, progress=0.0, error=None,
                    message="started", worker=_worker_name())
            .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            return None
        row = session.get(JobRow, job_id)
        return row.kind, dict(row.params or {}), row.attempts


def _write(engine: Engine, job_id: int, attempt: int, **values: Any) -> bool:
    with session_scope(engine) as session:
        return session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.attempts == attempt)
            .values(**values).execution_options(synchronize_session=False)).rowcount == 1


def _beat(engine: Engine, job_id: int, attempt: int, progress: Progress,
          stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT):
        fraction, message = progress.state()
        try:
            _write(engine, job_id, attempt, heartbeat_at=utcnow(), progress=fraction,
                   message=message)
        except OperationalError:  # the database is busy (SQLite's one writer): next beat
            continue


def _error_text(error: BaseException) -> str:
    if isinstance(error, InvalidInput):
        lines = [f"{len(error.problems)} problem(s); nothing was changed:"]
        lines += [f"  {p}" for p in error.problems[:50]]
        return "\n".join(lines)
    if isinstance(error, CoordinatorError):
        return str(error)
    trace = traceback.format_exception(type(error), error, error.__traceback__)
    return "".join(trace[-12:])[-8000:]


def perform(job_id: int, db_url: str | None = None) -> str:
    """Run job ``job_id`` if nobody has claimed it; records its result or error. Returns the
    status it ended with (``skipped`` when it was not queued)."""
    _load_kinds()
    url = db_url or WORKER_DATABASE.get("url") or resolve_url(None)
    engine = make_engine(url)
    try:
        claimed = _claim(engine, job_id)
        if claimed is None:
            return "skipped"
        kind, params, attempt = claimed
        progress = Progress()
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(engine, job_id, attempt, progress, stop),
                                daemon=True, name=f"job-{job_id}-heartbeat")
        beat.start()
        try:
            handler = JOB_KINDS.get(kind)
            if handler is None:
                raise InvalidInput(Problem("job", f"job {job_id}", "kind",
                                           f"{kind!r} is not a job kind this worker knows"))
            result = handler(engine, params, progress)
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the job
            stop.set()
            beat.join()
            _write(engine, job_id, attempt, status="failed", error=_error_text(error),
                   finished_at=utcnow(), message=f"failed: {type(error).__name__}")
            return "failed"
        stop.set()
        beat.join()
        _write(engine, job_id, attempt, status="done", result=result, progress=1.0,
               finished_at=utcnow(), heartbeat_at=utcnow(), message="done")
        return "done"
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did: jobs queued again, and jobs given up."""

    requeued: tuple[int, ...]
    given_up: tuple[int, ...]


def recover(engine: Engine, backend: Backend | None = None, *,
            stale_after: timedelta | None = None, now: datetime | None = None) -> Recovery:
    """Queue again the jobs whose worker was lost (running with a stale heartbeat) and the
    queued jobs the backend no longer has; give up a job after :data:`MAX_ATTEMPTS` runs."""
    backend = backend or backend_from_env()
    stale_after = stale_after or stale_after_from_env()
    cutoff = (now or utcnow()) - stale_after
    requeued, given_up = [], []
    with session_scope(engine) as session:
        lost = list(session.execute(select(JobRow.id, JobRow.attempts).where(
            JobRow.status == "running", JobRow.heartbeat_at < cutoff)).all())
        waiting = list(session.execute(select(JobRow.id, JobRow.attempts).where(
            JobRow.status == "queued", JobRow.created_at < cutoff)).all())
    for job_id, attempts in lost:
        base = update(JobRow).where(JobRow.id == job_id, JobRow.status == "running",
                                    JobRow.attempts == attempts, JobRow.heartbeat_at < cutoff)
        with session_scope(engine) as session:
            if attempts >= MAX_ATTEMPTS:
                changed = session.execute(base.values(
                    status="failed", finished_at=utcnow(), message="given up",
                    error=f"its worker stopped answering {attempts} times (killed, out of "
                          "memory or its machine gone); retry it once the cause is fixed")
                    .execution_options(synchronize_session=False)).rowcount
                if changed:
                    given_up.append(job_id)
                continue
            changed = session.execute(base.values(
                status="queued", message="picked up again: its worker stopped answering")
                .execution_options(synchronize_session=False)).rowcount
        if changed:
            submit(job_id, attempts, engine.url.render_as_string(hide_password=False), backend)
            requeued.append(job_id)
    for job_id, attempts in waiting:
        if not backend.pending(job_id, attempts):
            submit(job_id, attempts, engine.url.render_as_string(hide_password=False), backend)
            requeued.append(job_id)
    return Recovery(tuple(requeued), tuple(given_up))


def wait_for(engine: Engine, job_id: int, timeout: float = 60.0, interval: float = 0.1
             ) -> JobRow:
    """Block until the job is done or failed (or ``timeout`` seconds pass); the job."""
    deadline = time.monotonic() + timeout
    while True:
        with session_scope(engine) as session:
            row = get_job(session, job_id)
        if row.status in ("done", "failed") or time.monotonic() >= deadline:
            return row
        time.sleep(interval)
