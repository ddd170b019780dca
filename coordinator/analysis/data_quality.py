"""How complete and how fresh each record is (decision paragraph 17: update the information
regularly, with more detail and better quality).

A record's completeness is the share of its optional fields that are filled (see
:data:`FIELDS`); a record is stale when it was last updated before a cut-off day (twelve
months before the snapshot, for the indicators), and undated when nobody recorded when it was
last updated.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from coordinator.domain import Snapshot

__all__ = ["FIELDS", "record_completeness", "data_quality"]

_FUNDING_KINDS = ("gef", "multilateral", "bilateral", "other_international", "other_stakeholder",
                  "national")

#: For each kind of record, its optional fields and how to tell that one is filled.
FIELDS: dict[str, dict[str, Callable]] = {
    "initiatives": {
        "description": lambda r: bool(r.description and r.description.strip()),
        "providers": lambda r: bool(r.providers),
        "recipients": lambda r: bool(r.recipient_countries or r.recipient_regions),
        "components": lambda r: bool(r.components),
        "budget": lambda r: r.budget is not None,
        "start": lambda r: r.start is not None,
        "end": lambda r: r.end is not None,
        "lessons": lambda r: r.status != "completed" or bool(r.lessons and r.lessons.strip()),
    },
    "needs": {
        "description": lambda r: bool(r.description and r.description.strip()),
        "start": lambda r: r.start is not None,
        "end": lambda r: r.end is not None,
        "estimated_cost": lambda r: r.estimated_cost is not None,
        "sequence": lambda r: r.sequence is not None,
    },
    "providers": {
        "country": lambda r: r.country is not None,
        "focus_components": lambda r: bool(r.focus_components),
        "focus_places": lambda r: bool(r.focus_countries or r.focus_regions),
        "budget": lambda r: r.kind not in _FUNDING_KINDS or r.budget is not None,
        "languages": lambda r: bool(r.languages),
    },
    "capacities": {
        "description": lambda r: bool(r.description and r.description.strip()),
    },
    "profiles": {
        "funding_need_short": lambda r: r.funding_need_short is not None,
        "funding_need_long": lambda r: r.funding_need_long is not None,
        "updated": lambda r: r.updated is not None,
    },
}
_SHOWN = 10


def record_completeness(kind: str, record) -> tuple[float, tuple[str, ...]]:
    """(share of the optional fields filled, names of the missing ones) for one record."""
    checks = FIELDS[kind]
    missing = tuple(name for name, filled in checks.items() if not filled(record))
    return 1.0 - len(missing) / len(checks), missing


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _key(kind: str, record) -> str:
    return record.country if kind == "profiles" else record.id


def data_quality(snapshot: Snapshot, *, stale_before: date) -> dict:
    """Completeness and freshness per kind of record, JSON-ready.

    For each kind: ``records``, ``mean_completeness``, ``complete`` (records with every
    optional field), ``missing_fields`` (how many records miss each field),
    ``least_complete`` (the ten least complete, with what they miss), ``stale`` (updated
    before ``stale_before``), ``stale_share``, ``never_updated`` and ``oldest`` (the ten
    records updated longest ago, with their date).
    """
    report = {"stale_before": stale_before.isoformat()}
    for kind in FIELDS:
        records = list(getattr(snapshot, kind).values())
        scored = []
        missing_fields = dict.fromkeys(FIELDS[kind], 0)
        dated = []
        never = 0
        for record in records:
            share, missing = record_completeness(kind, record)
            scored.append((share, _key(kind, record), missing))
            for name in missing:
                missing_fields[name] += 1
            updated = _day(record.updated)
            if updated is None:
                never += 1
            else:
                dated.append((updated, _key(kind, record)))
        stale = sum(1 for updated, _ in dated if updated < stale_before)
        scored.sort(key=lambda s: (s[0], s[1]))
        dated.sort()
        count = len(records)
        report[kind] = {
            "records": count,
            "mean_completeness": round(sum(s for s, _, _ in scored) / count, 3) if count
            else None,
            "complete": sum(1 for s, _, _ in scored if s >= 1.0),
            "missing_fields": missing_fields,
            "least_complete": [{"id": key, "completeness": round(share, 3),
                                "missing": list(missing)}
                               for share, key, missing in scored[:_SHOWN] if share < 1.0],
            "stale": stale,
            "stale_share": round(stale / count, 3) if count else None,
            "never_updated": never,
            "oldest": [{"id": key, "updated": updated.isoformat()}
                       for updated, key in dated[:_SHOWN] if updated < stale_before],
        }
    return report
