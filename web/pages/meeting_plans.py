"""What the meeting pages and the meetings API share: proposals cached per data version and
viewer, the files a planner sends (``.ics``, printable agenda, invitee CSV), the planner's
changes read from a form, and the agreements a meeting could record.

The proposals themselves are :mod:`coordinator.services.meetings`'s, made from what the viewer
may see; nothing here decides who is invited or why.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response, current_app

from coordinator.domain import Need, Snapshot
from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.io.agenda import SECTION_TITLES, agenda_html, invitees_csv
from coordinator.io.ics import DEFAULT_ORGANIZER, meeting_calendar
from coordinator.services import matching as matching_service
from coordinator.services import meetings as meeting_service
from coordinator.services.catalog import cached, data_version
from coordinator.visibility import Viewer, can_see_need

from ..auth import current_account
from ..database import get_session
from ..viewer import current_viewer

__all__ = [
    "SCOPE_LABELS",
    "PART_LABELS",
    "Agreement",
    "planned",
    "find_proposal",
    "read_scope",
    "organizer",
    "calendar_response",
    "agenda_response",
    "invitees_response",
    "agenda_sections",
    "parse_day",
    "candidate_agreements",
    "open_needs_of",
]

SCOPE_LABELS = {
    "subregion": "Subregion (UN M49)",
    "region": "Region (Africa, Americas, …)",
    "auto": "Shared needs and providers",
}
#: The parts of a proposal's score in words.
PART_LABELS = {
    "needs_at_stake": "Needs at stake",
    "funding_gap": "Funding gap",
    "duplications": "Duplications to resolve",
    "partnerships_waiting": "Partnerships waiting",
}
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_FILE_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Agreement:
    """A (need, provider) pair a meeting could agree on, with its fit."""

    need: Need
    provider_id: str
    provider_name: str
    score: float | None
    suggested: bool

    @property
    def value(self) -> str:
        """The form value naming the pair."""
        return f"{self.need.id}|{self.provider_id}"


def read_scope(args: Mapping[str, str]) -> tuple[str, str | None]:
    """The scope (``subregion`` unless said) and M49 area (or None) asked for."""
    scope = (args.get("scope") or "subregion").strip()
    area = (args.get("area") or "").strip() or None
    return scope, area


def planned(scope: str, area: str | None) -> meeting_service.MeetingProposals:
    """The proposals for the request's viewer, made once per data version, scope and area."""
    session = get_session()
    viewer = current_viewer()
    return cached(("meeting proposals", data_version(session), viewer, scope, area),
                  lambda: meeting_service.plan(session, viewer, scope, area))


def find_proposal(proposal_id: str, scope: str, area: str | None) -> dict[str, Any]:
    """The proposal ``proposal_id`` of that request; NotFound naming the proposals there."""
    found = planned(scope, area).proposals
    for proposal in found:
        if proposal["id"] == proposal_id:
            return proposal
    raise NotFound(f"no proposal {proposal_id!r} for scope {scope}"
                   f"{f' and area {area}' if area else ''}; ask for proposals again, the "
                   "record may have changed since")


def organizer() -> tuple[str, str]:
    """Who sends the invitations: the signed-in account, else ``COORDINATOR_ORGANIZER``,
    else the default address (which nobody reads)."""
    account = current_account()
    if account is not None and account.email:
        return (account.name or account.email, account.email)
    configured = current_app.config.get("COORDINATOR_ORGANIZER") or \
        os.environ.get("COORDINATOR_ORGANIZER")
    return (DEFAULT_ORGANIZER[0], configured) if configured else DEFAULT_ORGANIZER


def _file_name(meeting: Mapping[str, Any], suffix: str) -> str:
    return (_FILE_SAFE.sub("-", str(meeting["id"])).strip("-") or "meeting") + suffix


def calendar_response(meeting: Mapping[str, Any]) -> Response:
    """The meeting as an ``.ics`` attachment."""
    response = Response(meeting_calendar(meeting, organizer=organizer()),
                        mimetype="text/calendar")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{_file_name(meeting, ".ics")}"'
    return response


