"""Coordination meetings as use cases: propose, save a proposal, record what happened, list.

A proposal is saved as a meeting record (status ``scheduled``). When the meeting has taken
place, the secretariat records it as ``held`` with its outcome and the suggestions agreed there;
each agreement becomes (or turns) a partnership ``accepted`` with origin ``meeting`` and the
meeting as its origin, with a history event. Later proposals learn from it: those needs count as
addressed, the host rotates and the window keeps clear of the meeting.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from matching.meeting_types import SCOPES, MeetingRules

from ..domain import Meeting, Partnership, Snapshot
from ..errors import Conflict, InvalidInput, NotFound, Problem
from ..io.document import meeting_dict, partnership_dict
from ..io.records import FORMAT
from ..meeting_views import meeting_view, proposal_dict
from ..meetings import plan_meetings
from ..permissions import require
from ..store.models import utcnow
from ..store.snapshot import load_snapshot
from ..visibility import SYSTEM, Viewer
from .records import import_document
from .reviews import fingerprint, reviews_by_pair

__all__ = [
    "MeetingProposals",
    "ProposalChanges",
    "RecordResult",
    "settled_pairs",
    "plan",
    "propose",
    "save_proposal",
    "save_meeting",
    "record_meeting",
    "list_meetings",
    "get_meeting",
]

_SOURCE = "meetings"


@dataclass(frozen=True)
class MeetingProposals:
    """Proposals (best first), the groups left without one and why, and general notes."""

    proposals: list[dict[str, Any]]
    skipped: list[dict[str, str]]
    notes: list[str]


@dataclass(frozen=True)
class ProposalChanges:
    """What a planner changes in a proposal before saving it.

    ``invite`` and ``uninvite`` take country codes (alpha-3) and provider ids.
    """

    title: str | None = None
    host: str | None = None
    start: date | None = None
    end: date | None = None
    invite: tuple[str, ...] = ()
    uninvite: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordResult:
    """The meeting as recorded, and what became of each agreement."""

    meeting: dict[str, Any]
    agreements: list[dict[str, str]] = field(default_factory=list)


def _check_request(snapshot: Snapshot, scope: str, area: str | None) -> None:
    problems = []
    if scope not in SCOPES:
        problems.append(Problem(_SOURCE, "proposal request", "scope",
                                f"{scope!r} is not one of {', '.join(SCOPES)}"))
    if area is not None and area not in snapshot.regions:
        problems.append(Problem(_SOURCE, "proposal request", "area",
                                f"{area!r} is not a UN M49 area code (e.g. 002 Africa, "
                                "011 Western Africa, 419 Latin America and the Caribbean)"))
    if problems:
        raise InvalidInput(problems)


def settled_pairs(session: Session, snapshot: Snapshot) -> set[tuple[str, str, str]]:
    """Flagged pairs not to put on an agenda: acknowledged overlaps (coordinated), and pairs
    dismissed as not duplicates while neither record has changed since."""
    settled = set()
    for key, review in reviews_by_pair(session).items():
        kind, a, b = key
        if review.decision == "acknowledged":
            settled.add(key)
        elif review.decision == "dismissed":
            records = snapshot.initiatives if kind == "initiative" else snapshot.needs
            first, second = records.get(a), records.get(b)
            if first is not None and second is not None and \
                    fingerprint(first) == review.a_fingerprint and \
                    fingerprint(second) == review.b_fingerprint:
                settled.add(key)
    return settled


def plan(session: Session, viewer: Viewer, scope: str = "subregion", area: str | None = None,
         *, as_of: date | None = None, rules: MeetingRules | None = None) -> MeetingProposals:
    """Meeting proposals for what ``viewer`` may see, with the groups left out and why."""
    snapshot = load_snapshot(session, viewer, as_of=as_of)
    _check_request(snapshot, scope, area)
    result, inputs = plan_meetings(snapshot, scope, area, rules=rules,
                                   settled=settled_pairs(session, snapshot))
    return MeetingProposals(
        proposals=[proposal_dict(p, snapshot, inputs.notes) for p in result.proposals],
        skipped=[{"area": s.area, "name": s.name, "reason": s.reason} for s in result.skipped],
        notes=list(inputs.notes),
    )


def propose(session: Session, viewer: Viewer, scope: str = "subregion",
            area: str | None = None, *, as_of: date | None = None,
            rules: MeetingRules | None = None) -> list[dict[str, Any]]:
    """Proposed coordination meetings, best first, in the contract's "meetings" shape."""
    return plan(session, viewer, scope, area, as_of=as_of, rules=rules).proposals


