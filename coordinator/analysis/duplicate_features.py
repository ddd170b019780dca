"""What the duplicate detector compares, for every initiative or need, as aligned numpy arrays.

One row per record, in the order of ``ids``. Places are kept twice: as bitsets of countries
(recipient regions stand for all their member countries) for measuring how much two records'
recipients overlap, and as lists of M49 / alpha-3 codes for blocking (see
:mod:`coordinator.analysis.duplicate_blocking`). Dates are day numbers (``date.toordinal``),
-1 when unknown; amounts are in USD, NaN when unknown or not convertible.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp

from coordinator.domain import Initiative, Need, Snapshot
from coordinator.money import RateTable
from coordinator.taxonomy import COMPONENTS, expand_component
from matching.text import TextVectorizer

__all__ = [
    "LANGUAGES",
    "LANGUAGE_WORDS",
    "LEAF_COMPONENTS",
    "TEXT_SETTINGS",
    "COMMON_NGRAMS_FROM",
    "TEXT_LIMIT",
    "PlaceCodes",
    "RecordFeatures",
    "initiative_features",
    "language_of",
    "need_features",
    "popcount",
]

#: Leaf component codes, in bit order of the component masks ("a" stands for a1..a5).
LEAF_COMPONENTS: tuple[str, ...] = tuple(code for code in COMPONENTS if code != "a")
_COMPONENT_BIT = {code: 1 << i for i, code in enumerate(LEAF_COMPONENTS)}

#: Text vectors for duplicates: words and character 4-grams (inside word boundaries), enough
#: to match reworded and translated records while keeping 100,000 records to a few seconds.
TEXT_SETTINGS = {"word_ngram_range": (1, 1), "char_ngram_range": (4, 4)}
#: From this many texts on, n-grams found in more than a tenth of them (low weight, many
#: entries) are left out; in a small collection every shared n-gram is kept.
COMMON_NGRAMS_FROM = 1000
#: Characters of a description that are compared (the start of a text identifies a project).
TEXT_LIMIT = 1000


#: Frequent short words that tell the language of a description (0 stands for unknown).
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of for with to is will on from this are".split()),
    "fr": frozenset("le la les des et du pour aux une sur avec est dans au".split()),
    "es": frozenset("el los las la del y para con una por sobre es al se".split()),
    "pt": frozenset("o os do da dos das e com uma pelo pela em ao não".split()),
}
LANGUAGES = tuple(LANGUAGE_WORDS)


_LANGUAGE_OF_WORD: dict[str, int] = {}
for _number, _words in enumerate(LANGUAGE_WORDS.values()):
    for _word in _words:
        _LANGUAGE_OF_WORD[_word] = -1 if _word in _LANGUAGE_OF_WORD else _number


def language_of(text: str) -> int:
    """1 + the index in :data:`LANGUAGES` of the text's language, or 0 when unsure."""
    counts = [0] * (len(LANGUAGES) + 1)
    lookup = _LANGUAGE_OF_WORD.get
    for word in text[:300].lower().split():
        counts[lookup(word, -1)] += 1
    counts.pop()
    best = max(range(len(counts)), key=counts.__getitem__)
    ordered = sorted(counts, reverse=True)
    return best + 1 if ordered[0] >= 2 and ordered[0] >= 2 * ordered[1] else 0


def popcount(bits: np.ndarray) -> np.ndarray:
    """Number of set bits of each unsigned integer (summed over the last axis if 2-D)."""
    if hasattr(np, "bitwise_count"):
        counts = np.bitwise_count(bits)
    else:
        as_bytes = bits.view(np.uint8).reshape(*bits.shape, bits.itemsize)
        counts = _BYTE_BITS[as_bytes].sum(axis=-1)
    counts = counts.astype(np.int64)
    return counts.sum(axis=-1) if counts.ndim > 1 else counts


_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


