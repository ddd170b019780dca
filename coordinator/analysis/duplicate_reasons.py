"""Why two records were flagged, in words the secretariat can check at a glance.

For example: "both fund identification of LMOs, including their detection (i) in Kenya in
2024–2025", "descriptions 0.82 similar", "same provider: Development agency 12 (funding)".

The reasons of all flagged pairs are written together: each phrase is worked out once per
distinct value (a set of shared components, a shared country, a record's budget or first
funder) from the arrays of :class:`~coordinator.analysis.duplicate_features.RecordFeatures`,
and only the numbers are formatted pair by pair.
"""
from __future__ import annotations

from datetime import date

import numpy as np

from coordinator.analysis.duplicate_features import LEAF_COMPONENTS, RecordFeatures, popcount
from coordinator.domain import Initiative, Snapshot
from coordinator.money import format_money
from coordinator.taxonomy import COMPONENTS, expand_component

__all__ = ["PairExplainer", "components_phrase", "places_phrase", "years_phrase"]

_ALL_A = frozenset(expand_component("a"))
_MANY_PLACES = 4
_NO_COMMON_PROVIDER = "no provider in common"
_LANGUAGES = "written in different languages"
_ONE_NEED = "looks like one need recorded twice"
_SAME_PROVIDER = "the same provider supports similar work in the same place and time"
_COORDINATE = ("different providers support the same work in the same place and time: "
               "coordinate")


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
    if len(names) > _MANY_PLACES:
        return f"{len(names)} countries"
    return _joined(names)


def years_phrase(start: date | None, end: date | None) -> str:
    """``in 2024`` or ``in 2024–2025``; empty when the dates are unknown."""
    if start is None or end is None:
        return ""
    if start.year == end.year:
        return f"in {start.year}"
    return f"in {start.year}–{end.year}"


def _first_funder(initiative: Initiative) -> str | None:
    for role in initiative.providers:
        if role.role == "funding":
            return role.id
    return initiative.providers[0].id if initiative.providers else None


def _by_value(values: np.ndarray, phrase) -> np.ndarray:
    """``phrase(value)`` for each of ``values`` (numbers, or rows of numbers), each distinct
    value phrased once."""
    distinct, inverse = np.unique(values, return_inverse=True, axis=0 if values.ndim > 1
                                  else None)
    phrases = np.empty(len(distinct), dtype=object)
    phrases[:] = [phrase(value) for value in distinct]
    return phrases[inverse.ravel()]