def _apply_changes(proposal: dict[str, Any], changes: ProposalChanges, snapshot: Snapshot
                   ) -> dict[str, Any]:
    countries = list(proposal["invitees"]["countries"])
    providers = list(proposal["invitees"]["providers"])
    problems = []
    for ref in changes.invite:
        if ref in snapshot.countries:
            countries += [ref] if ref not in countries else []
        elif ref in snapshot.providers:
            providers += [ref] if ref not in providers else []
        else:
            problems.append(Problem(_SOURCE, f"meeting {proposal['id']}", "invite",
                                    f"{ref!r} is neither a country code nor a provider id"))
    for ref in changes.uninvite:
        if ref not in countries and ref not in providers:
            problems.append(Problem(_SOURCE, f"meeting {proposal['id']}", "uninvite",
                                    f"{ref!r} is not invited"))
    if problems:
        raise InvalidInput(problems)
    countries = [c for c in countries if c not in changes.uninvite]
    providers = [p for p in providers if p not in changes.uninvite]
    changed = {**proposal, "invitees": {"countries": countries, "providers": providers}}
    if changes.title:
        changed["title"] = changes.title
    if changes.host:
        changed["host"] = changes.host
    window = dict(proposal.get("window") or {})
    if changes.start:
        length = _length(window)
        window["start"] = changes.start.isoformat()
        window["end"] = (changes.end or date.fromordinal(changes.start.toordinal() + length)
                         ).isoformat()
    elif changes.end:
        window["end"] = changes.end.isoformat()
    changed["window"] = window
    return changed


def _length(window: Mapping[str, Any]) -> int:
    try:
        return (date.fromisoformat(window["end"]) - date.fromisoformat(window["start"])).days
    except (KeyError, TypeError, ValueError):
        return 2


def save_proposal(session: Session, viewer: Viewer, proposal_id: str, *,
                  scope: str = "subregion", area: str | None = None, as_of: date | None = None,
                  rules: MeetingRules | None = None, changes: ProposalChanges | None = None,
                  actor: str = "system") -> dict[str, Any]:
    """Save proposal ``proposal_id`` (made again from the same request) as a scheduled
    meeting, with the planner's ``changes``; returns the saved meeting."""
    require(viewer, "create", Meeting(proposal_id, "", "", ""))
    found = plan(session, viewer, scope, area, as_of=as_of, rules=rules).proposals
    proposal = next((p for p in found if p["id"] == proposal_id), None)
    if proposal is None:
        known = ", ".join(p["id"] for p in found) or "none"
        raise NotFound(f"no proposal {proposal_id!r} for scope {scope}"
                       f"{f' and area {area}' if area else ''} (proposals: {known})")
    if changes is not None:
        proposal = _apply_changes(proposal, changes, load_snapshot(session, viewer))
    return save_meeting(session, viewer, proposal, actor=actor)


def _both_sides(meeting: Mapping[str, Any], snapshot: Snapshot) -> list[Problem]:
    record = f"meeting {meeting.get('id')}"
    invitees = meeting.get("invitees") or {}
    problems = []
    if not invitees.get("countries"):
        problems.append(Problem(_SOURCE, record, "invitees.countries", "no recipient country "
                                "is invited (paragraph 20 asks for both sides)"))
    donors = [p for p in invitees.get("providers") or []
              if p in snapshot.providers and snapshot.providers[p].kind != "expert"]
    if not donors:
        problems.append(Problem(_SOURCE, record, "invitees.providers", "no donor or support "
                                "provider is invited (paragraph 20 asks for both sides)"))
    return problems


