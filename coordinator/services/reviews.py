"""The secretariat's decisions on flagged duplicate pairs: confirm (merge), dismiss, acknowledge.

* **confirmed** — the two records are one: ``b`` is merged into ``a`` (lists united, the longer
  text kept, the wider period), ``b`` is soft-deleted, its id (and its aliases) become aliases of
  ``a`` so later imports of either upsert ``a``, and partnerships pointing at ``b`` point at ``a``.
  Everything needed to undo it is kept with the decision.
* **dismissed** — not a duplicate: the pair is not flagged again unless one of the records changes
  (each record's fingerprint is kept with the decision).
* **acknowledged** — a real overlap that is coordinated; the note says how. The pair stays listed
  with that status.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain import Initiative, Need
from ..errors import Conflict, InvalidInput, NotFound, Problem
from ..io.document import record_dict
from ..io.records import ParsedDocument
from ..store.models import (
    AuditRow,
    DuplicateReviewRow,
    InitiativeRow,
    NeedRow,
    PartnershipRow,
    RecordAliasRow,
    utcnow,
)
from ..store.snapshot import load_snapshot
from ..store.writer import write_document

__all__ = ["Review", "fingerprint", "review_pair", "undo_review", "reviews_by_pair",
           "merge_initiatives", "merge_needs", "pair_key"]

DECISIONS = ("confirmed", "dismissed", "acknowledged")
_MODELS = {"initiative": InitiativeRow, "need": NeedRow}
_PARTNERSHIP_COLUMN = {"initiative": PartnershipRow.initiative_id, "need": PartnershipRow.need_id}


@dataclass(frozen=True)
class Review:
    """A decision on a pair, as the analyses and pages use it."""

    id: int
    kind: str
    a: str
    b: str
    decision: str
    note: str | None
    a_fingerprint: str | None
    b_fingerprint: str | None
    decided_by: str | None
    decided_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, as shown next to a pair in the ``duplicates`` output."""
        return {"id": self.id, "decision": self.decision, "note": self.note,
                "decided_by": self.decided_by, "decided_at": self.decided_at}


