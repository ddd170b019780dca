"""Who else is already there: the initiatives reaching a country, and those addressing a need.

An initiative reaches a country when the country is a recipient, or when one of its recipient
regions (an M49 area, the World included) contains the country. It addresses a need when it
reaches the need's country, works on the same Action Plan component (``a`` stands for a1..a5)
and its period overlaps the need's time frame; cancelled initiatives address nothing.
Pure functions over a :class:`~coordinator.domain.Snapshot`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .domain import Initiative, Need, Snapshot
from .taxonomy import INITIATIVE_STATUSES, expand_component

__all__ = [
    "Reach",
    "WORLD",
    "components_overlap",
    "periods_overlap",
    "reach",
    "initiatives_reaching",
    "initiatives_addressing",
    "initiatives_received_counts",
]

#: The M49 code of the World: a recipient region containing every country.
WORLD = "001"
_STATUS_ORDER = {"ongoing": 0, "planned": 1, "completed": 2, "cancelled": 3}


@dataclass(frozen=True)
class Reach:
    """How an initiative reaches a country: directly, or ``through`` a recipient region."""

    initiative: Initiative
    through: str | None = None

    @property
    def direct(self) -> bool:
        """True when the country itself is a recipient."""
        return self.through is None


def _areas(snapshot: Snapshot, alpha3: str) -> tuple[str, ...]:
    country = snapshot.countries.get(alpha3)
    return (*country.areas, WORLD) if country else ()


def components_overlap(first: Iterable[str], second: Iterable[str]) -> bool:
    """Whether two sets of component codes share one, ``a`` standing for a1..a5.

    >>> components_overlap(["a"], ["a3"]), components_overlap(["a1"], ["a2"])
    (True, False)
    """
    left = {code for c in first for code in expand_component(c)}
    return any(code in left for c in second for code in expand_component(c))


def periods_overlap(start: date | None, end: date | None,
                    other_start: date | None, other_end: date | None) -> bool:
    """Whether two periods share a day; a missing bound leaves that side open.

    >>> periods_overlap(date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 1), None)
    False
    """
    if end is not None and other_start is not None and end < other_start:
        return False
    return not (other_end is not None and start is not None and other_end < start)


def reach(snapshot: Snapshot, initiative: Initiative, alpha3: str) -> Reach | None:
    """How ``initiative`` reaches country ``alpha3``, or None when it does not.

    A direct recipient wins over a region; among regions, the smallest one containing the
    country is named.
    """
    if alpha3 in initiative.recipient_countries:
        return Reach(initiative)
    for area in _areas(snapshot, alpha3):
        if area in initiative.recipient_regions:
            return Reach(initiative, area)
    return None


def _order(initiative: Initiative) -> tuple:
    return (_STATUS_ORDER.get(initiative.status, len(INITIATIVE_STATUSES)),
            initiative.start is None, initiative.start or date.min, initiative.title,
            initiative.id)


def initiatives_reaching(snapshot: Snapshot, alpha3: str) -> list[Reach]:
    """Every initiative reaching country ``alpha3``: ongoing first, then planned, completed,
    cancelled; by start date within each status."""
    found = (reach(snapshot, i, alpha3) for i in snapshot.initiatives.values())
    return sorted((r for r in found if r is not None), key=lambda r: _order(r.initiative))


def initiatives_addressing(snapshot: Snapshot, need: Need) -> list[Initiative]:
    """The initiatives already working on ``need``: same country (directly or through a
    recipient region containing it), same component, overlapping time, not cancelled."""
    found = [
        i for i in snapshot.initiatives.values()
        if i.status != "cancelled"
        and components_overlap([need.component], i.components)
        and periods_overlap(need.start, need.end, i.start, i.end)
        and reach(snapshot, i, need.country) is not None
    ]
    return sorted(found, key=_order)


def initiatives_received_counts(snapshot: Snapshot) -> Counter[str]:
    """For each country, how many initiatives reach it (directly or through a region)."""
    members: dict[str, set[str]] = {}
    for alpha3 in snapshot.countries:
        for area in _areas(snapshot, alpha3):
            members.setdefault(area, set()).add(alpha3)
    counts: Counter[str] = Counter()
    for initiative in snapshot.initiatives.values():
        reached = set(initiative.recipient_countries)
        for area in initiative.recipient_regions:
            reached |= members.get(area, set())
        counts.update(reached)
    return counts
