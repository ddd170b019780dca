"""Tokenising and hashing many texts at once, with numpy over their code points.

Texts are lower-cased and their accents folded (:func:`normalise_text`: "détection" and
"detection" are one word); a word is a run of letters, digits or underscores (``\\w`` of
:mod:`re`). :func:`tokenise` splits a whole list of texts in a few numpy passes per batch of
texts, reads each distinct text once, and names every distinct word once in a vocabulary, so
that the character n-grams of a word are found once however often it occurs.

Words are hashed with a polynomial hash of their code points, spread by a splitmix64
finaliser (:func:`mix_hashes`); :mod:`matching.ngram_counts` counts hashed word and character
n-grams per text from the :class:`Tokens`.

>>> tokens = tokenise(["Détection des OGM", "detection of LMOs", "Détection des OGM"])
>>> tokens.n_texts, tokens.rows.tolist(), tokens.weights.tolist()
(2, [0, 1, 0], [2.0, 1.0])
>>> int(tokens.lookup(["DETECTION"])[0]) == int(tokens.word[0]) == int(tokens.word[3])
True
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

__all__ = [
    "HASH_PRIME",
    "SPACE",
    "Tokens",
    "mix_hashes",
    "normalise_text",
    "tokenise",
]

#: The space code point, which separates the words of spelled vocabularies.
SPACE = np.uint32(0x20)
_SEPARATOR = "\x1f"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
#: Multiplier of the polynomial hashes of words and n-grams.
HASH_PRIME = np.uint64(1_000_003)
_PRIME_INVERSE = np.uint64(pow(1_000_003, -1, 2**64))
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
#: Texts read per numpy pass; bounds the temporary arrays to some tens of megabytes.
_BATCH = 2000
_LIMIT = 0x110000
#: What a mark that normalising deletes is folded to.
_REMOVED = np.uint32(_LIMIT)


def normalise_text(text: str) -> str:
    """``text`` lower-cased with accents folded, as the vectorisers see it.

    >>> normalise_text("Biosécurité ÉTUDE")
    'biosecurite etude'
    """
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def mix_hashes(h: np.ndarray) -> np.ndarray:
    """Spread the bits of 64-bit hashes (splitmix64 finaliser) so low bits pick buckets well."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX_1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX_2
    return h ^ (h >> np.uint64(31))


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (``np.unique`` without its hash table, which is slow
    on large integer arrays)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if ordered.size \
        else ordered


class _CodePoints:
    """What normalising does to each code point and which are word characters, learned lazily.

    Lower-casing and folding one character at a time gives what :func:`normalise_text` gives
    for a whole text, except for characters that become several (ligatures, Hangul, "İ"),
    kept combining marks (which may be reordered) and the capital sigma (lower-cased by its
    place in a word): those are ``slow`` and a batch holding one is normalised as a whole.
    """

    def __init__(self):
        self.fold = np.arange(_LIMIT + 1, dtype=np.uint32)
        self.fold[0x41:0x5B] += 0x20
        self.folded = np.zeros(_LIMIT + 1, dtype=bool)
        self.folded[:128] = True
        self.slow = np.zeros(_LIMIT + 1, dtype=bool)
        self.word = np.zeros(_LIMIT + 1, dtype=bool)
        self.classed = np.zeros(_LIMIT + 1, dtype=bool)
        self._classify(np.arange(128))

    def _classify(self, points: np.ndarray) -> None:
        for point in points.tolist():
            self.word[point] = point == 0x5F or (point < _LIMIT and chr(point).isalnum())
        self.classed[points] = True

    def words(self, points: np.ndarray, high: np.ndarray | None = None) -> np.ndarray:
        """Whether each (normalised) code point is a letter, digit or underscore; ``high``
        are the distinct code points above 127 among them, when known."""
        if high is None:
            high = _sorted_distinct(points[points > 127])
        unknown = high[~self.classed[high]]
        if unknown.size:
            self._classify(unknown)
        return self.word[points]

    def learn(self, points: np.ndarray) -> None:
        """Learn how the distinct code points ``points`` fold."""
        unknown = points[~self.folded[points]]
        for point in unknown.tolist():
            lowered = chr(point).lower()
            folded = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
            if point == 0x3A3 or len(lowered) != 1:
                self.slow[point] = True
            elif len(folded) == 1 and not unicodedata.combining(folded):
                self.fold[point] = ord(folded)
            elif folded == "":
                self.fold[point] = _REMOVED
            else:
                self.slow[point] = True
        self.folded[unknown] = True


_CODE_POINTS: list[_CodePoints] = []


def _code_points() -> _CodePoints:
    if not _CODE_POINTS:
        _CODE_POINTS.append(_CodePoints())
    return _CODE_POINTS[0]


