"""Why two records were flagged, in words the secretariat can check at a glance.

For example: "both fund identification of LMOs, including their detection (i) in Kenya in
2024–2025", "descriptions 0.82 similar", "same provider: Development agency 12 (funding)".
"""
from __future__ import annotations

from datetime import date

from coordinator.domain import Initiative, Need, Snapshot
from coordinator.money import format_money
from coordinator.taxonomy import COMPONENTS, expand_component

__all__ = ["PairExplainer", "components_phrase", "places_phrase", "years_phrase"]

_ALL_A = frozenset(expand_component("a"))


def _leaves(codes) -> set[str]:
    return {leaf for code in codes for leaf in expand_component(code)}


def components_phrase(codes: set[str]) -> str:
    """Components in words with their codes, a1..a5 together written as component a."""
    codes = set(codes)
    if _ALL_A <= codes:
        codes = (codes - _ALL_A) | {"a"}
    names = [f"{_lower_first(_component_name(c))} ({c})" for c in sorted(codes, key=_order)]
    return _joined(names)


def _component_name(code: str) -> str:
    return "institutional capacity building" if code == "a" else COMPONENTS.get(code, code)


def _order(code: str) -> int:
    keys = ["a", *COMPONENTS]
    return keys.index(code) if code in keys else len(keys)


def _lower_first(text: str) -> str:
    if text[:2].isupper():  # an acronym such as "LMOs"
        return text
    return text[:1].lower() + text[1:]


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def places_phrase(snapshot: Snapshot, countries: set[str]) -> str:
    """Countries by name; many are summarised by their count."""
    names = sorted(snapshot.countries[c].name if c in snapshot.countries else c
                   for c in countries)
    if len(names) > 4:
        return f"{len(names)} countries"
    return _joined(names)


def years_phrase(start: date | None, end: date | None) -> str:
    """``in 2024`` or ``in 2024–2025``; empty when the dates are unknown."""
    if start is None or end is None:
        return ""
    if start.year == end.year:
        return f"in {start.year}"
    return f"in {start.year}–{end.year}"


def _common_period(a, b) -> tuple[date | None, date | None]:
    starts = [d for d in (a.start, b.start) if d is not None]
    ends = [d for d in (a.end, b.end) if d is not None]
    if len(starts) < 2 or len(ends) < 2:
        return None, None
    start, end = max(starts), min(ends)
    return (start, end) if start <= end else (min(starts), max(ends))


def _budget_phrase(money_a, money_b, similarity: float) -> str:
    if money_a is None or money_b is None:
        return ""
    words = "similar budgets" if similarity >= 0.8 else "budgets"
    return f"{words}: {format_money(money_a)} and {format_money(money_b)}"


def _first_funder(initiative: Initiative) -> str | None:
    for role in initiative.providers:
        if role.role == "funding":
            return role.id
    return initiative.providers[0].id if initiative.providers else None


class PairExplainer:
    """Writes the reasons of flagged pairs; what it learns about each record is kept."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        members: dict[str, set[str]] = {"001": set(snapshot.countries)}
        for country in snapshot.countries.values():
            for area in country.areas:
                members.setdefault(area, set()).add(country.alpha3)
        self._members = members
        self._places: dict[str, set[str]] = {}
        self._leaves: dict[str, set[str]] = {}

    def _record(self, initiative: Initiative) -> tuple[set[str], set[str]]:
        places = self._places.get(initiative.id)
        if places is None:
            places = set(initiative.recipient_countries)
            for region in initiative.recipient_regions:
                places |= self._members.get(region, set())
            self._places[initiative.id] = places
            self._leaves[initiative.id] = _leaves(initiative.components)
        return places, self._leaves[initiative.id]

    def _name(self, provider_id: str) -> str:
        provider = self.snapshot.providers.get(provider_id)
        return provider.name if provider else provider_id

    def _providers(self, a: Initiative, b: Initiative) -> str:
        roles_a = {p.id: p.role for p in a.providers}
        roles_b = {p.id: p.role for p in b.providers}
        shared = sorted(roles_a.keys() & roles_b.keys())
        if shared:
            listed = [f"{self._name(p)} ({roles_a[p]}"
                      + (f", {roles_b[p]})" if roles_b[p] != roles_a[p] else ")")
                      for p in shared]
            return "same provider: " + "; ".join(listed)
        first_a = _first_funder(a)
        first_b = _first_funder(b)
        if first_a and first_b:
            return f"different providers: {self._name(first_a)} and {self._name(first_b)}"
        return "no provider in common"

    def reasons(self, kind: str, a_id: str, b_id: str, parts: dict[str, float],
                relation: str) -> tuple[str, ...]:
        """The reasons shown with a flagged pair, most telling first."""
        if kind == "need":
            return self._need_reasons(self.snapshot.needs[a_id], self.snapshot.needs[b_id],
                                      parts)
        a, b = self.snapshot.initiatives[a_id], self.snapshot.initiatives[b_id]
        places_a, leaves_a = self._record(a)
        places_b, leaves_b = self._record(b)
        shared_places = places_a & places_b
        what = f"both fund {components_phrase(leaves_a & leaves_b)}"
        if shared_places:
            what += f" in {places_phrase(self.snapshot, shared_places)}"
        when = years_phrase(*_common_period(a, b))
        reasons = [f"{what} {when}".strip() + f"; descriptions {parts['text']:.2f} similar"]
        if parts.get("title", 0.0) >= 0.5:
            reasons.append(f"titles {parts['title']:.2f} similar")
        if parts.get("other_language"):
            reasons.append("written in different languages")
        reasons.append(self._providers(a, b))
        budget = _budget_phrase(a.budget, b.budget, parts.get("budget", 0.0))
        if budget:
            reasons.append(budget)
        if relation == "duplicate_record":
            reasons.append(f"looks like one project recorded twice "
                           f"({parts.get('same_record', 0.0):.0%} likely): same or included "
                           f"recipients and components, nearly the same dates")
        elif parts.get("providers", 0.0) > 0:
            reasons.append("the same provider supports similar work in the same place and time")
        else:
            reasons.append("different providers support the same work in the same place and "
                           "time: coordinate")
        return tuple(reasons)

    def _need_reasons(self, a: Need, b: Need, parts: dict[str, float]) -> tuple[str, ...]:
        country = places_phrase(self.snapshot, {a.country})
        when = years_phrase(*_common_period(a, b))
        reasons = [f"both ask for {components_phrase(_leaves([a.component]))} in {country} "
                   f"{when}".strip() + f"; descriptions {parts['text']:.2f} similar"]
        if parts.get("title", 0.0) >= 0.5:
            reasons.append(f"titles {parts['title']:.2f} similar")
        if parts.get("other_language"):
            reasons.append("written in different languages")
        budget = _budget_phrase(a.estimated_cost, b.estimated_cost, parts.get("budget", 0.0))
        if budget:
            reasons.append(budget.replace("budgets", "estimated costs"))
        reasons.append("looks like one need recorded twice")
        return tuple(reasons)
