"""Background jobs: their list and each job's page (progress, result, error), retry of a failed
job and starting the secretariat's jobs (analysis refresh, report, alerts due now).

The secretariat sees every job; anyone else signed in sees the jobs they started. A job page
refreshes itself while the job is waiting or running, and answers JSON to clients asking for it.
"""
from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from coordinator import jobs
from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.job_kinds import reports_dir

from ..auth import current_account, requires_role
from ..database import get_session
from ..errors import wants_json
from ..viewer import current_viewer
from .alerts import ConfirmForm

__all__ = ["bp", "STARTABLE", "KIND_LABELS"]

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

#: Jobs the secretariat can start from the list, with what they do.
STARTABLE = {
    "analysis": "Refresh every analysis (duplicates, gaps, indicators, matching) now",
    "report": "Generate the progress report (HTML)",
    "digests": "Send the digests, reminders and weekly summary due now",
}
KIND_LABELS = {"import": "Import", "analysis": "Analysis refresh", "report": "Report",
               "digests": "Alerts"}


def _visible(row) -> bool:
    viewer = current_viewer()
    return viewer.full_access or row.created_by == current_account().email


def _job(job_id: int):
    row = jobs.get_job(get_session(), job_id)
    if not _visible(row):
        raise NotFound(f"no job {job_id}")
    return row


def _check_form() -> None:
    if not ConfirmForm().validate_on_submit():
        raise InvalidInput(Problem("form", "job", "csrf_token",
                                   "the form expired; open the page again and resubmit"))


def _engine():
    return current_app.extensions["coordinator.engine"]


@bp.get("/")
@requires_role()
def index() -> str | Response:
    """Jobs, newest first: all of them for the secretariat, one's own for everyone else."""
    viewer = current_viewer()
    rows = jobs.list_jobs(get_session(), limit=100,
                          created_by=None if viewer.full_access else current_account().email)
    found = [jobs.job_dict(r) for r in rows]
    if wants_json():
        return jsonify(found)
    return render_template("jobs/index.html", jobs=found, startable=STARTABLE,
                           labels=KIND_LABELS, form=ConfirmForm(),
                           may_start=viewer.full_access)


@bp.post("/start")
@requires_role("secretariat")
def start() -> Response:
    """Start one of the secretariat's jobs; go to its page."""
    _check_form()
    kind = request.form.get("kind", "")
    if kind not in STARTABLE:
        raise InvalidInput(Problem("form", "job", "kind", "one of " + ", ".join(STARTABLE)))
    params = {"format": "html", "viewer": current_account().email} if kind == "report" else {}
    job_id = jobs.start_job(_engine(), kind, params, created_by=current_account().email)
    flash(f"Job {job_id} started.", "info")
    return redirect(url_for("jobs.detail", job_id=job_id))


@bp.get("/<int:job_id>")
@requires_role()
def detail(job_id: int) -> str | Response:
    """One job: status, progress, result or error; refreshes itself until it has ended."""
    job = jobs.job_dict(_job(job_id))
    if wants_json():
        return jsonify(job)
    return render_template("jobs/detail.html", job=job, labels=KIND_LABELS, form=ConfirmForm(),
                           may_retry=current_viewer().full_access and job["status"] == "failed")


@bp.post("/<int:job_id>/retry")
@requires_role("secretariat")
def retry(job_id: int) -> Response:
    """Queue a failed job again."""
    _check_form()
    session = get_session()
    attempts = jobs.retry(session, job_id).attempts
    session.commit()
    jobs.submit(job_id, attempts, _engine().url.render_as_string(hide_password=False))
    flash(f"Job {job_id} queued again.", "info")
    return redirect(url_for("jobs.detail", job_id=job_id))


@bp.get("/<int:job_id>/report")
@requires_role()
def report(job_id: int) -> Response:
    """The file a report job wrote."""
    job = _job(job_id)
    name = (job.result or {}).get("file") if job.kind == "report" and job.status == "done" \
        else None
    path = reports_dir().resolve() / name if name else None
    if path is None or Path(name).name != name or not path.is_file():
        raise NotFound(f"job {job_id} has no report to download")
    return send_file(path, as_attachment=True, download_name=name)
