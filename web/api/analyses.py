"""The analyses through the API: duplicates (and the secretariat's decisions on them), gaps,
indicators and the progress report.

Reading is open to everyone, each caller seeing what :mod:`coordinator.visibility` lets them
see. Decisions on pairs are the secretariat's: scripts send ``Authorization: Bearer TOKEN``; a
signed-in browser session must also send its CSRF token in an ``X-CSRFToken`` header.
"""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from coordinator.analysis.gap_areas import AGGREGATIONS
from coordinator.errors import InvalidInput, PermissionDenied, Problem
from coordinator.services.analysis import gap_overview, gaps_for, indicators_for
from coordinator.services.catalog import snapshot_for
from coordinator.services.reviews import review_pair, undo_review

from ..auth import signed_in_with, unauthorized
from ..database import get_session
from ..pages.duplicates import FILTERS as PAIR_FILTERS
from ..pages.duplicates import flagged_pairs, read_min_score, select_pairs
from ..pages.gaps import FILTERS as GAP_FILTERS
from ..pages.gaps import gap_lines, select_gaps
from ..pages.report import read_format, report_response
from ..security import csrf
from ..viewer import current_viewer
from . import bp
from .spec import operation, query

__all__ = ["PAIR_SCHEMA", "GAP_SCHEMA", "REVIEW_SCHEMA"]

_MONEY = {"type": ["object", "null"], "properties": {"amount": {"type": "number"},
                                                      "currency": {"type": "string"}}}
REVIEW_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "a": {"type": "string"},
    "b": {"type": "string"},
    "decision": {"type": "string", "enum": ["confirmed", "dismissed", "acknowledged"]},
    "note": {"type": ["string", "null"]}, "decided_by": {"type": ["string", "null"]},
    "decided_at": {"type": "string"}}}
PAIR_SCHEMA = {"type": "object", "required": ["kind", "a", "b", "score", "relation", "reasons",
                                              "parts"], "properties": {
    "kind": {"type": "string", "enum": ["initiative", "need"]},
    "a": {"type": "string"}, "b": {"type": "string"},
    "score": {"type": "number", "minimum": 0, "maximum": 1},
    "relation": {"type": "string", "enum": ["duplicate_record", "overlapping_support"]},
    "reasons": {"type": "array", "items": {"type": "string"}},
    "parts": {"type": "object", "additionalProperties": {"type": "number"}},
    "review": {"type": ["object", "null"], "description": "the recorded decision, if any, "
               "with records_changed_since"}}}
GAP_SCHEMA = {"type": "object", "required": ["need", "country", "component", "coverage",
                                             "funding_gap", "priority_groups", "severity",
                                             "reasons"], "properties": {
    "need": {"type": "string"}, "country": {"type": "string"},
    "component": {"type": "string"}, "coverage": {"type": "number"},
    "funding_gap": _MONEY, "priority_groups": {"type": "array", "items": {"type": "string"}},
    "severity": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
    "initiatives": {"type": "array", "items": {"type": "string"}},
    "initiative_count": {"type": "integer"}}}
_OVERVIEW_SCHEMA = {"type": "object", "properties": {
    "by": {"type": "string", "enum": list(AGGREGATIONS)},
    "aggregates": {"type": "array", "items": {"type": "object"}},
    "uncovered_components": {"type": "array", "items": {"type": "object"}},
    "countries_without_coordination_data": {"type": "array", "items": {"type": "object"}}}}
_REVIEW_REQUEST = {"type": "object", "required": ["kind", "a", "b", "decision"],
                   "additionalProperties": False, "properties": {
    "kind": {"type": "string", "enum": ["initiative", "need"]},
    "a": {"type": "string", "description": "the record kept when confirmed"},
    "b": {"type": "string", "description": "merged into a when confirmed"},
    "decision": {"type": "string", "enum": ["confirmed", "dismissed", "acknowledged"]},
    "note": {"type": ["string", "null"], "maxLength": 5000,
             "description": "required to acknowledge an overlap"}}}