def _points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(points, word, separators)`` of a batch: its normalised code points, each text after
    a separator and one at the end; whether each is a word character; where the separators
    are."""
    joined = _SEPARATOR + _SEPARATOR.join(texts) + _SEPARATOR
    if joined.count(_SEPARATOR) != len(texts) + 1:
        joined = _SEPARATOR + _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts) \
            + _SEPARATOR
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    table = _code_points()
    high = _sorted_distinct(points[points > 127])
    same_length = True
    if high.size:
        table.learn(high)
        if table.slow[high].any():
            points = np.frombuffer(normalise_text(joined).encode("utf-32-le"), dtype=np.uint32)
            separators = np.flatnonzero(points == ord(_SEPARATOR))
            return points, table.words(points), separators
        same_length = not (table.fold[high] == _REMOVED).any()
        if not same_length:
            points = points[table.fold[points] != _REMOVED]
    points = table.fold[points]
    if same_length:
        separators = np.cumsum([0, *(len(t) + 1 for t in texts)])
    else:
        separators = np.flatnonzero(points == ord(_SEPARATOR))
    folded_high = _sorted_distinct(table.fold[high]) if high.size else high
    return points, table.words(points, folded_high[folded_high > 127]), separators


_POWERS: dict[int, np.ndarray] = {}


def _powers(base: np.uint64, count: int) -> np.ndarray:
    """``base ** k`` for ``k`` in ``range(count)``, wrapping modulo 2**64 (kept between calls)."""
    known = _POWERS.get(int(base))
    if known is None or known.size < count:
        powers = np.full(max(count, 2 * (0 if known is None else known.size)), base,
                         dtype=np.uint64)
        powers[0] = 1
        known = _POWERS[int(base)] = np.cumprod(powers, dtype=np.uint64)
    return known[:count]


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``range(start, start + length)`` for every span, without a Python loop."""
    if lengths.size == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


