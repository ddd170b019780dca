"""Matching, allocation and meeting proposals in the API.

* ``GET /api/v1/match?need=ID`` or ``?provider=ID`` (``&top=N``): ranked, explained suggestions
  (the contract's "match" output, with the weights used and where they come from).
* ``POST /api/v1/match/decision``: accept or decline a suggestion; it becomes a partnership.
  Only the provider's own account or the secretariat; a browser session must send its CSRF
  token in ``X-CSRFToken``.
* ``GET /api/v1/allocate?method=``: the optimal allocation of budgets to open needs.
* ``GET /api/v1/meetings/proposals?scope=&area=``: proposed coordination meetings, and
  ``GET /api/v1/meetings/proposals/<id>.ics`` one of them as an iCalendar invitation.

Everything is cut to what the caller may see: a confidential need is neither suggested to nor
answerable by someone who may not read it.
"""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from coordinator.errors import InvalidInput, Problem
from coordinator.io.document import partnership_dict
from coordinator.services import matching as matching_service
from coordinator.suggestions import ALLOCATION_METHODS

from ..auth import signed_in_with, unauthorized
from ..database import get_session
from ..pages.allocation import read_method
from ..pages.meeting_plans import calendar_response, find_proposal, planned, read_scope
from ..security import csrf
from ..viewer import current_viewer
from . import bp
from .spec import operation, path_param, query

__all__ = ["MAX_TOP", "MATCH_SCHEMA", "DECISION_SCHEMA", "ALLOCATE_SCHEMA", "MEETINGS_SCHEMA"]

MAX_TOP = 500
_PARTS = {"type": "object", "additionalProperties": {"type": "number"},
          "description": "the score's parts (0..1) by name: thematic, geography, eligibility, "
                         "budget, language, text, duplication (subtracted)"}
MATCH_SCHEMA = {
    "type": "object", "required": ["suggestions"],
    "properties": {
        "need": {"type": "string"}, "provider": {"type": "string"},
        "suggestions": {"type": "array", "items": {"type": "object", "properties": {
            "need": {"type": "string"}, "provider": {"type": "string"},
            "name": {"type": "string"}, "kind": {"type": "string"},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "parts": _PARTS, "reasons": {"type": "array", "items": {"type": "string"}}}}},
        "weights": {"type": "object", "additionalProperties": {"type": "number"}},
        "model": {"type": "object", "description": "where the weights come from: learned "
                                                   "from decisions, or expert weights"},
    },
}
DECISION_SCHEMA = {
    "type": "object", "required": ["need", "provider", "decision"], "additionalProperties": False,
    "properties": {
        "need": {"type": "string"}, "provider": {"type": "string"},
        "decision": {"type": "string", "enum": ["accept", "decline"]},
        "reason": {"type": "string", "maxLength": 2000,
                   "description": "why; required to decline"},
    },
}
_MONEY = {"type": "object", "properties": {"amount": {"type": "number"},
                                           "currency": {"type": "string"}}}
ALLOCATE_SCHEMA = {
    "type": "object", "required": ["assignments", "objective", "unassigned", "method"],
    "properties": {
        "assignments": {"type": "array", "items": {"type": "object", "properties": {
            "need": {"type": "string"}, "provider": {"type": "string"}, "amount": _MONEY,
            "reasons": {"type": "array", "items": {"type": "string"}}}}},
        "objective": {"type": "number"}, "covered": _MONEY,
        "unassigned": {"type": "array", "items": {"type": "string"}},
        "method": {"type": "string"}, "notes": {"type": "array", "items": {"type": "string"}},
    },
}
MEETINGS_SCHEMA = {
    "type": "object", "required": ["proposals"],
    "properties": {
        "proposals": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "scope": {"type": "string"},
            "area": {"type": "string"}, "host": {"type": "string"},
            "invitees": {"type": "object", "properties": {
                "countries": {"type": "array", "items": {"type": "string"}},
                "providers": {"type": "array", "items": {"type": "string"}}}},
            "agenda": {"type": "array", "items": {"type": "string"}},
            "components": {"type": "array", "items": {"type": "string"}},
            "window": {"type": "object"}, "score": {"type": "number"},
            "parts": {"type": "object"}, "reasons": {"type": "array"},
            "invitation_list": {"type": "array"}}}},
        "skipped": {"type": "array", "items": {"type": "object"}},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
_SCOPE = query("scope", "group countries by M49 region, subregion, or by the data (auto)",
               {"type": "string", "enum": ["subregion", "region", "auto"],
                "default": "subregion"})
_AREA = query("area", "only countries within this UN M49 area (e.g. 002 Africa, 011 Western "
                      "Africa)")


def _top() -> int:
    raw = request.args.get("top")
    if raw is None or raw == "":
        return 10
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TOP:
        raise InvalidInput(Problem("query", "match", "top", f"a whole number 1..{MAX_TOP}"))
    return int(raw)