class PairExplainer:
    """Writes the reasons of the flagged pairs of one kind of record of a snapshot."""

    def __init__(self, snapshot: Snapshot, features: RecordFeatures):
        self.snapshot = snapshot
        self.features = features
        table = snapshot.initiatives if features.kind == "initiative" else snapshot.needs
        self.records = [table[i] for i in features.ids]

    def _name(self, provider_id: str) -> str:
        provider = self.snapshot.providers.get(provider_id)
        return provider.name if provider else provider_id

    def _same_providers(self, a: Initiative, b: Initiative) -> str:
        roles_a = {p.id: p.role for p in a.providers}
        roles_b = {p.id: p.role for p in b.providers}
        listed = [f"{self._name(p)} ({roles_a[p]}"
                  + (f", {roles_b[p]})" if roles_b[p] != roles_a[p] else ")")
                  for p in sorted(roles_a.keys() & roles_b.keys())]
        return "same provider: " + "; ".join(listed)

    def _components(self, rows, cols) -> np.ndarray:
        bits = self.features.component_bits
        shared = bits[rows] & bits[cols] if self.features.kind == "initiative" else bits[rows]
        return _by_value(shared, lambda mask: components_phrase(
            {code for number, code in enumerate(LEAF_COMPONENTS) if int(mask) >> number & 1}))

    def _places(self, rows, cols) -> np.ndarray:
        """" in <countries>" for the countries both cover, or ""."""
        bits = self.features.country_bits
        shared = bits[rows] & bits[cols]
        countries = self.features.countries
        phrases = np.full(rows.size, "", dtype=object)
        count = popcount(shared)
        single = np.flatnonzero(count == 1)
        if single.size:
            word = np.argmax(shared[single] != 0, axis=1)
            value = shared[single, word]
            bit = word * 64 + np.frexp(value.astype(np.float64))[1] - 1
            phrases[single] = _by_value(bit, lambda b: " in " + places_phrase(
                self.snapshot, {countries[int(b)]}))
        several = np.flatnonzero(count > 1)
        if several.size:
            def phrase(row):
                members = {countries[w * 64 + k] for w, value in enumerate(row.tolist())
                           for k in range(64) if value >> k & 1}
                return " in " + places_phrase(self.snapshot, members)
            phrases[several] = _by_value(shared[several], phrase)
        return phrases

    def _years(self, rows, cols) -> np.ndarray:
        """" in 2024" or " in 2024–2025" for the period both run, or ""."""
        def days_and_years(values):
            days = np.fromiter((d.toordinal() if d is not None else -1 for d in values),
                               dtype=np.int64, count=len(self.records))
            years = np.fromiter((d.year if d is not None else 0 for d in values),
                                dtype=np.int64, count=len(self.records))
            return days, years
        start, start_year = days_and_years([r.start for r in self.records])
        end, end_year = days_and_years([r.end for r in self.records])
        dated = (start[rows] >= 0) & (start[cols] >= 0) & (end[rows] >= 0) & (end[cols] >= 0)
        apart = np.maximum(start[rows], start[cols]) > np.minimum(end[rows], end[cols])
        first = np.where(apart, np.minimum(start_year[rows], start_year[cols]),
                         np.maximum(start_year[rows], start_year[cols]))
        last = np.where(apart, np.maximum(end_year[rows], end_year[cols]),
                        np.minimum(end_year[rows], end_year[cols]))
        phrases = _by_value(first * 10_000 + last, lambda span: " " + years_phrase(
            date(int(span) // 10_000 or 1, 1, 1), date(int(span) % 10_000 or 1, 1, 1)))
        phrases[~dated] = ""
        return phrases

    def _involved(self, rows, cols) -> np.ndarray:
        """The records in at least one of the pairs, in order."""
        seen = np.zeros(len(self.records), dtype=bool)
        seen[rows] = True
        seen[cols] = True
        return np.flatnonzero(seen)

    def _money(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """The budgets (or estimated costs) of both records in words, None when unknown."""
        field = "budget" if self.features.kind == "initiative" else "estimated_cost"
        involved = self._involved(rows, cols)
        words = np.full(len(self.records), None, dtype=object)
        words[involved] = [format_money(m) if m is not None else None
                           for m in (getattr(self.records[row], field)
                                     for row in involved.tolist())]
        return words[rows], words[cols]

    def _providers(self, rows, cols, shared) -> list[str]:
        """Who provides both, or the first funder of each."""
        funders: list[str | None] = [None] * len(self.records)
        for row in self._involved(rows, cols).tolist():
            funder = _first_funder(self.records[row])
            funders[row] = self._name(funder) if funder else None
        phrases = [f"different providers: {funders[a]} and {funders[b]}"
                   if funders[a] and funders[b] else _NO_COMMON_PROVIDER
                   for a, b in zip(rows.tolist(), cols.tolist(), strict=True)]
        for k in np.flatnonzero(shared).tolist():
            phrases[k] = self._same_providers(self.records[rows[k]], self.records[cols[k]])
        return phrases

    def _closings(self, parts, relation) -> list[str]:
        """The last reason: what the pair looks like."""
        if self.features.kind == "need":
            return [_ONE_NEED] * relation.size
        closing = [_SAME_PROVIDER if shared else _COORDINATE
                   for shared in (parts["providers"] > 0).tolist()]
        for k in np.flatnonzero(relation == "duplicate_record").tolist():
            closing[k] = (f"looks like one project recorded twice "
                          f"({parts['same_record'][k]:.0%} likely): same or included "
                          f"recipients and components, nearly the same dates")
        return closing

    def reasons(self, rows: np.ndarray, cols: np.ndarray, parts: dict[str, np.ndarray],
                relation: np.ndarray) -> list[tuple[str, ...]]:
        """The reasons of each pair ``(rows[k], cols[k])``, most telling first."""
        if rows.size == 0:
            return []
        need = self.features.kind == "need"
        if need:
            places = _by_value(rows, lambda row: " in " + places_phrase(
                self.snapshot, {self.records[int(row)].country}))
        else:
            places = self._places(rows, cols)
        verb = "both ask for" if need else "both fund"
        first = [f"{verb} {what}{where}{when}; descriptions {text:.2f} similar"
                 for what, where, when, text in zip(
                     self._components(rows, cols).tolist(), places.tolist(),
                     self._years(rows, cols).tolist(), parts["text"].tolist(), strict=True)]
        titles = [f"titles {x:.2f} similar" if x >= 0.5 else None
                  for x in parts["title"].tolist()]
        languages = [_LANGUAGES if other else None
                     for other in parts["other_language"].tolist()]
        providers = [None] * rows.size if need else self._providers(
            rows, cols, parts["providers"] > 0)
        money_a, money_b = self._money(rows, cols)
        words = "estimated costs" if need else "budgets"
        money = [(f"similar {words}: {a} and {b}" if similar >= 0.8 else f"{words}: {a} and {b}")
                 if a is not None and b is not None else None
                 for a, b, similar in zip(money_a.tolist(), money_b.tolist(),
                                          parts["budget"].tolist(), strict=True)]
        return [tuple(filter(None, reasons)) for reasons in zip(
            first, titles, languages, providers, money, self._closings(parts, relation),
            strict=True)]
