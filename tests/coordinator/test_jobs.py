"""Background jobs: the thread pool without Redis, RQ workers on this machine's Redis (one of
them killed mid-job), progress and results in the job table, retry of a failed job."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from coordinator import jobs, services
from coordinator.store import make_engine, session_scope
from coordinator.store.models import JobRow, utcnow
from tests.conftest import ROOT
from tests.coordinator.sample_documents import base_document

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(),
                                 reason="no Redis server on 127.0.0.1:6379")


@pytest.fixture
def engine_with_records(sqlite_url):
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="sample.json")
    yield engine
    engine.dispose()


@pytest.fixture
def threads(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    backend = jobs.ThreadBackend(workers=2)
    yield backend
    backend.shutdown()


def job_row(engine, job_id: int) -> JobRow:
    with session_scope(engine) as session:
        return jobs.get_job(session, job_id)


# --- without Redis: the thread pool ---------------------------------------------------------

def test_without_redis_jobs_run_in_a_thread_pool_of_this_process(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(jobs.backend_from_env(), jobs.ThreadBackend)


def test_an_analysis_refresh_runs_in_the_pool_and_records_its_result(engine_with_records,
                                                                      threads):
    job_id = jobs.start_job(engine_with_records, "analysis", created_by="officer@cbd.example",
                            backend=threads)
    row = jobs.wait_for(engine_with_records, job_id, timeout=30)
    assert row.status == "done" and row.progress == 1.0 and row.attempts == 1
    assert row.result["counts"]["gaps"] == 2 and row.result["counts"]["snapshot"] == 2
    assert set(row.result["seconds"]) == {"snapshot", "duplicates", "gaps", "indicators",
                                          "allocation"}
    assert row.created_by == "officer@cbd.example" and row.finished_at >= row.started_at


def test_an_import_job_reports_what_it_wrote(engine_with_records, threads, tmp_path):
    document = base_document()
    document["needs"][0]["title"] = "Detection of LMOs at ports and airports"
    path = tmp_path / "update.json"
    path.write_text(json.dumps(document))
    job_id = jobs.start_job(engine_with_records, "import", {"path": str(path), "actor": "t"},
                            backend=threads)
    row = jobs.wait_for(engine_with_records, job_id, timeout=30)
    assert row.status == "done", row.error
    assert row.result["updated"] == 1 and row.result["created"] == 0
    assert row.result["by_type"]["needs"]["updated"] == 1


def test_a_failed_job_shows_its_error_and_can_be_retried(engine_with_records, threads,
                                                         tmp_path):
    path = tmp_path / "late.json"
    job_id = jobs.start_job(engine_with_records, "import", {"path": str(path)}, backend=threads)
    row = jobs.wait_for(engine_with_records, job_id, timeout=30)
    assert row.status == "failed" and "late.json" in row.error and "no such file" in row.error
    with session_scope(engine_with_records) as session, pytest.raises(Exception) as refused:
        jobs.retry(session, job_id + 1000)
    assert "no job" in str(refused.value)
    path.write_text(json.dumps(base_document()))
    with session_scope(engine_with_records) as session:
        attempts = jobs.retry(session, job_id).attempts
    jobs.submit(job_id, attempts, str(engine_with_records.url), threads)
    row = jobs.wait_for(engine_with_records, job_id, timeout=30)
    assert row.status == "done" and row.error is None and row.attempts == 2
    assert row.result["unchanged"] > 0


def test_only_a_failed_job_can_be_retried(engine_with_records, threads):
    job_id = jobs.start_job(engine_with_records, "analysis", backend=threads)
    jobs.wait_for(engine_with_records, job_id, timeout=30)
    with session_scope(engine_with_records) as session, pytest.raises(Exception) as refused:
        jobs.retry(session, job_id)
    assert "only a failed job can be retried" in str(refused.value)


def test_a_job_is_run_once_even_if_submitted_twice(engine_with_records, threads):
    with session_scope(engine_with_records) as session:
        job_id = jobs.create_job(session, "analysis").id
    url = str(engine_with_records.url)
    assert jobs.perform(job_id, url) == "done"
    assert jobs.perform(job_id, url) == "skipped"
    assert job_row(engine_with_records, job_id).attempts == 1


def test_an_unknown_kind_is_refused(engine_with_records):
    with session_scope(engine_with_records) as session, pytest.raises(Exception) as refused:
        jobs.create_job(session, "reindex")
    assert "'reindex' is not one of" in str(refused.value)


def test_a_job_whose_worker_died_is_queued_again_and_then_given_up(engine_with_records):
    backend = jobs.ThreadBackend(workers=1)
    try:
        with session_scope(engine_with_records) as session:
            row = jobs.create_job(session, "analysis")
            row.status, row.attempts, row.worker = "running", 1, "gone:1"
            row.heartbeat_at = utcnow() - timedelta(minutes=5)
            job_id = row.id
        found = jobs.recover(engine_with_records, backend, stale_after=timedelta(seconds=30))
        assert found.requeued == (job_id,)
        row = jobs.wait_for(engine_with_records, job_id, timeout=30)
        assert row.status == "done" and row.attempts == 2
        with session_scope(engine_with_records) as session:
            row = jobs.get_job(session, job_id)
            row.status, row.attempts = "running", jobs.MAX_ATTEMPTS
            row.heartbeat_at = utcnow() - timedelta(minutes=5)
        found = jobs.recover(engine_with_records, backend, stale_after=timedelta(seconds=30))
        assert found.given_up == (job_id,)
        row = job_row(engine_with_records, job_id)
        assert row.status == "failed" and "stopped answering 3 times" in row.error
    finally:
        backend.shutdown()


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(engine_with_records):
    with session_scope(engine_with_records) as session:
        row = jobs.create_job(session, "analysis")
        row.status, row.attempts, row.heartbeat_at = "running", 1, utcnow()
    found = jobs.recover(engine_with_records, jobs.ThreadBackend(workers=1),
                         stale_after=timedelta(seconds=30))
    assert found.requeued == () and found.given_up == ()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process (its start-up in a subprocess is slow): code, stdout, stderr."""
    from coordinator.cli import main

    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_lists_jobs_and_retries_a_failed_one_in_place(engine_with_records, capsys,
                                                              monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    url = str(engine_with_records.url)
    missing = tmp_path / "later.json"
    code, out, err = run(capsys, "jobs", "start", "import", str(missing), "--db", url,
                         "--format", "json")
    job = json.loads(out)
    assert code == 1 and f"job {job['id']} failed" in err
    assert job["status"] == "failed" and "later.json" in job["error"]
    code, out, _ = run(capsys, "jobs", "--db", url, "--format", "json")
    assert code == 0 and [j["id"] for j in json.loads(out)] == [job["id"]]
    code, out, _ = run(capsys, "jobs", "--db", url)
    assert "import" in out and "failed" in out and "no such file" in out
    missing.write_text(json.dumps(base_document()))
    code, out, err = run(capsys, "jobs", "retry", str(job["id"]), "--db", url, "--format",
                         "json")
    assert code == 0, err
    assert json.loads(out)["status"] == "done"
    code, _, err = run(capsys, "jobs", "retry", str(job["id"]), "--db", url)
    assert code == 1 and "only a failed job can be retried" in err


# --- with Redis: RQ workers -----------------------------------------------------------------

def _worker(url: str, queue: str, plugins_dir: Path, *extra: str) -> subprocess.Popen:
    environment = {**os.environ, "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
                   "JOB_QUEUE": queue, "JOB_PLUGINS": "tests.coordinator.job_plugins",
                   "JOB_HEARTBEAT": "0.2", "JOB_STALE_AFTER": "1",
                   "JOB_RECOVERY_INTERVAL": "1", "PYTHONPATH": str(ROOT)}
    environment.pop("DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "coordinator", "worker", "--db", url, *extra],
                            cwd=plugins_dir, env=environment, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    if process.stderr:
        process.stderr.close()


@pytest.fixture
def rq_queue():
    from redis import Redis

    name = f"cc-test-{uuid.uuid4().hex[:8]}"
    yield name
    connection = Redis(host=REDIS[0], port=REDIS[1])
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)
    connection.close()


@needs_redis
def test_with_redis_a_worker_process_runs_the_job(engine_with_records, rq_queue, tmp_path):
    url = str(engine_with_records.url)
    backend = jobs.RedisBackend(f"redis://{REDIS[0]}:{REDIS[1]}/0", rq_queue)
    job_id = jobs.start_job(engine_with_records, "analysis", backend=backend)
    assert backend.pending(job_id, 0)
    worker = _worker(url, rq_queue, tmp_path, "--burst")
    try:
        code = worker.wait(timeout=60)
        assert code == 0, worker.stderr.read().decode()
    finally:
        _stop(worker)
    row = job_row(engine_with_records, job_id)
    assert row.status == "done" and row.result["counts"]["gaps"] == 2
    host, pid = row.worker.rsplit(":", 1)
    assert host == socket.gethostname() and int(pid) != os.getpid()


@needs_redis
def test_a_job_of_a_killed_worker_is_picked_up_by_another(engine_with_records, rq_queue,
                                                         tmp_path):
    url = str(engine_with_records.url)
    marker, started = tmp_path / "go", tmp_path / "started"
    backend = jobs.RedisBackend(f"redis://{REDIS[0]}:{REDIS[1]}/0", rq_queue)
    os.environ["JOB_PLUGINS"] = "tests.coordinator.job_plugins"
    try:
        job_id = jobs.start_job(engine_with_records, "wait_for_marker",
                                {"marker": str(marker), "started": str(started)},
                                backend=backend)
    finally:
        del os.environ["JOB_PLUGINS"]
    first = _worker(url, rq_queue, tmp_path)
    second = None
    try:
        _until(started.exists, 30, "the first worker to start the job")
        running = job_row(engine_with_records, job_id)
        assert running.status == "running" and running.attempts == 1
        horse = int(running.worker.rsplit(":", 1)[1])
        os.kill(horse, signal.SIGKILL)          # the process running the job
        os.killpg(first.pid, signal.SIGKILL)    # and the worker that forked it
        first.wait(timeout=10)
        started.unlink()
        second = _worker(url, rq_queue, tmp_path)
        _until(started.exists, 30, "another worker to pick the job up")
        marker.write_text("go")
        row = _until(lambda: (r := job_row(engine_with_records, job_id)).status == "done" and r,
                     30, "the job to finish")
        assert row.attempts == 2 and row.result["waited"] >= 0
        assert int(row.worker.rsplit(":", 1)[1]) != horse
    finally:
        _stop(first)
        if second is not None:
            _stop(second)


@needs_redis
def test_with_redis_an_analysis_computed_once_is_read_by_every_process(engine_with_records,
                                                                       monkeypatch):
    from coordinator.analysis import gaps as gap_analysis
    from coordinator.services import analysis
    from coordinator.services.catalog import clear_cache
    from coordinator.visibility import SYSTEM

    monkeypatch.setenv("REDIS_URL", f"redis://{REDIS[0]}:{REDIS[1]}/0")
    clear_cache()
    with session_scope(engine_with_records) as session:  # e.g. the refresh job on a worker
        first = analysis.gaps_for(session, SYSTEM)
    clear_cache()  # another process: nothing in its own memory

    def not_again(*args, **kwargs):
        raise AssertionError("the gaps were computed again")

    monkeypatch.setattr(analysis, "need_coverage", not_again)
    with session_scope(engine_with_records) as session:
        assert analysis.gaps_for(session, SYSTEM) == first
    clear_cache()
    with session_scope(engine_with_records) as session:  # a change: a new data version
        services.import_document(session, {"format": "capacity-coordinator/1", "needs": [
            dict(base_document()["needs"][0], title="Changed title")]}, source="x")
    with session_scope(engine_with_records) as session, pytest.raises(AssertionError):
        analysis.gaps_for(session, SYSTEM)
    assert gap_analysis.need_coverage is not not_again
    clear_cache()
