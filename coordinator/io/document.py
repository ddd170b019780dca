"""Domain objects -> the capacity-coordinator/1 document (plain, JSON-ready dicts).

Every exporter (JSON, CSV, IATI) and the audit log use these, so a record has one written form.
Fields that are not set are left out; lists are always present.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from ..domain import (
    Capacity,
    Initiative,
    Meeting,
    Money,
    Need,
    Partnership,
    Profile,
    Provider,
    Snapshot,
)
from .records import FORMAT

__all__ = [
    "provider_dict",
    "initiative_dict",
    "need_dict",
    "capacity_dict",
    "profile_dict",
    "meeting_dict",
    "partnership_dict",
    "record_dict",
    "snapshot_document",
]


def _value(value: Any) -> Any:
    if isinstance(value, Money):
        return value.as_dict()
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in fields.items() if value is not None}


def provider_dict(p: Provider) -> dict[str, Any]:
    """A provider in the document format."""
    return _clean({
        "id": p.id, "name": p.name, "kind": p.kind, "country": p.country,
        "focus_components": p.focus_components, "focus_countries": p.focus_countries,
        "focus_regions": p.focus_regions, "budget": p.budget, "languages": p.languages,
        "contact": p.contact, "updated": p.updated,
    })


def initiative_dict(i: Initiative) -> dict[str, Any]:
    """An initiative in the document format."""
    fields = {
        "id": i.id, "title": i.title, "description": i.description,
        "providers": [{"id": r.id, "role": r.role} for r in i.providers],
        "recipient_countries": i.recipient_countries, "recipient_regions": i.recipient_regions,
        "components": i.components, "budget": i.budget, "start": i.start, "end": i.end,
        "status": i.status, "lessons": i.lessons, "updated": i.updated,
    }
    if i.aliases:
        fields["aliases"] = i.aliases
    if i.unmapped_sectors:
        fields["unmapped_sectors"] = i.unmapped_sectors
    return _clean(fields)


def need_dict(n: Need) -> dict[str, Any]:
    """A need in the document format."""
    return _clean({
        "id": n.id, "country": n.country, "component": n.component, "title": n.title,
        "description": n.description, "priority": n.priority, "sequence": n.sequence,
        "start": n.start, "end": n.end, "estimated_cost": n.estimated_cost,
        "status": n.status, "confidential": n.confidential, "updated": n.updated,
    })


def capacity_dict(c: Capacity) -> dict[str, Any]:
    """A capacity in the document format."""
    return _clean({
        "id": c.id, "country": c.country, "component": c.component, "level": c.level,
        "description": c.description, "can_offer": c.can_offer, "updated": c.updated,
    })


def profile_dict(p: Profile) -> dict[str, Any]:
    """A country profile in the document format."""
    return _clean({
        "country": p.country, "focal_point": p.focal_point,
        "competent_authority": p.competent_authority, "framework": p.framework,
        "strategy": p.strategy, "coordination_mechanism": p.coordination_mechanism,
        "bch_node": p.bch_node, "funding_need_short": p.funding_need_short,
        "funding_need_long": p.funding_need_long, "updated": p.updated,
    })


def meeting_dict(m: Meeting) -> dict[str, Any]:
    """A meeting in the document format."""
    return _clean({
        "id": m.id, "title": m.title, "scope": m.scope, "area": m.area, "host": m.host,
        "start": m.start, "end": m.end, "status": m.status,
        "invitees": {
            "countries": [i.ref for i in m.invitees if i.kind == "country"],
            "providers": [i.ref for i in m.invitees if i.kind == "provider"],
        },
        "agenda": m.agenda, "components": m.components, "outcome": m.outcome,
    })


def partnership_dict(p: Partnership) -> dict[str, Any]:
    """A partnership in the document format."""
    return _clean({
        "id": p.id, "need": p.need, "provider": p.provider, "initiative": p.initiative,
        "status": p.status, "origin": p.origin, "meeting": p.meeting, "score": p.score,
        "history": [_clean({"status": e.status, "at": e.at, "note": e.note, "by": e.by})
                    for e in p.history],
    })


_WRITERS = {
    Provider: provider_dict, Initiative: initiative_dict, Need: need_dict,
    Capacity: capacity_dict, Profile: profile_dict, Meeting: meeting_dict,
    Partnership: partnership_dict,
}


def record_dict(record: Any) -> dict[str, Any]:
    """Any domain record in the document format."""
    return _WRITERS[type(record)](record)


def _sorted(values: Iterable[Any], key: str = "id") -> list[Any]:
    return sorted(values, key=lambda v: getattr(v, key))


def snapshot_document(snapshot: Snapshot,
                      progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The whole snapshot as one document, records sorted by id for stable output.

    ``progress`` is called with the number of records converted after each list.
    """
    document: dict[str, Any] = {"format": FORMAT}
    for name, write, key in (
        ("providers", provider_dict, "id"), ("initiatives", initiative_dict, "id"),
        ("needs", need_dict, "id"), ("capacities", capacity_dict, "id"),
        ("profiles", profile_dict, "country"), ("meetings", meeting_dict, "id"),
        ("partnerships", partnership_dict, "id"),
    ):
        records = getattr(snapshot, name).values()
        document[name] = [write(record) for record in _sorted(records, key)]
        if progress:
            progress(len(document[name]))
    return document