def fingerprint(record: Initiative | Need) -> str:
    """A hash of what the record says (not when it was stamped), to notice later changes."""
    data = record_dict(record)
    for volatile in ("updated", "aliases"):
        data.pop(volatile, None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def pair_key(kind: str, a: str, b: str) -> tuple[str, str, str]:
    """The order-free key of a pair."""
    return (kind, *sorted((a, b)))


def _period(a_start: date | None, b_start: date | None, a_end: date | None,
            b_end: date | None) -> tuple[date | None, date | None]:
    starts = [d for d in (a_start, b_start) if d]
    ends = [d for d in (a_end, b_end) if d]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _union(first: tuple, second: tuple) -> tuple:
    return tuple(dict.fromkeys((*first, *second)))


def _longer(first: str | None, second: str | None) -> str | None:
    if not first:
        return second
    if not second:
        return first
    return first if len(first) >= len(second) else second


def merge_initiatives(a: Initiative, b: Initiative) -> Initiative:
    """One initiative holding what both records say; ``a``'s id, title and status win."""
    start, end = _period(a.start, b.start, a.end, b.end)
    return replace(
        a,
        description=_longer(a.description, b.description) or "",
        providers=_union(a.providers, b.providers),
        recipient_countries=_union(a.recipient_countries, b.recipient_countries),
        recipient_regions=_union(a.recipient_regions, b.recipient_regions),
        components=_union(a.components, b.components),
        budget=a.budget or b.budget,
        start=start, end=end,
        lessons=_longer(a.lessons, b.lessons),
        aliases=_union(a.aliases, (b.id, *b.aliases)),
        unmapped_sectors=_union(a.unmapped_sectors, b.unmapped_sectors),
        updated=None,
    )


def merge_needs(a: Need, b: Need) -> Need:
    """One need holding what both records say; ``a``'s id, title and component win."""
    start, end = _period(a.start, b.start, a.end, b.end)
    return replace(
        a,
        description=_longer(a.description, b.description) or "",
        priority=min(a.priority, b.priority),
        start=start, end=end,
        estimated_cost=a.estimated_cost or b.estimated_cost,
        confidential=a.confidential or b.confidential,
        updated=None,
    )


def _record(snapshot, kind: str, record_id: str):
    records = snapshot.initiatives if kind == "initiative" else snapshot.needs
    if record_id not in records:
        raise NotFound(f"no {kind} {record_id!r}")
    return records[record_id]


def _to_review(row: DuplicateReviewRow) -> Review:
    return Review(row.id, row.kind, row.a, row.b, row.decision, row.note, row.a_fingerprint,
                  row.b_fingerprint, row.decided_by, row.decided_at.isoformat(timespec="seconds"))


def review_pair(session: Session, kind: str, a: str, b: str, decision: str, *,
                note: str | None = None, actor: str = "system") -> Review:
    """Record the decision on the pair (a, b); with ``confirmed``, merge b into a."""
    if kind not in _MODELS:
        raise InvalidInput(Problem("", "review", "kind", f"{kind!r} is not initiative or need"))
    if decision not in DECISIONS:
        raise InvalidInput(Problem("", "review", "decision",
                                   f"{decision!r} is not one of {', '.join(DECISIONS)}"))
    if a == b:
        raise InvalidInput(Problem("", "review", "b", "a record is not a duplicate of itself"))
    if note is not None and len(note) > 5000:
        raise InvalidInput(Problem("", "review", "note", "longer than 5,000 characters"))
    snapshot = load_snapshot(session)
    record_a, record_b = _record(snapshot, kind, a), _record(snapshot, kind, b)
    key = pair_key(kind, a, b)
    existing = session.scalar(select(DuplicateReviewRow).where(
        DuplicateReviewRow.kind == key[0], DuplicateReviewRow.a == key[1],
        DuplicateReviewRow.b == key[2]))
    if existing is not None:
        if existing.decision == "confirmed":
            raise Conflict(f"{kind}s {a} and {b} were already merged; undo review "
                           f"{existing.id} first")
        session.delete(existing)
        session.flush()
    merged_state = None
    if decision == "confirmed":
        merged_state = _merge(session, kind, record_a, record_b, actor)
    records = {a: record_a, b: record_b}
    row = DuplicateReviewRow(
        kind=key[0], a=key[1], b=key[2], decision=decision, note=note,
        a_fingerprint=fingerprint(records[key[1]]),
        b_fingerprint=fingerprint(records[key[2]]),
        merged_record=merged_state, decided_by=actor, decided_at=utcnow(),
    )
    session.add(row)
    session.add(AuditRow(actor=actor, action=f"review:{decision}", record_type=kind,
                         record_id=f"{a}|{b}", before=None,
                         after={"a": a, "b": b, "decision": decision, "note": note}))
    session.flush()
    return _to_review(row)


def _merge(session: Session, kind: str, keep, drop, actor: str) -> dict[str, Any]:
    merged = merge_initiatives(keep, drop) if kind == "initiative" else merge_needs(keep, drop)
    column = _PARTNERSHIP_COLUMN[kind]
    moved = list(session.scalars(select(PartnershipRow.id).where(column == drop.id)))
    state = {"kept": keep.id, "dropped": drop.id, "kept_before": record_dict(keep),
             "dropped_before": record_dict(drop), "moved_partnerships": moved,
             "aliases_added": [alias for alias in (drop.id, *getattr(drop, "aliases", ()))]}
    parsed = ParsedDocument(**{f"{kind}s": (merged,)})
    write_document(session, parsed, actor=actor)
    for alias in state["aliases_added"]:
        if session.get(RecordAliasRow, (kind, alias)) is None:
            session.add(RecordAliasRow(kind=kind, alias=alias, target_id=keep.id))
    session.execute(update(RecordAliasRow).where(
        RecordAliasRow.kind == kind, RecordAliasRow.target_id == drop.id).values(
        target_id=keep.id))
    if moved:
        session.execute(update(PartnershipRow).where(PartnershipRow.id.in_(moved)).values(
            {column.key: keep.id}))
    model = _MODELS[kind]
    row = session.get(model, drop.id)
    row.deleted_at = utcnow()
    session.flush()
    return state


def undo_review(session: Session, review_id: int, *, actor: str = "system") -> Review:
    """Take a decision back; a merge is undone: both records as they were, aliases removed."""
    row = session.get(DuplicateReviewRow, review_id)
    if row is None:
        raise NotFound(f"no review {review_id}")
    review = _to_review(row)
    if row.decision == "confirmed" and row.merged_record:
        _unmerge(session, row.kind, row.merged_record, actor)
    session.delete(row)
    session.add(AuditRow(actor=actor, action="review:undo", record_type=row.kind,
                         record_id=f"{row.a}|{row.b}", before=review.as_dict(), after=None))
    session.flush()
    return review


def _unmerge(session: Session, kind: str, state: dict[str, Any], actor: str) -> None:
    from ..io.records import parse_document
    from .records import reference_context

    model = _MODELS[kind]
    dropped = session.get(model, state["dropped"])
    dropped.deleted_at = None
    for alias in state["aliases_added"]:
        alias_row = session.get(RecordAliasRow, (kind, alias))
        if alias_row is not None:
            session.delete(alias_row)
    session.flush()
    # the dropped record's own aliases are written back with it, pointing at it again
    document = {f"{kind}s": [state["kept_before"], state["dropped_before"]]}
    parsed = parse_document(document, reference_context(session), source="undo")
    write_document(session, parsed, actor=actor)
    column = _PARTNERSHIP_COLUMN[kind]
    if state["moved_partnerships"]:
        session.execute(update(PartnershipRow).where(
            PartnershipRow.id.in_(state["moved_partnerships"])).values(
            {column.key: state["dropped"]}))
    session.flush()


def reviews_by_pair(session: Session) -> dict[tuple[str, str, str], Review]:
    """Every recorded decision, keyed by :func:`pair_key`."""
    return {(r.kind, r.a, r.b): _to_review(r) for r in session.scalars(select(DuplicateReviewRow))}
