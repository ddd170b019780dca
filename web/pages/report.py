"""The progress report to COP-MOP (Action Plan paragraph 8): a page to generate it, the
printable HTML and the Markdown to edit, both built for the viewer by
:func:`coordinator.services.analysis.report_for`."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request

from coordinator.analysis.report import FORMATS
from coordinator.errors import InvalidInput, Problem
from coordinator.services.analysis import report_for

from ..database import get_session
from ..viewer import current_viewer

__all__ = ["bp", "NAV", "REPORT_POLICY", "report_response", "read_format"]

bp = Blueprint("report", __name__, url_prefix="/report")
NAV = (90, "Report", "report.index")

#: The report is one self-contained page with its styles inline and no script: it may use
#: inline styles, and nothing else (no script, no other resource, no form).
REPORT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                 "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
_MIMETYPES = {"html": "text/html", "md": "text/markdown"}


def read_format(raw: str | None) -> str:
    """``html`` (the default) or ``md``; anything else is invalid input naming ``format``."""
    fmt = (raw or "html").strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(Problem("query", "report", "format", f"{raw!r}: html or md"))
    return fmt


def report_response(fmt: str, *, attachment: bool) -> Response:
    """The report for the current viewer, shown (HTML) or downloaded as a file."""
    text = report_for(get_session(), current_viewer(), fmt)
    response = Response(text, mimetype=_MIMETYPES[fmt])
    name = f"cop-mop-progress-report-{date.today().isoformat()}.{fmt}"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":
        response.headers["Content-Security-Policy"] = REPORT_POLICY
    return response


@bp.get("/")
def index() -> str:
    """What the report contains, and the buttons to open or download it."""
    return render_template("report/index.html")


@bp.get("/view")
def view() -> Response:
    """The printable HTML report, in the browser."""
    return report_response("html", attachment=False)


@bp.get("/download")
def download() -> Response:
    """The report as a file: ``?format=html`` (printable) or ``?format=md`` (to edit)."""
    return report_response(read_format(request.args.get("format")), attachment=True)
