"""A job kind for the tests of workers: it waits until a marker file exists (loaded by workers
through ``JOB_PLUGINS=tests.coordinator.job_plugins``)."""
from __future__ import annotations

import time
from pathlib import Path

from coordinator.jobs import register_kind


def wait_for_marker(engine, params, progress) -> dict:
    """Report progress until ``params["marker"]`` exists (at most ``params["limit"]`` s)."""
    marker = Path(params["marker"])
    started = time.monotonic()
    Path(params["started"]).write_text("started")
    while not marker.exists():
        if time.monotonic() - started > float(params.get("limit", 20)):
            raise TimeoutError("the marker never appeared")
        progress(0.5, "waiting for the marker")
        time.sleep(0.05)
    return {"waited": round(time.monotonic() - started, 2)}


register_kind("wait_for_marker", wait_for_marker)
