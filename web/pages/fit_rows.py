"""Partnership suggestions shaped for the pages: each need x provider fit with its score, its
parts as bars (with their weights) and its reasons, cut to what the viewer may see.

The ranking is :mod:`coordinator.services.matching`'s; this module only looks records up in the
viewer's snapshot, applies the filters of the provider's fit page, and says who may decide.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coordinator import permissions
from coordinator.browse import MAX_PER_PAGE, browse, parse_filters
from coordinator.domain import Need, Partnership, Provider, Snapshot
from coordinator.errors import InvalidInput, Problem
from coordinator.services import matching
from coordinator.visibility import Viewer, can_see_need

__all__ = [
    "PART_LABELS",
    "PART_HINTS",
    "FIT_FILTERS",
    "SHOW_CHOICES",
    "PartBar",
    "Fit",
    "Ranking",
    "part_bars",
    "may_decide",
    "fit_filters",
    "needs_matching",
    "fitting_needs",
    "suggested_providers",
]

#: The parts of a score in words, in the order they are shown.
PART_LABELS = {
    "thematic": "Theme",
    "geography": "Place",
    "eligibility": "Priority group",
    "budget": "Budget fit",
    "language": "Language",
    "text": "Similar past work",
    "duplication": "Covered by others",
}
PART_HINTS = {
    "thematic": "the provider's mandate and record in the need's component",
    "geography": "the provider's focus and record in the need's country and region",
    "eligibility": "whether the country is in a group the provider serves (LDC, SIDS, ...)",
    "budget": "whether the provider's remaining budget covers the estimated cost",
    "language": "a language the provider and the country share",
    "text": "how close the need's text is to the provider's past initiatives",
    "duplication": "share of the need that active initiatives of others already cover "
                   "(subtracted)",
}
#: The filters of the provider's fit page (those of the need list, by the same names).
FIT_FILTERS = ("component", "country", "region", "group", "from", "to")
SHOW_CHOICES = (10, 25, 50, 100)


@dataclass(frozen=True)
class PartBar:
    """One part of a score: its value (0..1) and the weight it carries."""

    name: str
    value: float
    weight: float | None

    @property
    def label(self) -> str:
        """The part in words."""
        return PART_LABELS.get(self.name, self.name.replace("_", " ").capitalize())

    @property
    def hint(self) -> str:
        """What the part measures."""
        return PART_HINTS.get(self.name, "")

    @property
    def penalty(self) -> bool:
        """True for the part that is subtracted from the score."""
        return self.name == "duplication"

    @property
    def percent(self) -> int:
        """The value as a whole percentage (0..100), for bars."""
        return max(0, min(100, round(self.value * 100)))


@dataclass(frozen=True)
class Fit:
    """One suggested (need, provider) pair as a page shows it."""

    need: Need
    provider_id: str
    provider: Provider | None
    provider_name: str
    provider_kind: str
    score: float
    parts: tuple[PartBar, ...]
    reasons: tuple[str, ...]
    decidable: bool

    @property
    def percent(self) -> int:
        """The score as a whole percentage."""
        return max(0, min(100, round(self.score * 100)))


@dataclass(frozen=True)
class Ranking:
    """Ranked fits, where the weights come from, how many matched in all (None when not
    counted) and whether more fit than are shown."""

    fits: tuple[Fit, ...]
    model: Mapping[str, Any]
    total: int | None = None
    more: bool = False


def part_bars(parts: Mapping[str, float], weights: Mapping[str, float]) -> tuple[PartBar, ...]:
    """The parts of a score, in the order of :data:`PART_LABELS` (unknown parts last)."""
    order = {name: index for index, name in enumerate(PART_LABELS)}
    names = sorted(parts, key=lambda n: (order.get(n, len(order)), n))
    return tuple(PartBar(n, float(parts[n]), weights.get(n)) for n in names)


def may_decide(viewer: Viewer, provider_id: str) -> bool:
    """Whether ``viewer`` may accept or decline suggestions made to ``provider_id``: the
    provider's own account or the secretariat."""
    probe = Partnership(id="", need="", status="suggested", provider=provider_id,
                        origin="suggestion")
    return permissions.allowed(viewer, "accept", probe)


def fit_filters(args: Mapping[str, str]) -> dict[str, str]:
    """The fit page's filters from the query string; others are refused naming the field."""
    raw = {k: args[k] for k in args if k != "show"}
    unknown = sorted(k for k in raw if k not in FIT_FILTERS)
    if unknown:
        raise InvalidInput([Problem("query", "fitting needs", k, "unknown filter; allowed: "
                                    + ", ".join(FIT_FILTERS)) for k in unknown])
    return parse_filters("needs", raw)


def needs_matching(snapshot: Snapshot, filters: Mapping[str, str]) -> set[str]:
    """The ids of the needs of ``snapshot`` that pass ``filters`` (the need list's filters)."""
    found: set[str] = set()
    number = 1
    while True:
        chunk = browse(snapshot, "needs", filters, sort="id", page=number,
                       per_page=MAX_PER_PAGE)
        found.update(n.id for n in chunk.items)
        if number >= chunk.pages:
            return found
        number += 1


def fitting_needs(session: Any, viewer: Viewer, snapshot: Snapshot, provider_id: str, *,
                  filters: Mapping[str, str] | None = None, top: int = 25) -> Ranking:
    """Open needs ranked for the provider, best first, filtered, at most ``top`` of them.

    ``snapshot`` is the viewer's: a need the viewer may not read is never listed.
    """
    wanted = needs_matching(snapshot, filters) if filters else None
    # filtered: rank them all to count them; else one more than shown says if there are more
    asked = max(len(snapshot.needs), 1) if wanted is not None else top + 1
    found = matching.suggestions_for_provider(session, viewer, provider_id, top=asked)
    weights = found.get("weights") or {}
    provider = snapshot.providers.get(provider_id)
    decidable = provider is not None and may_decide(viewer, provider_id)
    fits = []
    for item in found["suggestions"]:
        need = snapshot.needs.get(item["need"])
        if need is None or not can_see_need(viewer, need):
            continue
        if wanted is not None and need.id not in wanted:
            continue
        fits.append(Fit(need, provider_id, provider,
                        provider.name if provider else provider_id,
                        provider.kind if provider else "", float(item["score"]),
                        part_bars(item["parts"], weights), tuple(item["reasons"]), decidable))
    return Ranking(tuple(fits[:top]), found.get("model") or {},
                   len(fits) if wanted is not None else None, len(fits) > top)


def suggested_providers(session: Any, viewer: Viewer, snapshot: Snapshot, need: Need, *,
                        top: int = 8) -> Ranking:
    """Providers ranked for ``need``, best first, each with its explanation."""
    found = matching.suggestions_for_need(session, viewer, need.id, top=top)
    weights = found.get("weights") or {}
    fits = []
    for item in found["suggestions"]:
        provider_id = item["provider"]
        provider = snapshot.providers.get(provider_id)
        fits.append(Fit(need, provider_id, provider, item.get("name") or provider_id,
                        item.get("kind") or "", float(item["score"]),
                        part_bars(item["parts"], weights), tuple(item["reasons"]),
                        provider is not None and may_decide(viewer, provider_id)))
    return Ranking(tuple(fits), found.get("model") or {}, len(fits))
