"""Importing records from the browser, for the secretariat: upload a JSON, CSV (a file, several
files or a zip) or IATI XML file, read the validation report — every problem with its file,
line, record and field, or the counts of what would be created and updated and the IATI
warnings — then commit it, all of it or nothing.

Uploads wait between the two steps (see :mod:`web.pages.import_uploads`); the size limit is
Flask's ``MAX_CONTENT_LENGTH``.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from coordinator.errors import InvalidInput

from ..auth import requires_role
from ..database import get_session
from ..viewer import current_viewer
from .import_uploads import (
    KEEP_FOR,
    commit_upload,
    discard_upload,
    dry_run,
    load_upload,
    problem_rows,
    remove_stale,
    store_upload,
)
from .listing import install_template_helpers

__all__ = ["bp", "NAV", "FORMAT_LABELS"]

bp = Blueprint("imports", __name__, url_prefix="/imports")
bp.record_once(install_template_helpers)
NAV = (85, "Import", "imports.index")

FORMAT_LABELS = {"": "Recognise it from the file", "json": "JSON document (capacity-coordinator/1)",
                 "csv": "CSV (one file per record type, or a zip of them)",
                 "iati": "IATI activity XML"}


def _actor() -> str:
    viewer = current_viewer()
    return viewer.name or viewer.role


@bp.before_request
def _tidy() -> None:
    remove_stale()


def _form(problems=None, status: int = 200) -> tuple[str, int]:
    limit = request.max_content_length
    return render_template("imports/index.html", formats=FORMAT_LABELS, problems=problems or [],
                           rows=problem_rows(problems or []), limit=limit,
                           may_import=current_viewer().role == "secretariat",
                           keep_hours=int(KEEP_FOR.total_seconds() // 3600)), status


@bp.get("/")
def index() -> tuple[str, int]:
    """What each format holds, and the upload form for the secretariat (others are told who
    may import)."""
    return _form()


@bp.post("/")
@requires_role("secretariat")
def upload() -> Response | tuple[str, int]:
    """Keep the uploaded file and show its validation report."""
    fmt = (request.form.get("format") or "").strip() or None
    try:
        stored = store_upload(request.files.getlist("file"), fmt, _actor())
    except InvalidInput as error:
        return _form(error.problems, 422)
    return redirect(url_for("imports.report", token=stored.token))


@bp.get("/<token>")
@requires_role("secretariat")
def report(token: str) -> str:
    """The validation report of an upload: its problems, or what committing it would do."""
    stored = load_upload(token)
    result = dry_run(get_session(), stored, _actor())
    return render_template("imports/report.html", upload=stored, report=result,
                           rows=problem_rows(result.problems),
                           warnings=problem_rows(result.warnings))


@bp.post("/<token>/commit")
@requires_role("secretariat")
def commit(token: str) -> Response | tuple[str, int]:
    """Import the upload for good, then forget it."""
    stored = load_upload(token)
    session = get_session()
    try:
        result = commit_upload(session, stored, _actor())
    except Exception:
        session.rollback()
        raise
    if not result.valid:
        return render_template("imports/report.html", upload=stored, report=result,
                               rows=problem_rows(result.problems),
                               warnings=problem_rows(result.warnings)), 422
    flash(f"Imported {stored.label}: {result.total('created')} created, "
          f"{result.total('updated')} updated, {result.total('unchanged')} unchanged.", "info")
    return redirect(url_for("imports.index"))


@bp.post("/<token>/discard")
@requires_role("secretariat")
def discard(token: str) -> Response:
    """Forget the upload without importing it."""
    discard_upload(load_upload(token))
    flash("The upload is discarded; nothing was imported.", "info")
    return redirect(url_for("imports.index"))
