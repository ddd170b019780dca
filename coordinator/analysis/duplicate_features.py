"""What the duplicate detector compares, for every initiative or need, as aligned numpy arrays.

One row per record, in the order of ``ids``. Places are kept twice: as bitsets of countries
(recipient regions stand for all their member countries) for measuring how much two records'
recipients overlap, and as flat lists of M49 / alpha-3 codes for blocking (see
:mod:`coordinator.analysis.duplicate_blocking`). Dates are day numbers (``date.toordinal``),
-1 when unknown; amounts are in USD, NaN when unknown or not convertible. Whatever depends only
on a record's recipients, components or providers is worked out once per distinct value.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp

from coordinator.domain import Initiative, Need, Snapshot
from coordinator.money import RateTable
from coordinator.taxonomy import COMPONENTS, expand_component
from matching.ngrams import Tokens, normalise_text, tokenise
from matching.text import TextVectorizer, unit_rows

__all__ = [
    "LANGUAGES",
    "LANGUAGE_SPAN",
    "LANGUAGE_WORDS",
    "LEAF_COMPONENTS",
    "TEXT_SETTINGS",
    "COMMON_NGRAMS_FROM",
    "TEXT_LIMIT",
    "Incidence",
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
#: The language is told from the title and this many first characters of the description.
LANGUAGE_SPAN = 300

_LANGUAGE_OF_WORD: dict[str, int] = {}
for _number, _words in enumerate(LANGUAGE_WORDS.values(), start=1):
    for _word in _words:
        _key = normalise_text(_word)
        _LANGUAGE_OF_WORD[_key] = 0 if _LANGUAGE_OF_WORD.get(_key, _number) != _number else _number


def _language_counts(tokens: Tokens) -> np.ndarray:
    """(distinct texts, 1 + languages) counts of each language's words in each text's start."""
    width = len(LANGUAGES) + 1
    words = list(_LANGUAGE_OF_WORD)
    found = tokens.lookup(words)
    of_word = np.zeros(tokens.vocabulary.size, dtype=np.int64)
    of_word[found[found >= 0]] = np.array([_LANGUAGE_OF_WORD[w] for w in words],
                                          dtype=np.int64)[found >= 0]
    language = of_word[tokens.word]
    counted = (language > 0) & (tokens.offset < LANGUAGE_SPAN)
    counts = np.bincount(tokens.doc[counted] * width + language[counted],
                         minlength=tokens.n_texts * width)
    return counts.reshape(tokens.n_texts, width)


def _decided(counts: np.ndarray) -> np.ndarray:
    """The language with at least two words and twice as many as any other, else 0."""
    ordered = np.sort(counts[:, 1:], axis=1)
    best = np.argmax(counts[:, 1:], axis=1) + 1
    sure = (ordered[:, -1] >= 2) & (ordered[:, -1] >= 2 * ordered[:, -2])
    return np.where(sure, best, 0).astype(np.int8)


def language_of(text: str) -> int:
    """1 + the index in :data:`LANGUAGES` of the text's language, or 0 when unsure."""
    return int(_decided(_language_counts(tokenise([text])))[0])


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
class Incidence:
    """Which values each record has, flattened: record ``rows[k]`` has ``values[k]``."""

    rows: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class RecordFeatures:
    """Aligned arrays describing ``ids`` (all initiatives, or all needs, of a snapshot)."""

    kind: str
    ids: tuple[str, ...]
    country_bits: np.ndarray  # (n, words) uint64
    country_count: np.ndarray  # (n,) int64 countries in country_bits
    component_bits: np.ndarray  # (n,) uint32
    start: np.ndarray  # (n,) int64 day numbers, -1 unknown
    end: np.ndarray
    amount_usd: np.ndarray  # (n,) float64, NaN unknown
    providers: np.ndarray  # (n, k) int64 provider numbers, -1 padding
    provider_bits: np.ndarray  # (n,) uint64, bit ``number % 64`` of every provider set
    text: sp.csr_matrix  # title and description together, unit rows, sorted indices
    title: sp.csr_matrix  # title alone, unit rows, sorted indices
    exact_places: Incidence  # recipient countries and regions
    inside_places: Incidence  # areas around them
    covered_places: Incidence  # recipient regions
    language: np.ndarray  # (n,) int8, see language_of
    countries: tuple[str, ...] = ()  # the country of each bit of country_bits