def save_meeting(session: Session, viewer: Viewer, meeting: Mapping[str, Any], *,
                 status: str = "scheduled", actor: str = "system") -> dict[str, Any]:
    """Store a meeting (a proposal, possibly edited) with ``status``; returns it as stored.

    The meeting must invite both sides; a meeting already held or cancelled cannot be saved
    over (Conflict). The host is invited if it was not.
    """
    snapshot = load_snapshot(session, SYSTEM)
    meeting_id = str(meeting.get("id") or "")
    existing = snapshot.meetings.get(meeting_id)
    require(viewer, "update" if existing else "create",
            existing or Meeting(meeting_id, str(meeting.get("title") or ""), "", ""))
    if existing is not None and existing.status in ("held", "cancelled"):
        raise Conflict(f"meeting {meeting_id} is already {existing.status}; it cannot be "
                       "saved over")
    problems = _both_sides(meeting, snapshot)
    if problems:
        raise InvalidInput(problems)
    window = meeting.get("window") or {}
    countries = list(meeting["invitees"]["countries"])
    host = meeting.get("host")
    if host and host not in countries:
        countries.append(host)
    record = {
        "id": meeting_id, "title": meeting.get("title"), "scope": meeting.get("scope"),
        "area": meeting.get("area"), "host": host, "start": window.get("start"),
        "end": window.get("end"), "status": status,
        "invitees": {"countries": countries,
                     "providers": list(meeting["invitees"]["providers"])},
        "agenda": list(meeting.get("agenda") or []),
        "components": list(meeting.get("components") or []),
    }
    record = {k: v for k, v in record.items() if v is not None}
    import_document(session, {"format": FORMAT, "meetings": [record]},
                    source=f"meeting {meeting_id}", actor=actor)
    return get_meeting(session, viewer, meeting_id)


def _agreement_problems(snapshot: Snapshot, record: str, agreed: Sequence[tuple[str, str]]
                        ) -> list[Problem]:
    problems = []
    for index, (need_id, provider_id) in enumerate(agreed):
        where = f"agreed[{index}]"
        need = snapshot.needs.get(need_id)
        if need is None:
            problems.append(Problem(_SOURCE, record, f"{where}.need", f"no need {need_id!r}"))
        elif need.status in ("met", "withdrawn"):
            problems.append(Problem(_SOURCE, record, f"{where}.need",
                                    f"need {need_id} is {need.status}: nothing left to agree"))
        if provider_id.startswith("country:"):
            problems.append(Problem(_SOURCE, record, f"{where}.provider",
                                    f"{provider_id} has no provider record; add a provider of "
                                    "kind country for it first"))
        elif provider_id not in snapshot.providers:
            problems.append(Problem(_SOURCE, record, f"{where}.provider",
                                    f"no provider {provider_id!r}"))
    return problems


def _new_id(meeting_id: str, taken: set[str]) -> str:
    number = 1
    while f"pt-{meeting_id}-{number}" in taken:
        number += 1
    ident = f"pt-{meeting_id}-{number}"
    taken.add(ident)
    return ident


def _agreement(existing: Partnership | None, need: str, provider: str, meeting_id: str,
               note: str, actor: str, taken: set[str]) -> tuple[dict[str, Any] | None, str]:
    event = {"status": "accepted", "at": utcnow().isoformat(timespec="seconds"), "note": note,
             "by": actor}
    if existing is None:
        return ({"id": _new_id(meeting_id, taken), "need": need, "provider": provider,
                 "status": "accepted", "origin": "meeting", "meeting": meeting_id,
                 "history": [event]}, "created")
    record = partnership_dict(existing)
    history = list(record.get("history") or [])
    if existing.status in ("accepted", "funded", "completed"):
        if existing.meeting:
            return None, f"already {existing.status}"
        return ({**record, "meeting": meeting_id}, f"already {existing.status}; linked")
    outcome = "accepted"
    if existing.status == "declined":
        history.append({"status": "suggested", "at": event["at"],
                        "note": f"Reopened at meeting {meeting_id}", "by": actor})
        outcome = "reopened and accepted"
    history.append(event)
    return ({**record, "status": "accepted", "origin": "meeting", "meeting": meeting_id,
             "history": history}, outcome)