def agenda_response(meeting: Mapping[str, Any], *, download: bool = False) -> Response:
    """The printable agenda, served with a policy that allows exactly its own stylesheet."""
    html = agenda_html(meeting)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in _STYLE.findall(html))
    styles = hashes or "'none'"
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; style-src {styles}; img-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'")
    if download:
        response.headers["Content-Disposition"] = \
            f'attachment; filename="{_file_name(meeting, ".html")}"'
    return response


def invitees_response(meeting: Mapping[str, Any]) -> Response:
    """The invitee list as a CSV attachment (with the contacts the reader may see)."""
    response = Response(invitees_csv(meeting), mimetype="text/csv")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{_file_name(meeting, "-invitees.csv")}"'
    return response


def agenda_sections(meeting: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """The agenda's lines by section, in the order a meeting takes them."""
    grouped: dict[str, list[str]] = {}
    for item in meeting.get("agenda_items") or [
            {"section": "agenda", "text": t} for t in meeting.get("agenda") or []]:
        grouped.setdefault(item.get("section") or "agenda", []).append(item["text"])
    order = [s for s in SECTION_TITLES if s in grouped] + \
        [s for s in grouped if s not in SECTION_TITLES]
    return [(SECTION_TITLES.get(s, s.replace("_", " ").capitalize()), grouped[s]) for s in order]


def parse_day(raw: str | None, field: str, record: str) -> date | None:
    """A date typed in a form (YYYY-MM-DD), None when left empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(Problem("form", record, field,
                                   f"{text!r} is not a date (YYYY-MM-DD)")) from None


def open_needs_of(snapshot: Snapshot, viewer: Viewer, countries: list[str]) -> list[Need]:
    """The open and partially met needs of ``countries`` the viewer may read, by country and
    priority."""
    wanted = set(countries)
    found = [n for n in snapshot.needs.values()
             if n.country in wanted and n.status in ("open", "partially_met")
             and can_see_need(viewer, n) and not n.id.startswith("confidential-")]
    return sorted(found, key=lambda n: (n.country, n.priority, n.id))


def candidate_agreements(snapshot: Snapshot, viewer: Viewer, meeting: Mapping[str, Any], *,
                         per_provider: int = 3, limit: int = 24) -> list[Agreement]:
    """Pairs a meeting could agree on: partnerships already suggested between its invitees,
    then the best fits of each invited provider among the invited countries' needs."""
    countries = set(meeting["invitees"]["countries"])
    providers = [p for p in meeting["invitees"]["providers"]
                 if p in snapshot.providers and snapshot.providers[p].kind != "expert"]
    found: dict[tuple[str, str], Agreement] = {}
    for partnership in sorted(snapshot.partnerships.values(), key=lambda p: p.id):
        need = snapshot.needs.get(partnership.need)
        if (partnership.status == "suggested" and partnership.provider in providers
                and need is not None and need.country in countries
                and can_see_need(viewer, need)):
            found[(need.id, partnership.provider)] = Agreement(
                need, partnership.provider, snapshot.providers[partnership.provider].name,
                partnership.score, True)
    session = get_session()
    for provider_id in providers:
        ranked = matching_service.suggestions_for_provider(session, viewer, provider_id,
                                                           top=200)["suggestions"]
        taken = 0
        for item in ranked:
            need = snapshot.needs.get(item["need"])
            if need is None or need.country not in countries or not can_see_need(viewer, need):
                continue
            key = (need.id, provider_id)
            if key not in found:
                found[key] = Agreement(need, provider_id, snapshot.providers[provider_id].name,
                                       float(item["score"]), False)
            taken += 1
            if taken >= per_provider:
                break
    ordered = sorted(found.values(), key=lambda a: (not a.suggested, -(a.score or 0.0),
                                                    a.need.id, a.provider_id))
    return ordered[:limit]
