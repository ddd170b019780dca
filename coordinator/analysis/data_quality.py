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

import numpy as np

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


def _first(count: int, rows: np.ndarray, values: np.ndarray, keys: list[str]) -> list[int]:
    """The ``count`` rows with the smallest ``(value, key)``, in that order."""
    if rows.size > count:
        threshold = np.partition(values[rows], count - 1)[count - 1]
        rows = rows[values[rows] <= threshold]
    return sorted(rows.tolist(), key=lambda row: (values[row], keys[row]))[:count]


def _kind_quality(kind: str, records: list, stale_before: date) -> dict:
    checks = FIELDS[kind]
    count = len(records)
    keys = [_key(kind, record) for record in records]
    fields = list(checks.values())
    # all checks of one record together: each record is fetched from memory once
    missing = ~np.array([[filled(record) for filled in fields] for record in records],
                        dtype=bool).reshape(count, len(fields)).T
    missing_count = missing.sum(axis=0)
    shares = 1.0 - missing_count / len(checks)
    updated = [_day(record.updated) for record in records]
    days = np.fromiter((d.toordinal() if d is not None else -1 for d in updated),
                       dtype=np.int64, count=count)
    stale = (days >= 0) & (days < stale_before.toordinal())
    least = _first(_SHOWN, np.flatnonzero(missing_count > 0), -missing_count, keys)
    oldest = _first(_SHOWN, np.flatnonzero(stale), days, keys)
    names = list(checks)
    return {
        "records": count,
        "mean_completeness": round(sum(shares.tolist()) / count, 3) if count else None,
        "complete": int((missing_count == 0).sum()),
        "missing_fields": {name: int(row.sum()) for name, row in zip(names, missing,
                                                                       strict=True)},
        "least_complete": [{"id": keys[row], "completeness": round(float(shares[row]), 3),
                            "missing": [name for name, row_missing in zip(
                                names, missing[:, row], strict=True) if row_missing]}
                           for row in least],
        "stale": int(stale.sum()),
        "stale_share": round(int(stale.sum()) / count, 3) if count else None,
        "never_updated": int((days < 0).sum()),
        "oldest": [{"id": keys[row], "updated": updated[row].isoformat()} for row in oldest],
    }


def data_quality(snapshot: Snapshot, *, stale_before: date) -> dict:
    """Completeness and freshness per kind of record, JSON-ready.

    For each kind: ``records``, ``mean_completeness``, ``complete`` (records with every
    optional field), ``missing_fields`` (how many records miss each field),
    ``least_complete`` (the ten least complete, with what they miss), ``stale`` (updated
    before ``stale_before``), ``stale_share``, ``never_updated`` and ``oldest`` (the ten
    records updated longest ago, with their date). The counts and orders are worked out with
    numpy over all records of a kind at once.
    """
    report = {"stale_before": stale_before.isoformat()}
    for kind in FIELDS:
        report[kind] = _kind_quality(kind, list(getattr(snapshot, kind).values()),
                                     stale_before)
    return report
