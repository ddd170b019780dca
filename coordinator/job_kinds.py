"""The kinds of background job: what each does with its parameters, and the result it records.

* ``import``: ``{"path", "format" (optional), "actor", "remove_file" (bool)}`` — import a file
  (JSON, CSV, IATI XML) all-or-nothing; the result counts records created, updated, unchanged.
* ``analysis``: ``{}`` — the full analysis refresh: duplicates, gaps, indicators, matching and
  the allocation computed for the current data version, so pages read them from the cache.
* ``report``: ``{"format": "html" | "md"}`` — the COP-MOP progress report, written to
  ``REPORTS_DIR`` (default ``instance/reports/``) as seen by whoever asked for it.
* ``digests``: ``{"deliver": bool}`` — alerts due now (digests, reminders, weekly summary),
  then the outbox delivered.
"""
from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from . import accounts
from .errors import InvalidInput, NotFound, Problem
from .jobs import Progress, register_kind
from .store.db import session_scope
from .visibility import SYSTEM, Viewer

__all__ = ["import_file", "analysis_refresh", "report", "digests", "reports_dir"]


def reports_dir() -> Path:
    """Where generated reports are written (``REPORTS_DIR``, default ``instance/reports``)."""
    return Path(os.environ.get("REPORTS_DIR") or Path("instance") / "reports")


def _viewer(engine: Engine, who: str | None) -> Viewer:
    if not who or "@" not in who:
        return SYSTEM
    with session_scope(engine) as session:
        try:
            return accounts.viewer_for(accounts.get_user(session, who))
        except (NotFound, InvalidInput):
            return SYSTEM


def import_file(engine: Engine, params: Mapping[str, Any], progress: Progress) -> dict[str, Any]:
    """Import ``params["path"]`` in one transaction, reporting records written."""
    from .services.records import import_path

    path = Path(str(params.get("path") or ""))
    if not path.exists():
        raise InvalidInput(Problem(str(path), "", "path", "no such file (it may have been "
                                   "removed after a restart); upload it again"))
    progress(0.02, f"reading {path.name}")

    def factory(total: int):
        done = [0]

        def advance(count: int) -> None:
            done[0] += count
            progress(0.05 + 0.9 * done[0] / max(total, 1),
                     f"writing records: {done[0]} of {total}")
        return advance

    with session_scope(engine) as session:
        result = import_path(session, path, params.get("format"),
                             actor=str(params.get("actor") or "system"),
                             progress_factory=factory)
        progress(0.97, "committing")
    if params.get("remove_file"):
        path.unlink(missing_ok=True)
    return {"source": result.source, "format": result.format,
            "created": result.total("created"), "updated": result.total("updated"),
            "unchanged": result.total("unchanged"),
            "by_type": {kind: dict(counts) for kind, counts in result.summary.items()},
            "warnings": [str(w) for w in result.warnings[:50]],
            "warning_count": len(result.warnings)}


def analysis_refresh(engine: Engine, params: Mapping[str, Any], progress: Progress
                     ) -> dict[str, Any]:
    """Compute every analysis for the current data version into the cache; timings."""
    from .services import analysis, matching
    from .services.catalog import data_version, snapshot_for

    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    with session_scope(engine) as session:
        steps = [
            ("snapshot", lambda: len(snapshot_for(session, SYSTEM).needs)),
            ("duplicates", lambda: len(analysis.duplicates_for(session, SYSTEM))),
            ("gaps", lambda: len(analysis.gaps_for(session, SYSTEM))),
            ("indicators", lambda: len(analysis.indicators_for(session, SYSTEM))),
            ("allocation", lambda: len(matching.allocation_for(session, SYSTEM)["assignments"])),
        ]
        for number, (name, step) in enumerate(steps):
            progress(number / len(steps), f"computing {name}")
            started = time.perf_counter()
            counts[name] = step()
            seconds[name] = round(time.perf_counter() - started, 3)
        version = data_version(session)
    return {"data_version": {"latest_change": version[1], "day": version[4]},
            "counts": counts, "seconds": seconds}


def report(engine: Engine, params: Mapping[str, Any], progress: Progress) -> dict[str, Any]:
    """Write the progress report in ``params["format"]`` (html or md); its path and size."""
    from .services.analysis import report_for

    fmt = str(params.get("format") or "html")
    if fmt not in ("html", "md"):
        raise InvalidInput(Problem("job", "report", "format", "html or md"))
    viewer = _viewer(engine, params.get("viewer"))
    progress(0.1, "computing the report")
    with session_scope(engine) as session:
        text = report_for(session, viewer, fmt)
    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"report-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.{fmt}"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return {"path": str(path.resolve()), "file": name, "format": fmt, "bytes": len(text.encode())}


def digests(engine: Engine, params: Mapping[str, Any], progress: Progress) -> dict[str, Any]:
    """Queue the alerts due now, then (unless ``deliver`` is false) send the outbox."""
    from .mail import deliver
    from .services.alerts import run_due
    from .services.subscriptions import Links

    progress(0.1, "finding what is due")
    with session_scope(engine) as session:
        run = run_due(session, Links.from_env())
    result: dict[str, Any] = {"queued": run.as_dict()}
    if params.get("deliver", True):
        progress(0.6, "sending the outbox")
        result["delivery"] = deliver(engine).as_dict()
    return result


register_kind("import", import_file)
register_kind("analysis", analysis_refresh)
register_kind("report", report)
register_kind("digests", digests)