_UNDO_REQUEST = {"type": "object", "required": ["review"], "additionalProperties": False,
                 "properties": {"review": {"type": "integer", "description": "review id"}}}


def _unknown_arguments(allowed: set[str], kind: str) -> None:
    for key in request.args:
        if key not in allowed:
            raise InvalidInput(Problem("query", kind, key, "unknown parameter; allowed: "
                                       + ", ".join(sorted(allowed))))


def _whole(name: str, kind: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(Problem("query", kind, name, f"{raw!r} is not a whole number")) \
            from None
    if value < 1:
        raise InvalidInput(Problem("query", kind, name, "at least 1"))
    return value


@bp.get("/duplicates")
def duplicates() -> Response:
    """Flagged pairs, best first, with their review."""
    _unknown_arguments(set(PAIR_FILTERS), "duplicates")
    filters = {k: v.strip() for k, v in request.args.items() if v.strip()}
    min_score = read_min_score(filters.get("min_score"))
    pairs = select_pairs(flagged_pairs(get_session(), current_viewer(), min_score), filters)
    return jsonify(pairs)


operation("get", "/api/v1/duplicates", "Duplicated or overlapping initiatives and needs",
          "analyses", parameters=(
              query("kind", "initiative or need", {"type": "string",
                                                   "enum": ["initiative", "need"]}),
              query("relation", "duplicate_record or overlapping_support",
                    {"type": "string", "enum": ["duplicate_record", "overlapping_support"]}),
              query("min_score", "smallest score (default 0.5, at least 0.3)",
                    {"type": "number", "minimum": 0.3, "maximum": 1}),
              query("review", PAIR_FILTERS["review"], {"type": "string", "enum": [
                  "none", "acknowledged", "dismissed", "reviewed"]})),
          response_schema={"type": "array", "items": PAIR_SCHEMA})


def _secretariat() -> Response | None:
    """A 401 for anonymous callers; a browser session must show its CSRF token; a 403 for
    any role but the secretariat."""
    viewer = current_viewer()
    if viewer.role == "anonymous":
        return unauthorized("reviewing pairs needs a secretariat account: send "
                            "'Authorization: Bearer TOKEN'")
    if signed_in_with() == "session":
        csrf.protect()
    if viewer.role not in ("secretariat", "system"):
        raise PermissionDenied("only the secretariat may review duplicate pairs")
    return None


def _body(fields: dict[str, Any]) -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(Problem("request", "review", "", "the body must be a JSON object "
                                   "(Content-Type: application/json)"))
    unknown = sorted(set(data) - set(fields["properties"]))
    problems = [Problem("request", "review", name, "unknown field") for name in unknown]
    problems += [Problem("request", "review", name, "required")
                 for name in fields["required"] if data.get(name) in (None, "")]
    if problems:
        raise InvalidInput(problems)
    return data


def _run(change) -> Response:
    refused = _secretariat()
    if refused is not None:
        return refused
    session = get_session()
    try:
        result = change(session)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return jsonify(result)


@bp.post("/duplicates/review")
def review_duplicate() -> Response:
    """Record a decision on a pair: confirmed (b merged into a), dismissed, acknowledged."""
    def change(session) -> dict[str, Any]:
        body = _body(_REVIEW_REQUEST)
        for name in ("kind", "a", "b", "decision"):
            if not isinstance(body[name], str):
                raise InvalidInput(Problem("request", "review", name, "must be text"))
        note = body.get("note")
        if note is not None and not isinstance(note, str):
            raise InvalidInput(Problem("request", "review", "note", "must be text"))
        if body["decision"] == "acknowledged" and not (note or "").strip():
            raise InvalidInput(Problem("request", "review", "note",
                                       "say how the overlap is coordinated"))
        done = review_pair(session, body["kind"], body["a"], body["b"], body["decision"],
                           note=(note or "").strip() or None,
                           actor=current_viewer().name or "secretariat")
        return {**done.as_dict(), "kind": done.kind, "a": done.a, "b": done.b}
    return _run(change)


operation("post", "/api/v1/duplicates/review",
          "Record the secretariat's decision on a pair (confirmed merges b into a)", "analyses",
          auth=True, request_schema=_REVIEW_REQUEST, response_schema=REVIEW_SCHEMA)


@bp.post("/duplicates/undo")
def undo_duplicate_review() -> Response:
    """Take a decision back; a merge is undone."""
    def change(session) -> dict[str, Any]:
        body = _body(_UNDO_REQUEST)
        if not isinstance(body["review"], int) or isinstance(body["review"], bool):
            raise InvalidInput(Problem("request", "review", "review", "a review id (number)"))
        taken = undo_review(session, body["review"],
                            actor=current_viewer().name or "secretariat")
        return {**taken.as_dict(), "kind": taken.kind, "a": taken.a, "b": taken.b,
                "undone": True}
    return _run(change)


operation("post", "/api/v1/duplicates/undo", "Take back a decision on a pair (undo a merge)",
          "analyses", auth=True, request_schema=_UNDO_REQUEST, response_schema=REVIEW_SCHEMA)


@bp.get("/gaps")
def gaps() -> Response:
    """Needs with missing or insufficient support, most severe first; ``?by=`` totals."""
    _unknown_arguments({*GAP_FILTERS, "top"}, "gaps")
    session, viewer = get_session(), current_viewer()
    by = request.args.get("by", "").strip()
    if by:
        if by not in AGGREGATIONS:
            raise InvalidInput(Problem("query", "gaps", "by",
                                       f"{by!r}: one of {', '.join(AGGREGATIONS)}"))
        return jsonify(gap_overview(session, viewer, by=by))
    filters = {k: v.strip() for k, v in request.args.items() if v.strip() and k != "top"}
    lines = select_gaps(gap_lines(gaps_for(session, viewer), snapshot_for(session, viewer),
                                  viewer), filters)
    top = _whole("top", "gaps")
    return jsonify([line.gap.as_dict() for line in lines[:top]])


operation("get", "/api/v1/gaps", "Needs with missing or insufficient support, or their totals",
          "analyses", parameters=(
              *(query(name, text) for name, text in GAP_FILTERS.items() if name != "by"),
              query("top", "only the N most severe", {"type": "integer", "minimum": 1}),
              query("by", "totals by an area, a component or a priority group instead",
                    {"type": "string", "enum": list(AGGREGATIONS)})),
          response_schema={"oneOf": [{"type": "array", "items": GAP_SCHEMA},
                                     _OVERVIEW_SCHEMA]})


@bp.get("/indicators")
def indicators() -> Response:
    """The capacity-building indicators by year and level, with data quality."""
    _unknown_arguments(set(), "indicators")
    return jsonify(indicators_for(get_session(), current_viewer()))


operation("get", "/api/v1/indicators", "The capacity-building indicators (4(g))", "analyses",
          response_schema={"type": "object", "properties": {
              "as_of": {"type": "string"}, "levels": {"type": "array"},
              "by_year": {"type": "object"}, "overall": {"type": "object"},
              "providers_per_country": {"type": "object"},
              "data_quality": {"type": "object"}}})


@bp.get("/report")
def report() -> Response:
    """The progress report to COP-MOP, as HTML (``text/html``) or Markdown
    (``text/markdown``)."""
    _unknown_arguments({"format"}, "report")
    return report_response(read_format(request.args.get("format")), attachment=False)


operation("get", "/api/v1/report",
          "The progress report to COP-MOP: the document itself, text/html or text/markdown",
          "analyses", parameters=(query("format", "html (default) or md",
                                        {"type": "string", "enum": ["html", "md"]}),),
          response_schema={"type": "string", "description": "the report (not JSON): "
                           "text/html or text/markdown"})
