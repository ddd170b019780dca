"""Writing validated records: upsert by id in the caller's transaction, with an audit entry each."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import Capacity, Initiative, Meeting, Need, Partnership, Profile, Provider
from ..io.document import record_dict
from ..io.records import ParsedDocument
from .convert import (
    capacity_from_row,
    initiative_from_row,
    meeting_from_row,
    need_from_row,
    partnership_from_row,
    profile_from_row,
    provider_from_row,
)
from .models import (
    AuditRow,
    CapacityRow,
    InitiativeRow,
    InitiativeComponentRow,
    InitiativeCountryRow,
    InitiativeProviderRow,
    InitiativeRegionRow,
    MeetingInviteeRow,
    MeetingRow,
    NeedRow,
    PartnershipEventRow,
    PartnershipRow,
    ProfileRow,
    ProviderComponentRow,
    ProviderCountryRow,
    ProviderRegionRow,
    ProviderRow,
    RecordAliasRow,
    utcnow,
)

__all__ = ["write_document", "WriteSummary"]

CHUNK = 500
WriteSummary = dict[str, dict[str, int]]


def _sync(collection: list, wanted: Sequence[Any], key: Callable[[Any], Any],
          make: Callable[[Any], Any]) -> None:
    """Make a child collection hold exactly ``wanted``, keeping rows whose key stays."""
    wanted_keys = set(wanted)
    for row in list(collection):
        if key(row) not in wanted_keys:
            collection.remove(row)
    present = {key(row) for row in collection}
    for item in wanted:
        if item not in present:
            collection.append(make(item))
            present.add(item)


def _apply_provider(row: ProviderRow, p: Provider) -> None:
    row.name, row.kind, row.country, row.contact = p.name, p.kind, p.country, p.contact
    row.budget_amount = p.budget.amount if p.budget else None
    row.budget_currency = p.budget.currency if p.budget else None
    row.languages = list(p.languages)
    _sync(row.components, p.focus_components, lambda r: r.component,
          lambda c: ProviderComponentRow(component=c))
    _sync(row.countries, p.focus_countries, lambda r: r.country,
          lambda c: ProviderCountryRow(country=c))
    _sync(row.regions, p.focus_regions, lambda r: r.region, lambda c: ProviderRegionRow(region=c))


def _apply_initiative(row: InitiativeRow, i: Initiative) -> None:
    row.title, row.description, row.status, row.lessons = (
        i.title, i.description, i.status, i.lessons)
    row.start, row.end = i.start, i.end
    row.budget_amount = i.budget.amount if i.budget else None
    row.budget_currency = i.budget.currency if i.budget else None
    row.unmapped_sectors = list(i.unmapped_sectors)
    _sync(row.providers, [(p.id, p.role) for p in i.providers],
          lambda r: (r.provider_id, r.role),
          lambda pr: InitiativeProviderRow(provider_id=pr[0], role=pr[1]))
    _sync(row.countries, i.recipient_countries, lambda r: r.country,
          lambda c: InitiativeCountryRow(country=c))
    _sync(row.regions, i.recipient_regions, lambda r: r.region,
          lambda c: InitiativeRegionRow(region=c))
    _sync(row.components, i.components, lambda r: r.component,
          lambda c: InitiativeComponentRow(component=c))


def _apply_need(row: NeedRow, n: Need) -> None:
    row.country, row.component, row.title, row.description = (
        n.country, n.component, n.title, n.description)
    row.priority, row.sequence, row.start, row.end = n.priority, n.sequence, n.start, n.end
    row.estimated_cost_amount = n.estimated_cost.amount if n.estimated_cost else None
    row.estimated_cost_currency = n.estimated_cost.currency if n.estimated_cost else None
    row.status, row.confidential = n.status, n.confidential


def _apply_capacity(row: CapacityRow, c: Capacity) -> None:
    row.country, row.component, row.level = c.country, c.component, c.level
    row.description, row.can_offer = c.description, c.can_offer


def _apply_profile(row: ProfileRow, p: Profile) -> None:
    row.focal_point, row.competent_authority = p.focal_point, p.competent_authority
    row.framework, row.strategy = p.framework, p.strategy
    row.coordination_mechanism, row.bch_node = p.coordination_mechanism, p.bch_node
    for name in ("funding_need_short", "funding_need_long"):
        money = getattr(p, name)
        setattr(row, f"{name}_amount", money.amount if money else None)
        setattr(row, f"{name}_currency", money.currency if money else None)
    row.updated = p.updated


def _apply_meeting(row: MeetingRow, m: Meeting) -> None:
    row.title, row.scope, row.area, row.host = m.title, m.scope, m.area, m.host
    row.start, row.end, row.status, row.outcome = m.start, m.end, m.status, m.outcome
    row.agenda, row.components = list(m.agenda), list(m.components)
    _sync(row.invitees, [(i.kind, i.ref) for i in m.invitees], lambda r: (r.kind, r.ref),
          lambda kr: MeetingInviteeRow(kind=kr[0], ref=kr[1]))


def _apply_partnership(row: PartnershipRow, p: Partnership) -> None:
    row.need_id, row.provider_id, row.initiative_id = p.need, p.provider, p.initiative
    row.status, row.origin, row.meeting_id, row.score = p.status, p.origin, p.meeting, p.score
    existing = [(e.status, e.at, e.note, e.by) for e in row.history]
    wanted = [(e.status, e.at, e.note, e.by) for e in p.history]
    if existing != wanted:
        row.history.clear()
        row.history.extend(PartnershipEventRow(status=s, at=a, note=n, by=b)
                           for s, a, n, b in wanted)


# record type -> (row class, key attribute, apply, row -> domain, audit name)
_KINDS: dict[str, tuple] = {
    "providers": (ProviderRow, "id", _apply_provider, provider_from_row, "provider"),
    "initiatives": (InitiativeRow, "id", _apply_initiative, initiative_from_row, "initiative"),
    "needs": (NeedRow, "id", _apply_need, need_from_row, "need"),
    "capacities": (CapacityRow, "id", _apply_capacity, capacity_from_row, "capacity"),
    "profiles": (ProfileRow, "country", _apply_profile, profile_from_row, "profile"),
    "meetings": (MeetingRow, "id", _apply_meeting, meeting_from_row, "meeting"),
    "partnerships": (PartnershipRow, "id", _apply_partnership, partnership_from_row,
                     "partnership"),
}


def _existing(session: Session, model: type, key: str, ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    column = getattr(model, key)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in session.scalars(select(model).where(column.in_(chunk))):
            found[getattr(row, key)] = row
    return found


def _comparable(record: Any) -> dict[str, Any]:
    data = record_dict(record)
    if not isinstance(record, Profile):
        data.pop("updated", None)
    data.pop("aliases", None)
    for name, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and \
                name not in ("agenda",):
            data[name] = sorted(value)
        elif name == "providers" and isinstance(value, list):
            data[name] = sorted(value, key=lambda p: (p["id"], p["role"]))
        elif name == "invitees":
            data[name] = {k: sorted(v) for k, v in value.items()}
    return data


def write_document(session: Session, parsed: ParsedDocument, *, actor: str = "system",
                   progress: Callable[[int], None] | None = None) -> WriteSummary:
    """Upsert every record of ``parsed`` by id; return counts of created, updated, unchanged.

    Runs in the caller's transaction: if anything fails, the caller's rollback leaves the
    database as it was. Each created or changed record gets an audit entry with before and after.
    """
    summary: WriteSummary = {}
    now = utcnow()
    for plural, (model, key, apply, from_row, audit_name) in _KINDS.items():
        records = getattr(parsed, plural)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        summary[plural] = counts
        if not records:
            continue
        existing = _existing(session, model, key, [getattr(r, key) for r in records])
        for record in records:
            ident = getattr(record, key)
            row = existing.get(ident)
            before = None
            if row is None:
                row = model(**{key: ident})
                session.add(row)
                counts["created"] += 1
                action = "create"
            else:
                before = _comparable(from_row(row))
                action = "update"
            apply(row, record)
            after = _comparable(record)
            if getattr(row, "deleted_at", None) is not None:
                row.deleted_at = None  # an input that includes a deleted record restores it
                before = {"deleted": True, **(before or {})}
                action = "restore"
            if before == after:
                counts["unchanged"] += 1
            else:
                if before is not None:
                    counts["updated"] += 1
                stamp = getattr(record, "updated", None)
                if hasattr(row, "updated_at"):
                    row.updated_at = stamp if stamp is not None else now
                session.add(AuditRow(at=now, actor=actor, action=action,
                                     record_type=audit_name, record_id=str(ident),
                                     before=before, after=after))
            if plural == "initiatives":
                _remember_aliases(session, "initiative", ident, record.aliases)
            if progress:
                progress(1)
        session.flush()
    return summary


def _remember_aliases(session: Session, kind: str, target: str, aliases: Iterable[str]) -> None:
    for alias in aliases:
        if alias != target and session.get(RecordAliasRow, (kind, alias)) is None:
            session.add(RecordAliasRow(kind=kind, alias=alias, target_id=target))
