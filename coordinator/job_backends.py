"""Where background jobs run: a thread pool in this process, or RQ on Redis.

See :mod:`coordinator.jobs` for the job table and how a job is run and recovered.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

__all__ = ["Backend", "ThreadBackend", "RedisBackend", "rq_job_id", "local_backend",
           "backend_from_env", "JOB_TIMEOUT"]

#: Longest an RQ job may run (seconds) before RQ stops it.
JOB_TIMEOUT = int(os.environ.get("JOB_TIMEOUT", str(6 * 3600)))


class Backend(Protocol):
    """Where submitted jobs run."""

    name: str

    def submit(self, job_id: int, attempts: int, db_url: str) -> None:
        """Run job ``job_id`` (queued after ``attempts`` runs) on the database ``db_url``."""

    def pending(self, job_id: int, attempts: int) -> bool:
        """Whether that submission is still waiting to run or running."""


class ThreadBackend:
    """A thread pool in this process (the default without Redis)."""

    name = "threads"

    def __init__(self, workers: int | None = None):
        self._pool = ThreadPoolExecutor(max_workers=workers or int(os.environ.get(
            "JOB_THREADS", "2")), thread_name_prefix="coordinator-job")
        self._pending: set[tuple[int, int]] = set()
        self._lock = threading.Lock()

    def submit(self, job_id: int, attempts: int, db_url: str) -> None:
        """Run the job on a thread of the pool."""
        key = (job_id, attempts)
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)

        def run() -> None:
            from .jobs import perform

            try:
                perform(job_id, db_url)
            finally:
                with self._lock:
                    self._pending.discard(key)
        self._pool.submit(run)

    def pending(self, job_id: int, attempts: int) -> bool:
        """Whether this process still has the job waiting or running."""
        with self._lock:
            return (job_id, attempts) in self._pending

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, let the running ones finish."""
        self._pool.shutdown(wait=wait)


def rq_job_id(queue: str, job_id: int, attempts: int) -> str:
    """The RQ job id of a submission: one per run of a job."""
    return f"{queue}-job-{job_id}-run-{attempts + 1}"


class RedisBackend:
    """RQ on Redis: separate ``coordinator worker`` processes run the jobs."""

    name = "rq"

    def __init__(self, redis_url: str, queue: str | None = None):
        from redis import Redis
        from rq import Queue

        self.redis_url = redis_url
        self.connection = Redis.from_url(redis_url)
        self.queue_name = queue or os.environ.get("JOB_QUEUE") or "coordinator"
        self.queue = Queue(self.queue_name, connection=self.connection)

    def submit(self, job_id: int, attempts: int, db_url: str) -> None:
        """Put the job on the RQ queue (the worker finds the database by its own settings)."""
        self.queue.enqueue("coordinator.jobs.perform", job_id,
                           job_id=rq_job_id(self.queue_name, job_id, attempts),
                           job_timeout=JOB_TIMEOUT, result_ttl=3600, failure_ttl=7 * 86400,
                           description=f"coordinator job {job_id}")

    def pending(self, job_id: int, attempts: int) -> bool:
        """Whether RQ still has the submission queued or started."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            job = Job.fetch(rq_job_id(self.queue_name, job_id, attempts),
                            connection=self.connection)
        except NoSuchJobError:
            return False
        return job.get_status(refresh=False) in ("queued", "started", "deferred", "scheduled")


_local: ThreadBackend | None = None
_local_lock = threading.Lock()


def local_backend() -> ThreadBackend:
    """This process's thread pool (made on first use)."""
    global _local
    with _local_lock:
        if _local is None:
            _local = ThreadBackend()
        return _local


def backend_from_env() -> Backend:
    """RQ when ``REDIS_URL`` is set, else this process's thread pool."""
    url = os.environ.get("REDIS_URL", "").strip()
    return RedisBackend(url) if url else local_backend()