def _distinct(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(distinct, inverse, one)``: the distinct hashes ascending, the index of each hash in
    them, and the position of one occurrence of each: like ``np.unique`` but through a hash
    table (one scatter and a few gathers) instead of sorting every hash.
    """
    n = hashes.size
    bits = max(n.bit_length() + 1, 4)
    slots = (hashes >> np.uint64(64 - bits)).astype(np.intp)
    table = np.empty(1 << bits, dtype=np.intp)
    table[slots] = np.arange(n)
    owner = table[slots]
    settled = hashes[owner] == hashes
    is_owner = np.zeros(n, dtype=bool)
    is_owner[owner[settled]] = True
    owners = np.flatnonzero(is_owner)
    number = np.cumsum(is_owner, dtype=np.intp) - 1
    inverse = np.empty(n, dtype=np.intp)
    inverse[settled] = number[owner[settled]]
    one = owners
    if not settled.all():
        # hashes whose slot was taken by another hash: sorted the ordinary way
        rest = np.flatnonzero(~settled)
        _, first, again = np.unique(hashes[rest], return_index=True, return_inverse=True)
        inverse[rest] = owners.size + again.ravel()
        one = np.concatenate((owners, rest[first]))
    order = np.argsort(hashes[one])
    rank = np.empty(order.size, dtype=np.intp)
    rank[order] = np.arange(order.size)
    return hashes[one][order], rank[inverse], one[order]


@dataclass(frozen=True)
class _Batch:
    doc: np.ndarray  # text of each word, within the batch
    offset: np.ndarray  # where each word starts in its text
    hashes: np.ndarray  # hash of each word
    vocabulary: np.ndarray  # distinct hashes of the batch, ascending
    inverse: np.ndarray  # each word's index in ``vocabulary``
    lengths: np.ndarray  # letters of each distinct word
    letters: np.ndarray  # their code points, one word after the other


def _read(texts: Sequence[str]) -> _Batch:
    """Split a batch of texts into words and hash each word.

    A word's hash is the polynomial ``sum(c[k] * P**(k - start))`` of its code points, read off
    a running sum over the whole batch: ``(H[end] - H[start]) * P**-start``, plus its length.
    """
    points, word, separators = _points(texts)
    changes = np.flatnonzero(np.diff(word.view(np.int8))) + 1
    starts, ends = changes[0::2], changes[1::2]
    running = np.zeros(points.size + 1, dtype=np.uint64)
    np.multiply(points, _powers(HASH_PRIME, points.size), out=running[1:], dtype=np.uint64)
    np.cumsum(running[1:], out=running[1:])
    lengths = ends - starts
    hashes = (running[ends] - running[starts]) * _powers(_PRIME_INVERSE, points.size)[starts]
    hashes = mix_hashes(hashes + lengths.astype(np.uint64))
    doc = np.searchsorted(separators, starts) - 1
    vocabulary, inverse, first = _distinct(hashes)
    return _Batch(doc=doc.astype(np.int32), offset=(starts - separators[doc] - 1).astype(np.int32),
                  hashes=hashes, vocabulary=vocabulary, inverse=inverse.astype(np.int32),
                  lengths=lengths[first], letters=points[_spans(starts[first], lengths[first])])


@dataclass(frozen=True)
class Tokens:
    """The words of a list of texts, each distinct text read once.

    ``rows[i]`` is the distinct text that given text ``i`` is, ``weights`` how many given
    texts each distinct text stands for. For every word occurrence, in reading order of the
    distinct texts: ``doc`` (its distinct text), ``offset`` (where it starts in the normalised
    text) and ``word`` (its index in ``vocabulary``, the ascending hashes of the distinct
    words). ``lengths`` and ``spelled`` give each distinct word's letters: ``spelled`` holds
    the code points of the vocabulary in order, each word after a space, with a space at the
    end.
    """

    n_texts: int
    rows: np.ndarray
    weights: np.ndarray
    doc: np.ndarray
    offset: np.ndarray
    word: np.ndarray
    vocabulary: np.ndarray
    lengths: np.ndarray
    spelled: np.ndarray

    @cached_property
    def word_counts(self) -> sp.csr_matrix:
        """How often each distinct word occurs in each distinct text (float32, sorted CSR)."""
        index_type = np.int32 if self.word.size < 2**31 else np.int64
        indptr = np.zeros(self.n_texts + 1, dtype=index_type)
        np.cumsum(np.bincount(self.doc, minlength=self.n_texts), out=indptr[1:])
        counts = sp.csr_matrix(
            (np.ones(self.word.size, dtype=np.float32), self.word.astype(index_type), indptr),
            shape=(self.n_texts, self.vocabulary.size))
        counts.sum_duplicates()
        return counts

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        """The vocabulary index of each of ``words`` (normalised like the texts), -1 if absent.

        A "word" that normalises to several words, or to none, is never found.
        """
        batch = _read(list(words))
        single = np.bincount(batch.doc, minlength=len(words)) == 1
        found = np.full(len(words), -1, dtype=np.int64)
        if not self.vocabulary.size:
            return found
        at = np.minimum(np.searchsorted(self.vocabulary, batch.hashes), self.vocabulary.size - 1)
        hit = self.vocabulary[at] == batch.hashes
        one_word = single[batch.doc] & hit
        found[batch.doc[one_word]] = at[one_word]
        return found


def _distinct_texts(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(distinct texts in order of first appearance, row of each text, count of each)."""
    index: dict[str, int] = {}
    rows = np.fromiter((index.setdefault(t or "", len(index)) for t in texts), dtype=np.int64,
                       count=len(texts))
    weights = np.bincount(rows, minlength=len(index)).astype(np.float64)
    return list(index), rows, weights


def tokenise(texts: Sequence[str]) -> Tokens:
    """The :class:`Tokens` of ``texts`` (``None`` counts as empty)."""
    distinct, rows, weights = _distinct_texts(texts)
    batches = [_read(distinct[at:at + _BATCH]) for at in range(0, len(distinct), _BATCH)]
    if not batches:
        empty = np.zeros(0, dtype=np.int32)
        return Tokens(0, rows, weights, empty, empty, empty, np.zeros(0, np.uint64),
                      np.zeros(0, np.int64), np.full(1, SPACE, dtype=np.uint32))
    vocabulary, inverse, first = _distinct(np.concatenate([b.vocabulary for b in batches]))
    words, docs, seen = [], [], 0
    inverse = inverse.astype(np.int32)
    for number, batch in enumerate(batches):
        words.append(inverse[seen:seen + batch.vocabulary.size][batch.inverse])
        docs.append(batch.doc + np.int32(number * _BATCH))
        seen += batch.vocabulary.size
    lengths = np.concatenate([b.lengths for b in batches])
    letters = np.concatenate([b.letters for b in batches])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    lengths, starts = lengths[first], starts[first]
    spelled = np.full(int(lengths.sum() + lengths.size + 1), SPACE, dtype=np.uint32)
    places = 1 + np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    spelled[_spans(places, lengths)] = letters[_spans(starts, lengths)]
    return Tokens(
        n_texts=len(distinct), rows=rows, weights=weights, doc=np.concatenate(docs),
        offset=np.concatenate([b.offset for b in batches]), word=np.concatenate(words),
        vocabulary=vocabulary, lengths=lengths, spelled=spelled,
    )