class PlaceCodes:
    """Country and area codes of a snapshot: bit positions, and the areas around each place."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.countries = {code: i for i, code in enumerate(sorted(snapshot.countries))}
        self.members: dict[str, set[str]] = {}
        for country in snapshot.countries.values():
            for area in country.areas:
                self.members.setdefault(area, set()).add(country.alpha3)
        self.members["001"] = set(snapshot.countries)
        self.index: dict[str, int] = {}
        self._around: dict[str, tuple[str, ...]] = {}

    def code(self, place: str) -> int:
        """A small integer for a country or area code (blocking keys are built from it)."""
        return self.index.setdefault(place, len(self.index))

    def bit(self, country: str) -> int:
        """The bit of a country in the country bitsets (unknown codes get new bits)."""
        return self.countries.setdefault(country, len(self.countries))

    def areas_around(self, place: str) -> tuple[str, ...]:
        """The M49 areas containing a country or area, the World (001) excepted."""
        known = self._around.get(place)
        if known is not None:
            return known
        country = self.snapshot.countries.get(place)
        if country is not None:
            around = list(country.areas)
        else:
            around, parent = [], place
            while True:
                region = self.snapshot.regions.get(parent)
                parent = region.parent if region else None
                if not parent or parent == "001":
                    break
                around.append(parent)
        self._around[place] = tuple(around)
        return self._around[place]

    def countries_of(self, countries, regions) -> set[str]:
        """Recipient countries, each recipient region standing for its member countries."""
        covered = set(countries)
        for region in regions:
            covered |= self.members.get(region, set())
        return covered


@dataclass(frozen=True)
class RecordFeatures:
    """Aligned arrays describing ``ids`` (all initiatives, or all needs, of a snapshot)."""

    kind: str
    ids: tuple[str, ...]
    country_bits: np.ndarray  # (n, words) uint64
    component_bits: np.ndarray  # (n,) uint32
    start: np.ndarray  # (n,) int64 day numbers, -1 unknown
    end: np.ndarray
    amount_usd: np.ndarray  # (n,) float64, NaN unknown
    providers: np.ndarray  # (n, k) int64 provider numbers, -1 padding
    text: sp.csr_matrix  # title and description together, unit rows
    title: sp.csr_matrix  # title alone, unit rows
    exact_places: tuple[tuple[int, ...], ...]  # recipient countries and regions
    inside_places: tuple[tuple[int, ...], ...]  # areas around them
    covered_places: tuple[tuple[int, ...], ...]  # recipient regions
    language: np.ndarray  # (n,) int8, see language_of


def _component_mask(codes) -> int:
    mask = 0
    for code in codes:
        for leaf in expand_component(code):
            mask |= _COMPONENT_BIT.get(leaf, 0)
    return mask


def _bitset(bits: list[list[int]], width: int) -> np.ndarray:
    words = max((width + 63) // 64, 1)
    out = np.zeros((len(bits), words), dtype=np.uint64)
    rows = np.repeat(np.arange(len(bits)), [len(b) for b in bits])
    flat = np.fromiter((b for row in bits for b in row), dtype=np.int64, count=rows.size)
    np.bitwise_or.at(out, (rows, flat // 64), np.left_shift(np.uint64(1),
                                                           (flat % 64).astype(np.uint64)))
    return out


def _day(value: date | None) -> int:
    return value.toordinal() if value is not None else -1


def _text_vectors(titles: list[str], descriptions: list[str]):
    """(text, title) vectors: one vectoriser over titles and descriptions together."""
    n = len(titles)
    if n == 0:
        empty = sp.csr_matrix((0, 1), dtype=np.float32)
        return empty, empty
    max_df = 0.1 if 2 * n >= COMMON_NGRAMS_FROM else 1.0
    vectors = TextVectorizer(**TEXT_SETTINGS, max_df=max_df).fit_transform(
        titles + [d[:TEXT_LIMIT] for d in descriptions])
    title, description = vectors[:n], vectors[n:]
    both = (title + description).tocsr()
    norms = np.sqrt(np.asarray(both.multiply(both).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ both), title


def _usd(rates: RateTable, monies, days) -> np.ndarray:
    amounts = [m.amount if m is not None else np.nan for m in monies]
    currencies = [m.currency if m is not None else "USD" for m in monies]
    years = [date.fromordinal(d).year if d > 0 else None for d in days]
    return rates.usd_amounts(amounts, currencies, years)


def _features(kind, snapshot, records, places_of, components_of, providers_of, rates):
    codes = PlaceCodes(snapshot)
    ids = tuple(r.id for r in records)
    exact, inside, covered, bits = [], [], [], []
    for record in records:
        countries, regions = places_of(record)
        exact.append(tuple(codes.code(p) for p in (*countries, *regions)))
        around = {a for p in (*countries, *regions) for a in codes.areas_around(p)}
        inside.append(tuple(codes.code(a) for a in sorted(around)))
        covered.append(tuple(codes.code(r) for r in regions))
        bits.append([codes.bit(c) for c in codes.countries_of(countries, regions)])
    provider_numbers: dict[str, int] = {}
    provider_lists = [[provider_numbers.setdefault(p, len(provider_numbers))
                       for p in providers_of(r)] for r in records]
    width = max((len(p) for p in provider_lists), default=0)
    providers = np.full((len(records), max(width, 1)), -1, dtype=np.int64)
    for row, numbers in enumerate(provider_lists):
        providers[row, : len(numbers)] = numbers
    start = np.array([_day(r.start) for r in records], dtype=np.int64)
    end = np.array([_day(r.end) for r in records], dtype=np.int64)
    start = np.where(start < 0, end, start)
    end = np.where(end < 0, start, end)
    money = [r.budget if kind == "initiative" else r.estimated_cost for r in records]
    text, title = _text_vectors([r.title or "" for r in records],
                                [r.description or "" for r in records])
    return RecordFeatures(
        kind=kind, ids=ids, country_bits=_bitset(bits, len(codes.countries)),
        component_bits=np.array([components_of(r) for r in records], dtype=np.uint32),
        start=start, end=end, amount_usd=_usd(rates, money, start), providers=providers,
        text=text, title=title, exact_places=tuple(exact), inside_places=tuple(inside),
        covered_places=tuple(covered),
        language=np.array([language_of(f"{r.title} {r.description or ''}") for r in records],
                          dtype=np.int8),
    )


def initiative_features(snapshot: Snapshot, rates: RateTable) -> RecordFeatures:
    """Features of every initiative of ``snapshot``, sorted by id."""
    records: list[Initiative] = [i for _, i in sorted(snapshot.initiatives.items())]
    return _features(
        "initiative", snapshot, records,
        lambda i: (i.recipient_countries, i.recipient_regions),
        lambda i: _component_mask(i.components), lambda i: i.provider_ids(), rates,
    )


def need_features(snapshot: Snapshot, rates: RateTable) -> RecordFeatures:
    """Features of every need of ``snapshot``, sorted by id."""
    records: list[Need] = [n for _, n in sorted(snapshot.needs.items())]
    return _features(
        "need", snapshot, records, lambda n: ((n.country,), ()),
        lambda n: _component_mask((n.component,)), lambda n: (), rates,
    )