def record_meeting(session: Session, viewer: Viewer, meeting_id: str, *, held: bool = True,
                   outcome: str | None = None, agreed: Iterable[tuple[str, str]] = (),
                   start: date | None = None, end: date | None = None,
                   today: date | None = None, actor: str = "system") -> RecordResult:
    """Record meeting ``meeting_id`` as held (with its outcome and the (need, provider) pairs
    agreed there) or as cancelled.

    ``start`` and ``end`` say when it actually took place, if not as planned. A held meeting
    may be recorded again to add agreements or correct the outcome.
    """
    snapshot = load_snapshot(session, SYSTEM)
    meeting = snapshot.meetings.get(meeting_id)
    require(viewer, "update", meeting or Meeting(meeting_id, "", "", ""))
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id!r}")
    if meeting.status == "cancelled":
        raise Conflict(f"meeting {meeting_id} was cancelled")
    if meeting.status == "held" and not held:
        raise Conflict(f"meeting {meeting_id} was held; it cannot be cancelled")
    pairs = list(dict.fromkeys((n.strip(), p.strip()) for n, p in agreed))
    record = f"meeting {meeting_id}"
    outcome = (outcome or "").strip() or meeting.outcome
    begins = start or meeting.start
    problems = []
    if held:
        if not outcome:
            problems.append(Problem(_SOURCE, record, "outcome",
                                    "say what the meeting concluded"))
        if begins and begins > (today or date.today()):
            problems.append(Problem(_SOURCE, record, "start", f"the meeting starts on "
                                    f"{begins.isoformat()}: it cannot have been held yet"))
        problems += _agreement_problems(snapshot, record, pairs)
    elif pairs:
        problems.append(Problem(_SOURCE, record, "agreed", "a cancelled meeting agrees nothing"))
    if problems:
        raise InvalidInput(problems)
    document: dict[str, Any] = {"format": FORMAT}
    stored = meeting_dict(meeting)
    stored.update({"status": "held" if held else "cancelled"})
    if outcome:
        stored["outcome"] = outcome
    if start:
        stored["start"] = start.isoformat()
    if end or start:
        stored["end"] = (end or start).isoformat()
    document["meetings"] = [stored]
    by_pair = {(p.need, p.provider): p for p in sorted(snapshot.partnerships.values(),
                                                       key=lambda p: p.id) if p.provider}
    taken = set(snapshot.partnerships)
    note = f"Agreed at {meeting.title} ({meeting_id})"
    partnerships, results = [], []
    for need, provider in pairs:
        changed, what = _agreement(by_pair.get((need, provider)), need, provider, meeting_id,
                                   note, actor, taken)
        if changed is not None:
            partnerships.append(changed)
        results.append({"need": need, "provider": provider, "result": what,
                        "partnership": changed["id"] if changed else
                        by_pair[(need, provider)].id})
    if partnerships:
        document["partnerships"] = partnerships
    import_document(session, document, source=record, actor=actor)
    return RecordResult(get_meeting(session, viewer, meeting_id), results)


def get_meeting(session: Session, viewer: Viewer, meeting_id: str) -> dict[str, Any]:
    """One recorded meeting, shaped like a proposal, with the partnerships agreed there."""
    snapshot = load_snapshot(session, viewer)
    meeting = snapshot.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id!r}")
    return meeting_view(meeting, snapshot)


def list_meetings(session: Session, viewer: Viewer, *, country: str | None = None,
                  status: str | None = None) -> list[dict[str, Any]]:
    """Recorded meetings, latest first; only those involving ``country`` (invited or host) or
    with ``status`` when given."""
    snapshot = load_snapshot(session, viewer)
    meetings = sorted(snapshot.meetings.values(),
                      key=lambda m: (m.start or date.min, m.id), reverse=True)
    found = []
    for meeting in meetings:
        if status and meeting.status != status:
            continue
        if country and country != meeting.host and not any(
                i.kind == "country" and i.ref == country for i in meeting.invitees):
            continue
        found.append(meeting_view(meeting, snapshot))
    return found
