"""Needs and providers encoded once as arrays, so that scoring never loops over candidates.

Codes (components, places, languages, groups) become small integer vocabularies; sets become
dense boolean matrices (providers x vocabulary) or bitsets; money becomes float arrays with NaN
for "unknown". The last column of every place or component matrix is an all-false sentinel (index
``len(vocabulary)``) that stands for "no such place" (e.g. a country with only two M49 areas, or a
provider without a home country).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from matching.types import IN_KIND_KINDS, SUGGESTABLE_STATUSES, NeedItem, ProviderItem

__all__ = [
    "PLACE_GRADES",
    "OFFER_LEVELS",
    "Vocabularies",
    "NeedTable",
    "ProviderTable",
    "build_vocabularies",
    "need_table",
    "provider_table",
]

#: How much a match counts by how close the place is to the need: the country itself, then its
#: M49 areas from the smallest (intermediate region) to the largest (continent).
PLACE_GRADES = np.array([1.0, 0.8, 0.65, 0.5])
#: How strongly a South-South capacity counts, by its level.
OFFER_LEVELS = {"basic": 0.6, "established": 0.8, "advanced": 1.0}
_AREA_SLOTS = len(PLACE_GRADES) - 1


@dataclass(frozen=True, eq=False)
class Vocabularies:
    """Integer codes for components, places (countries and areas), languages and groups."""

    components: dict[str, int]
    places: dict[str, int]
    languages: dict[str, int]
    groups: dict[str, int]

    @property
    def language_words(self) -> int:
        """How many 64-bit words a language bitset takes."""
        return max(1, -(-len(self.languages) // 64))

    @property
    def group_words(self) -> int:
        """How many 64-bit words a group bitset takes."""
        return max(1, -(-len(self.groups) // 64))


@dataclass(frozen=True, eq=False)
class NeedTable:
    """Needs as arrays, one row per need, in the order given."""

    ids: tuple[str, ...]
    position: dict[str, int]
    component: np.ndarray  # int, index into Vocabularies.components
    places: np.ndarray  # (n, 4) int: country then areas smallest first; sentinel = none
    groups: np.ndarray  # (n, words) uint64 bitset
    languages: np.ndarray  # (n, words) uint64 bitset
    has_languages: np.ndarray  # bool
    cost: np.ndarray  # float, NaN = not estimated
    covered: np.ndarray  # float 0..1
    covered_by: np.ndarray  # int
    priority: np.ndarray  # int 1..5
    severity: np.ndarray  # float 0..1
    has_text: np.ndarray  # bool
    suggestable: np.ndarray  # bool: open or partially met
    confidential: np.ndarray  # bool


@dataclass(frozen=True, eq=False)
class ProviderTable:
    """Providers as arrays, one column (matrices, ``code x provider``) or entry per provider.

    The matrices are stored with codes as rows so that a block of needs gathers whole rows.
    """

    ids: tuple[str, ...]
    position: dict[str, int]
    in_kind: np.ndarray  # bool: expert or country
    country_kind: np.ndarray  # bool
    national: np.ndarray  # bool
    home: np.ndarray  # int place index of the home country; sentinel = unknown
    focus_components: np.ndarray  # (c+1, p) bool
    focus_count: np.ndarray  # int
    offer_level: np.ndarray  # (c+1, p) float 0..1
    focus_places: np.ndarray  # (places+1, p) bool
    has_place_focus: np.ndarray  # bool
    home_places: np.ndarray  # (places+1, p) bool: home country and its areas
    funded_components: np.ndarray  # (c+1, p) float: initiatives per component
    has_record: np.ndarray  # bool: has funded or implemented anything
    funded_places: np.ndarray  # (places+1, p) bool
    funded_pairs: np.ndarray  # ((places+1)*(c+1), p) bool, row place*(c+1)+component
    budget: np.ndarray  # float, NaN = not known
    serves: np.ndarray  # (p, words) uint64 bitset
    languages: np.ndarray  # (p, words) uint64 bitset
    has_languages: np.ndarray  # bool
    has_portfolio: np.ndarray  # bool

    @property
    def size(self) -> int:
        """How many providers."""
        return len(self.ids)

    def subset(self, rows: np.ndarray) -> ProviderTable:
        """The table of the providers at ``rows`` only (positions renumbered from 0)."""
        rows = np.asarray(rows, dtype=np.int64)
        changes = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _CODE_BY_PROVIDER:
                changes[item.name] = np.ascontiguousarray(value[:, rows])
            elif isinstance(value, np.ndarray):
                changes[item.name] = value[rows]
        ids = tuple(self.ids[r] for r in rows.tolist())
        return replace(self, ids=ids, position={pid: k for k, pid in enumerate(ids)}, **changes)


_CODE_BY_PROVIDER = frozenset({
    "focus_components", "offer_level", "focus_places", "home_places", "funded_components",
    "funded_places", "funded_pairs",
})


def _vocabulary(codes: Iterable[str]) -> dict[str, int]:
    return {code: i for i, code in enumerate(sorted(set(codes)))}


def build_vocabularies(
    needs: Sequence[NeedItem], providers: Sequence[ProviderItem]
) -> Vocabularies:
    """The vocabularies of every code used by ``needs`` and ``providers``."""
    components: set[str] = {n.component for n in needs}
    places: set[str] = set()
    languages: set[str] = set()
    groups: set[str] = set()
    for n in needs:
        places.add(n.country)
        places.update(n.areas)
        languages.update(n.languages)
        groups.update(n.groups)
    for p in providers:
        components.update(p.focus_components)
        components.update(p.funded_components)
        components.update(o.component for o in p.offers)
        components.update(c for _, c in p.funded_pairs)
        places.update(p.focus_countries)
        places.update(p.focus_regions)
        places.update(p.funded_places)
        places.update(place for place, _ in p.funded_pairs)
        places.update(p.home_areas)
        if p.country:
            places.add(p.country)
        languages.update(p.languages)
        groups.update(p.serves_groups)
    return Vocabularies(
        _vocabulary(components), _vocabulary(places), _vocabulary(languages), _vocabulary(groups)
    )


def _bitsets(sets: Sequence[Iterable[str]], vocabulary: dict[str, int], words: int) -> np.ndarray:
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    for row, codes in enumerate(sets):
        for code in codes:
            i = vocabulary[code]
            bits[row, i // 64] |= np.uint64(1) << np.uint64(i % 64)
    return bits


def _membership(rows: Sequence[Iterable[str]], vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(rows), len(vocabulary) + 1), dtype=bool)
    for r, codes in enumerate(rows):
        cols = [vocabulary[c] for c in codes]
        if cols:
            matrix[r, cols] = True
    return matrix


def need_table(needs: Sequence[NeedItem], vocab: Vocabularies) -> NeedTable:
    """Encode ``needs`` with ``vocab`` (from :func:`build_vocabularies`)."""
    ids = tuple(n.id for n in needs)
    position = {need_id: i for i, need_id in enumerate(ids)}
    if len(position) != len(ids):
        raise ValueError("need ids must be unique")
    places = np.full((len(needs), 1 + _AREA_SLOTS), len(vocab.places), dtype=np.int64)
    for row, n in enumerate(needs):
        places[row, 0] = vocab.places[n.country]
        for slot, area in enumerate(n.areas[:_AREA_SLOTS], start=1):
            places[row, slot] = vocab.places[area]
    cost = np.array([np.nan if n.cost_usd is None else n.cost_usd for n in needs], dtype=float)
    return NeedTable(
        ids=ids,
        position=position,
        component=np.array([vocab.components[n.component] for n in needs], dtype=np.int64),
        places=places,
        groups=_bitsets([n.groups for n in needs], vocab.groups, vocab.group_words),
        languages=_bitsets([n.languages for n in needs], vocab.languages, vocab.language_words),
        has_languages=np.array([bool(n.languages) for n in needs], dtype=bool),
        cost=cost,
        covered=np.clip(np.array([n.covered_share for n in needs], dtype=float), 0.0, 1.0),
        covered_by=np.array([n.covered_by for n in needs], dtype=np.int64),
        priority=np.clip(np.array([n.priority for n in needs], dtype=np.int64), 1, 5),
        severity=np.clip(np.array([n.severity for n in needs], dtype=float), 0.0, 1.0),
        has_text=np.array([bool(n.text.strip()) for n in needs], dtype=bool),
        suggestable=np.array([n.status in SUGGESTABLE_STATUSES for n in needs], dtype=bool),
        confidential=np.array([n.confidential for n in needs], dtype=bool),
    )


def provider_table(providers: Sequence[ProviderItem], vocab: Vocabularies) -> ProviderTable:
    """Encode ``providers`` with ``vocab`` (from :func:`build_vocabularies`)."""
    ids = tuple(p.id for p in providers)
    position = {provider_id: i for i, provider_id in enumerate(ids)}
    if len(position) != len(ids):
        raise ValueError("provider ids must be unique")
    n_components = len(vocab.components) + 1
    n_places = len(vocab.places) + 1
    count = len(providers)
    offer_level = np.zeros((count, n_components))
    funded_components = np.zeros((count, n_components))
    funded_pairs = np.zeros((count, n_places * n_components), dtype=bool)
    for row, p in enumerate(providers):
        for offer in p.offers:
            if offer.can_offer:
                col = vocab.components[offer.component]
                level = OFFER_LEVELS.get(offer.level, OFFER_LEVELS["basic"])
                offer_level[row, col] = max(offer_level[row, col], level)
        for component, times in p.funded_components.items():
            funded_components[row, vocab.components[component]] = times
        cols = [vocab.places[pl] * n_components + vocab.components[c] for pl, c in p.funded_pairs]
        if cols:
            funded_pairs[row, cols] = True
    focus_components = _membership(
        [p.focus_components | {o.component for o in p.offers if o.can_offer} for p in providers],
        vocab.components,
    )
    kinds = [p.kind for p in providers]
    return ProviderTable(
        ids=ids,
        position=position,
        in_kind=np.array([k in IN_KIND_KINDS for k in kinds], dtype=bool),
        country_kind=np.array([k == "country" for k in kinds], dtype=bool),
        national=np.array([k == "national" for k in kinds], dtype=bool),
        home=np.array(
            [vocab.places[p.country] if p.country else len(vocab.places) for p in providers],
            dtype=np.int64,
        ),
        focus_components=np.ascontiguousarray(focus_components.T),
        focus_count=focus_components.sum(axis=1),
        offer_level=np.ascontiguousarray(offer_level.T),
        focus_places=np.ascontiguousarray(_membership(
            [p.focus_countries | p.focus_regions for p in providers], vocab.places).T),
        has_place_focus=np.array(
            [bool(p.focus_countries or p.focus_regions) for p in providers], dtype=bool
        ),
        home_places=np.ascontiguousarray(_membership(
            [((p.country,) if p.country else ()) + p.home_areas for p in providers],
            vocab.places).T),
        funded_components=np.ascontiguousarray(funded_components.T),
        has_record=funded_components.sum(axis=1) > 0,
        funded_places=np.ascontiguousarray(
            _membership([p.funded_places for p in providers], vocab.places).T),
        funded_pairs=np.ascontiguousarray(funded_pairs.T),
        budget=np.array(
            [np.nan if p.budget_usd is None else p.budget_usd for p in providers], dtype=float
        ),
        serves=_bitsets([p.serves_groups for p in providers], vocab.groups, vocab.group_words),
        languages=_bitsets([p.languages for p in providers], vocab.languages,
                           vocab.language_words),
        has_languages=np.array([bool(p.languages) for p in providers], dtype=bool),
        has_portfolio=np.array([p.has_portfolio for p in providers], dtype=bool),
    )
