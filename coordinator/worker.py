"""Worker processes: ``coordinator worker`` runs jobs from Redis (RQ) or, without Redis, from
the job table itself.

Both look for lost jobs (see :func:`coordinator.jobs.recover`) when they start and every
``JOB_RECOVERY_INTERVAL`` seconds (default 30), so a job whose worker was killed is picked up
by another one.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine, select

from . import jobs
from .store.db import session_scope
from .store.models import JobRow

__all__ = ["recovery_interval_from_env", "rq_worker", "run_rq_worker", "run_database_worker",
           "DatabaseBackend"]

log = logging.getLogger(__name__)


def recovery_interval_from_env() -> int:
    """Seconds between looks for lost jobs (``JOB_RECOVERY_INTERVAL``, default 30)."""
    return max(1, int(float(os.environ.get("JOB_RECOVERY_INTERVAL", "30"))))


def _recover(engine: Engine, backend: jobs.Backend, stale_after: timedelta | None) -> None:
    try:
        found = jobs.recover(engine, backend, stale_after=stale_after)
    except Exception:  # noqa: BLE001 - a worker keeps working when the database hiccups
        log.exception("looking for lost jobs failed")
        return
    for job_id in found.requeued:
        log.warning("job %s lost its worker: queued again", job_id)
    for job_id in found.given_up:
        log.error("job %s lost its worker too often: failed", job_id)


def rq_worker(backend: jobs.RedisBackend, engine: Engine, *, interval: int | None = None,
              stale_after: timedelta | None = None):
    """An RQ worker on the backend's queue that also recovers lost jobs every ``interval`` s."""
    from rq import Worker

    interval = interval or recovery_interval_from_env()

    class CoordinatorWorker(Worker):
        """RQ's forking worker, plus the job table's recovery in its maintenance."""

        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()
            _recover(engine, backend, stale_after)

    # the worker blocks on Redis for worker_ttl - 15 seconds between maintenance rounds
    return CoordinatorWorker([backend.queue], connection=backend.connection,
                             maintenance_interval=interval, worker_ttl=interval + 15)


def run_rq_worker(backend: jobs.RedisBackend, engine: Engine, db_url: str, *,
                  burst: bool = False) -> bool:
    """Work the RQ queue until stopped (or, with ``burst``, until it is empty)."""
    jobs.WORKER_DATABASE["url"] = db_url
    worker = rq_worker(backend, engine)
    return worker.work(burst=burst, logging_level="WARNING")


class DatabaseBackend:
    """Submissions are rows of the job table, polled by :func:`run_database_worker`."""

    name = "database"

    def submit(self, job_id: int, attempts: int, db_url: str) -> None:
        """Nothing to do: the queued row is the submission."""

    def pending(self, job_id: int, attempts: int) -> bool:
        """A queued row is always waiting for a poll."""
        return True


def run_database_worker(engine: Engine, db_url: str, *, burst: bool = False,
                        poll: float = 2.0, stop: Callable[[], bool] = lambda: False) -> int:
    """Run queued jobs from the job table, oldest first; how many were run."""
    backend = DatabaseBackend()
    interval = recovery_interval_from_env()
    last_recovery = 0.0
    ran = 0
    while not stop():
        if time.monotonic() - last_recovery >= interval:
            _recover(engine, backend, None)
            last_recovery = time.monotonic()
        with session_scope(engine) as session:
            waiting = list(session.scalars(select(JobRow.id).where(JobRow.status == "queued")
                                           .order_by(JobRow.id).limit(20)))
        for job_id in waiting:
            if jobs.perform(job_id, db_url) != "skipped":
                ran += 1
        if not waiting:
            if burst:
                break
            time.sleep(poll)
    return ran