@bp.get("/match")
def match() -> Response:
    """Suggestions for one need (providers) or one provider (needs), explained."""
    need_id = (request.args.get("need") or "").strip()
    provider_id = (request.args.get("provider") or "").strip()
    unknown = sorted(set(request.args) - {"need", "provider", "top"})
    if unknown:
        raise InvalidInput([Problem("query", "match", k, "unknown parameter; allowed: need, "
                                    "provider, top") for k in unknown])
    if bool(need_id) == bool(provider_id):
        raise InvalidInput(Problem("query", "match", "need",
                                   "give either need=ID or provider=ID"))
    session, viewer = get_session(), current_viewer()
    if need_id:
        return jsonify(matching_service.suggestions_for_need(session, viewer, need_id,
                                                             top=_top()))
    return jsonify(matching_service.suggestions_for_provider(session, viewer, provider_id,
                                                             top=_top()))


operation("get", "/api/v1/match", "Ranked, explained partnership suggestions for a need or a "
          "provider", "matching", response_schema=MATCH_SCHEMA, parameters=(
              query("need", "a need id: the providers that fit it"),
              query("provider", "a provider id (or country:ALPHA3 for South-South "
                                "cooperation): the open needs that fit it"),
              query("top", f"how many suggestions (1..{MAX_TOP}, default 10)",
                    {"type": "integer", "minimum": 1, "maximum": MAX_TOP})))


def _decision_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(Problem("request", "decision", "", "the body must be a JSON object "
                                   "{need, provider, decision, reason}"))
    problems = []
    for name in ("need", "provider"):
        if not isinstance(body.get(name), str) or not body[name].strip():
            problems.append(Problem("request", "decision", name, "required (an id)"))
    if body.get("decision") not in ("accept", "decline"):
        problems.append(Problem("request", "decision", "decision", "accept or decline"))
    if body.get("reason") is not None and not isinstance(body.get("reason"), str):
        problems.append(Problem("request", "decision", "reason", "text"))
    extra = sorted(set(body) - {"need", "provider", "decision", "reason"})
    problems += [Problem("request", "decision", k, "unknown field") for k in extra]
    if problems:
        raise InvalidInput(problems)
    return body


@bp.post("/match/decision")
def match_decision() -> Response:
    """Accept or decline a suggestion: it is recorded as a partnership with its history."""
    viewer = current_viewer()
    if viewer.role == "anonymous":
        return unauthorized("deciding needs an account: send 'Authorization: Bearer TOKEN'")
    if signed_in_with() == "session":
        csrf.protect()
    body = _decision_body()
    session = get_session()
    try:
        partnership = matching_service.decide(
            session, viewer, body["need"].strip(), body["provider"].strip(),
            body["decision"] == "accept", body.get("reason"))
    except Exception:
        session.rollback()
        raise
    session.commit()
    return jsonify(partnership_dict(partnership))


operation("post", "/api/v1/match/decision", "Accept or decline a suggestion (the provider's own "
          "account or the secretariat)", "matching", auth=True, request_schema=DECISION_SCHEMA,
          response_schema={"type": "object", "description": "the partnership recorded, in the "
                                                            "document format"})


@bp.get("/allocate")
def allocate() -> Response:
    """The optimal allocation of known budgets to open needs, every assignment explained."""
    method = read_method(request.args)
    return jsonify(matching_service.allocation_for(get_session(), current_viewer(), method))


operation("get", "/api/v1/allocate", "Optimal assignment of open needs to providers under their "
          "budgets", "matching", response_schema=ALLOCATE_SCHEMA, parameters=(
              query("method", "augmenting (exact, fast; default), lp (exact, HiGHS) or greedy "
                               "(baseline)", {"type": "string", "enum": list(ALLOCATION_METHODS)}),
          ))


@bp.get("/meetings/proposals")
def meeting_proposals() -> Response:
    """Proposed coordination meetings, best first, with the groups left out and why."""
    result = planned(*read_scope(request.args))
    return jsonify({"proposals": result.proposals, "skipped": result.skipped,
                    "notes": result.notes})


operation("get", "/api/v1/meetings/proposals", "Proposed regional and subregional coordination "
          "meetings, best first", "meetings", response_schema=MEETINGS_SCHEMA,
          parameters=(_SCOPE, _AREA))


@bp.get("/meetings/proposals/<path:record_id>.ics")
def meeting_proposal_calendar(record_id: str) -> Response:
    """One proposal as an iCalendar invitation (the same scope and area as it was listed)."""
    return calendar_response(find_proposal(record_id, *read_scope(request.args)))


operation("get", "/api/v1/meetings/proposals/{id}.ics", "A proposed meeting as an iCalendar "
          "(.ics) invitation", "meetings",
          parameters=(path_param("id", "the proposal's id"), _SCOPE, _AREA),
          response_schema={"type": "string", "description": "text/calendar (RFC 5545)"})
