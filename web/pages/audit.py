"""The audit log for the secretariat: every change, who made it and when, before and after."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request, url_for

from coordinator.errors import InvalidInput, Problem
from coordinator.services import changes

from ..auth import requires_role
from ..database import get_session
from ..viewer import current_viewer

__all__ = ["bp", "RECORD_TYPES", "PER_PAGE", "FieldChange", "field_changes"]

bp = Blueprint("audit", __name__, url_prefix="/audit")

PER_PAGE = 50
#: The furthest back the log can be paged (the service reads at most 10,000 entries at once).
DEEPEST = 10_000
RECORD_TYPES = ("need", "capacity", "profile", "provider", "initiative", "partnership",
                "meeting", "user")
EDITABLE = {"need": "needs", "capacity": "capacities", "profile": "profiles",
            "provider": "providers", "initiative": "initiatives"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a record before and after a change (None: the field was not there)."""

    field: str
    before: str | None
    after: str | None


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None
                  ) -> list[FieldChange]:
    """The fields that differ between ``before`` and ``after``, in a stable order.

    >>> field_changes({"title": "A", "priority": 2}, {"title": "B", "priority": 2})
    [FieldChange(field='title', before='A', after='B')]
    """
    before, after = before or {}, after or {}
    keys = list(before) + [k for k in after if k not in before]
    return [FieldChange(k, _shown(before.get(k)), _shown(after.get(k)))
            for k in keys if before.get(k) != after.get(k)]


def _page() -> int:
    raw = request.args.get("page", "1")
    try:
        page = int(raw)
    except ValueError:
        raise InvalidInput(Problem("query", "audit log", "page",
                                   f"{raw!r} is not a whole number")) from None
    if not 1 <= page <= DEEPEST // PER_PAGE:
        raise InvalidInput(Problem("query", "audit log", "page",
                                   f"must be from 1 to {DEEPEST // PER_PAGE}"))
    return page


def _filter(name: str, longest: int) -> str | None:
    value = (request.args.get(name) or "").strip()
    if len(value) > longest or any(ord(ch) < 32 for ch in value):
        raise InvalidInput(Problem("query", "audit log", name,
                                   f"at most {longest} characters, without control characters"))
    return value or None


@bp.get("/")
@requires_role("secretariat")
def index() -> str:
    """The newest changes first; filter by record type and id; 50 a page."""
    record_type = _filter("type", 30)
    record_id = _filter("id", 254)
    page = _page()
    entries = changes.audit_log(get_session(), current_viewer(), record_type=record_type,
                                record_id=record_id, limit=page * PER_PAGE + 1)
    shown = entries[(page - 1) * PER_PAGE:page * PER_PAGE]
    more = len(entries) > page * PER_PAGE

    def page_url(number: int) -> str:
        return url_for("audit.index", type=record_type, id=record_id,
                       page=number if number > 1 else None)

    def edit_link(entry: changes.AuditEntry) -> str | None:
        plural = EDITABLE.get(entry.record_type)
        return url_for("edit.record", plural=plural, record_id=entry.record_id) \
            if plural else None

    return render_template(
        "audit/index.html", entries=shown, record_type=record_type, record_id=record_id,
        page=page, more=more, page_url=page_url, edit_link=edit_link,
        changes_of=field_changes, record_types=RECORD_TYPES, per_page=PER_PAGE)
