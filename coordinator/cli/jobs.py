"""Background work and alerts on the command line.

* ``coordinator worker [--burst]``: run jobs (RQ on ``REDIS_URL``, else from the job table);
* ``coordinator jobs [--status S] [--format json]`` lists jobs; ``jobs show ID``,
  ``jobs retry ID``, ``jobs start KIND`` (analysis, report, digests, import);
* ``coordinator alerts run``: digests, reminders and the weekly summary due now, then the
  outbox sent; ``alerts invite MEETING`` sends a meeting's invitations with its ``.ics``;
* ``coordinator outbox send`` / ``outbox list``;
* ``coordinator subscriptions add|list|remove``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine

from .. import jobs as job_queue
from ..store import describe_url, resolve_url
from .alerts_commands import alerts_command, outbox_command, subscriptions_command
from .common import database_session, db_option, echo_err, emit_json, format_option
from .jobs_common import engine_for

__all__ = ["COMMANDS", "worker_command", "jobs_command"]


def _redis_url() -> str:
    return os.environ.get("REDIS_URL", "").strip()


# --- worker ---------------------------------------------------------------------------------

@click.command("worker")
@db_option
@click.option("--burst", is_flag=True, help="Stop when no job is waiting.")
@click.option("--queue", "queue_name", default=None, metavar="NAME",
              help="RQ queue to work (default: $JOB_QUEUE, else coordinator).")
def worker_command(db_url: str | None, burst: bool, queue_name: str | None) -> None:
    """Run background jobs: from Redis (RQ) when REDIS_URL is set, else from the job table.

    Lost jobs (whose worker was killed) are queued again, at start and every
    $JOB_RECOVERY_INTERVAL seconds.
    """
    from ..worker import run_database_worker, run_rq_worker

    url = resolve_url(db_url)
    with engine_for(db_url) as engine:
        if _redis_url():
            backend = job_queue.RedisBackend(_redis_url(), queue_name)
            echo_err(f"Worker on queue {backend.queue_name} at "
                     f"{describe_url(_redis_url())}, database {describe_url(url)}")
            run_rq_worker(backend, engine, url, burst=burst)
        else:
            echo_err(f"REDIS_URL is not set: running queued jobs from the job table of "
                     f"{describe_url(url)}")
            ran = run_database_worker(engine, url, burst=burst)
            echo_err(f"Ran {ran} job(s).")


# --- jobs -----------------------------------------------------------------------------------

def _echo_job(job: dict[str, Any], full: bool = False) -> None:
    line = f"{job['id']:>5}  {job['kind']:<9} {job['status']:<8} {job['progress']:>4.0%}  " \
           f"{job['created_at']}  {job['created_by']}  {job['message']}"
    click.echo(line)
    if full:
        for key in ("params", "attempts", "worker", "started_at", "heartbeat_at",
                    "finished_at", "result"):
            click.echo(f"       {key}: {job[key]}")
    if job.get("error") and (full or job["status"] == "failed"):
        first = job["error"].strip().splitlines()
        shown = first if full else first[-1:]
        for text in shown:
            click.echo(f"       error: {text}")


@click.group("jobs", invoke_without_command=True)
@db_option
@click.option("--status", type=click.Choice(("queued", "running", "done", "failed")),
              default=None, help="Only jobs with this status.")
@click.option("--kind", default=None, help="Only jobs of this kind.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@format_option("text", "json")
@click.pass_context
def jobs_command(ctx: click.Context, db_url: str | None, status: str | None, kind: str | None,
                 limit: int, output_format: str) -> None:
    """List background jobs, newest first (subcommands: show, retry, start)."""
    ctx.obj = {"db_url": db_url}
    if ctx.invoked_subcommand is not None:
        return
    with database_session(db_url) as session:
        found = [job_queue.job_dict(r) for r in job_queue.list_jobs(
            session, status=status, kind=kind, limit=limit)]
    if output_format == "json":
        emit_json(found)
        return
    if not found:
        echo_err("No jobs.")
    for job in found:
        _echo_job(job)


def _db(ctx: click.Context, db_url: str | None) -> str | None:
    return db_url or (ctx.obj or {}).get("db_url")


@jobs_command.command("show")
@click.argument("job_id", type=int)
@db_option
@format_option("text", "json")
@click.pass_context
def jobs_show(ctx: click.Context, job_id: int, db_url: str | None, output_format: str) -> None:
    """One job with its parameters, result and error."""
    with database_session(_db(ctx, db_url)) as session:
        job = job_queue.job_dict(job_queue.get_job(session, job_id))
    if output_format == "json":
        emit_json(job)
    else:
        _echo_job(job, full=True)


def _run_or_submit(engine: Engine, job_id: int, attempts: int, wait: bool) -> dict[str, Any]:
    """With Redis, queue it for the workers; without, run it here (this process ends next)."""
    url = engine.url.render_as_string(hide_password=False)
    if _redis_url():
        job_queue.submit(job_id, attempts, url, job_queue.RedisBackend(_redis_url()))
        if wait:
            return job_queue.job_dict(job_queue.wait_for(engine, job_id, timeout=24 * 3600))
    else:
        job_queue.perform(job_id, url)
    from ..store import session_scope

    with session_scope(engine) as session:
        return job_queue.job_dict(job_queue.get_job(session, job_id))


def _show_outcome(job: dict[str, Any], output_format: str) -> None:
    """Print the job; exit 1 when it failed."""
    if output_format == "json":
        emit_json(job)
    else:
        _echo_job(job, full=True)
    if job["status"] == "failed":
        raise click.ClickException(f"job {job['id']} failed")


@jobs_command.command("retry")
@click.argument("job_id", type=int)
@db_option
@click.option("--wait", is_flag=True, help="With Redis: wait until a worker has run it.")
@format_option("text", "json")
@click.pass_context
def jobs_retry(ctx: click.Context, job_id: int, db_url: str | None, wait: bool,
               output_format: str) -> None:
    """Run a failed job again (on the workers with Redis, else right here)."""
    from ..store import session_scope

    with engine_for(_db(ctx, db_url)) as engine:
        with session_scope(engine) as session:
            attempts = job_queue.retry(session, job_id).attempts
        job = _run_or_submit(engine, job_id, attempts, wait)
    _show_outcome(job, output_format)


@jobs_command.command("start")
@click.argument("kind", type=click.Choice(("analysis", "report", "digests", "import")))
@click.argument("file", required=False, type=click.Path(dir_okay=True, path_type=Path))
@db_option
@click.option("--report-format", type=click.Choice(("html", "md")), default="html",
              show_default=True, help="For report jobs.")
@click.option("--wait", is_flag=True, help="With Redis: wait until a worker has run it.")
@format_option("text", "json")
@click.pass_context
def jobs_start(ctx: click.Context, kind: str, file: Path | None, db_url: str | None,
               report_format: str, wait: bool, output_format: str) -> None:
    """Start a job: analysis (refresh every analysis), report, digests, or import FILE."""
    from ..errors import InvalidInput, Problem
    from ..store import session_scope

    params: dict[str, Any] = {}
    if kind == "import":
        if file is None:
            raise InvalidInput(Problem("command line", "jobs start import", "FILE",
                                       "name the file to import"))
        params = {"path": str(file.resolve()), "actor": "cli"}
    elif kind == "report":
        params = {"format": report_format}
    with engine_for(_db(ctx, db_url)) as engine:
        with session_scope(engine) as session:
            job_id = job_queue.create_job(session, kind, params, created_by="cli").id
        job = _run_or_submit(engine, job_id, 0, wait)
    _show_outcome(job, output_format)


COMMANDS = (worker_command, jobs_command, alerts_command, outbox_command, subscriptions_command)