def _component_masks(keys: list[tuple[str, ...]]) -> np.ndarray:
    """The leaf-component bitmask of each record's component codes."""
    masks: dict[tuple[str, ...], int] = {}
    for key in keys:
        if key not in masks:
            mask = 0
            for code in key:
                for leaf in expand_component(code):
                    mask |= _COMPONENT_BIT.get(leaf, 0)
            masks[key] = mask
    return np.fromiter((masks[k] for k in keys), dtype=np.uint32, count=len(keys))


def _incidence(lists: list[tuple[int, ...]], of_record: np.ndarray) -> Incidence:
    """Incidence of the records, given the value list of each distinct key and each record's
    key."""
    lengths = np.array([len(values) for values in lists], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    flat = np.fromiter((v for values in lists for v in values), dtype=np.int64,
                       count=int(lengths.sum()))
    counts = lengths[of_record]
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return Incidence(rows=np.repeat(np.arange(of_record.size), counts),
                     values=flat[np.repeat(starts[of_record], counts) + offsets])


def _places(snapshot: Snapshot, keys: list[tuple[tuple[str, ...], tuple[str, ...]]]):
    """(country of each bit, country bitsets, exact, inside, covered incidences) of each
    record's recipients."""
    codes = PlaceCodes(snapshot)
    index: dict[tuple, int] = {}
    of_record = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64,
                            count=len(keys))
    exact, inside, covered, bits = [], [], [], []
    for countries, regions in index:
        exact.append(tuple(codes.code(p) for p in (*countries, *regions)))
        around = {a for p in (*countries, *regions) for a in codes.areas_around(p)}
        inside.append(tuple(codes.code(a) for a in sorted(around)))
        covered.append(tuple(codes.code(r) for r in regions))
        bits.append([codes.bit(c) for c in codes.countries_of(countries, regions)])
    words = max((len(codes.countries) + 63) // 64, 1)
    countries = tuple(sorted(codes.countries, key=codes.countries.__getitem__))
    bitsets = np.zeros((len(bits), words), dtype=np.uint64)
    rows = np.repeat(np.arange(len(bits)), [len(b) for b in bits])
    flat = np.fromiter((b for row in bits for b in row), dtype=np.int64, count=rows.size)
    np.bitwise_or.at(bitsets, (rows, flat // 64),
                     np.left_shift(np.uint64(1), (flat % 64).astype(np.uint64)))
    return (countries, bitsets[of_record], _incidence(exact, of_record),
            _incidence(inside, of_record), _incidence(covered, of_record))


def _provider_numbers(lists: list[tuple[str, ...]]) -> np.ndarray:
    """(n, k) provider numbers of each record, -1 padding."""
    numbers: dict[str, int] = {}
    flat = [numbers.setdefault(p, len(numbers)) for providers in lists for p in providers]
    lengths = np.fromiter((len(p) for p in lists), dtype=np.int64, count=len(lists))
    out = np.full((len(lists), max(int(lengths.max(initial=0)), 1)), -1, dtype=np.int64)
    rows = np.repeat(np.arange(len(lists)), lengths)
    out[rows, np.arange(rows.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)] = flat
    return out


def _text_vectors(tokens: Tokens, n: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(text, title) vectors of ``n`` records from the tokens of their titles then
    descriptions: one vectoriser over both."""
    if n == 0:
        empty = sp.csr_matrix((0, 1), dtype=np.float32)
        return empty, empty
    max_df = 0.1 if 2 * n >= COMMON_NGRAMS_FROM else 1.0
    vectors = TextVectorizer(**TEXT_SETTINGS, max_df=max_df).fit_transform(tokens, distinct=True)
    title = vectors[tokens.rows[:n]]
    title.sort_indices()
    return _sums(vectors, tokens.rows[:n], tokens.rows[n:]), title


def _sums(vectors: sp.csr_matrix, first: np.ndarray, second: np.ndarray,
          chunk: int = 8192) -> sp.csr_matrix:
    """Unit rows of ``vectors[first] + vectors[second]`` (sorted indices), added a chunk of
    rows at a time into one matrix, so that no copy of all the rows is made on the way."""
    lengths = np.diff(vectors.indptr)
    most = int(lengths[first].sum() + lengths[second].sum())
    data = np.empty(most, dtype=np.float32)
    indices = np.empty(most, dtype=vectors.indices.dtype)
    indptr = np.zeros(first.size + 1, dtype=np.int64)
    written = 0
    for at in range(0, first.size, chunk):
        part = (vectors[first[at:at + chunk]] + vectors[second[at:at + chunk]]).tocsr()
        part.sort_indices()
        data[written:written + part.nnz] = part.data
        indices[written:written + part.nnz] = part.indices
        indptr[at + 1:at + 1 + part.shape[0]] = written + part.indptr[1:]
        written += part.nnz
    summed = sp.csr_matrix((data[:written], indices[:written], indptr),
                           shape=(first.size, vectors.shape[1]))
    summed.has_sorted_indices = True
    return unit_rows(summed)


def _usd(rates: RateTable, monies, days) -> np.ndarray:
    amounts = [m.amount if m is not None else np.nan for m in monies]
    currencies = [m.currency if m is not None else "USD" for m in monies]
    years = [date.fromordinal(d).year if d > 0 else None for d in days.tolist()]
    return rates.usd_amounts(amounts, currencies, years)


def _days(values) -> np.ndarray:
    return np.fromiter((d.toordinal() if d is not None else -1 for d in values), dtype=np.int64)


def _features(kind, snapshot, records, places_of, components_of, providers_of, rates):
    n = len(records)
    countries, country_bits, exact, inside, covered = _places(
        snapshot, [places_of(r) for r in records])
    providers = _provider_numbers([providers_of(r) for r in records])
    start = _days(r.start for r in records)
    end = _days(r.end for r in records)
    start = np.where(start < 0, end, start)
    end = np.where(end < 0, start, end)
    money = [r.budget if kind == "initiative" else r.estimated_cost for r in records]
    tokens = tokenise([r.title or "" for r in records]
                      + [(r.description or "")[:TEXT_LIMIT] for r in records])
    text, title = _text_vectors(tokens, n)
    by_text = _language_counts(tokens)[tokens.rows]
    return RecordFeatures(
        kind=kind, ids=tuple(r.id for r in records), country_bits=country_bits,
        country_count=popcount(country_bits),
        component_bits=_component_masks([components_of(r) for r in records]),
        start=start, end=end, amount_usd=_usd(rates, money, start), providers=providers,
        provider_bits=np.bitwise_or.reduce(
            np.where(providers >= 0, np.left_shift(np.uint64(1), (providers % 64).astype(
                np.uint64)), np.uint64(0)), axis=1),
        text=text, title=title, exact_places=exact, inside_places=inside,
        covered_places=covered, language=_decided(by_text[:n] + by_text[n:]),
        countries=countries,
    )


def initiative_features(snapshot: Snapshot, rates: RateTable) -> RecordFeatures:
    """Features of every initiative of ``snapshot``, sorted by id."""
    records: list[Initiative] = [i for _, i in sorted(snapshot.initiatives.items())]
    return _features(
        "initiative", snapshot, records,
        lambda i: (i.recipient_countries, i.recipient_regions),
        lambda i: i.components, lambda i: i.provider_ids(), rates,
    )


def need_features(snapshot: Snapshot, rates: RateTable) -> RecordFeatures:
    """Features of every need of ``snapshot``, sorted by id."""
    records: list[Need] = [n for _, n in sorted(snapshot.needs.items())]
    return _features(
        "need", snapshot, records, lambda n: ((n.country,), ()),
        lambda n: (n.component,), lambda n: (), rates,
    )
