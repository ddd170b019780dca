"""Shared text similarity: TF-IDF over words and character n-grams, and sparse top-k neighbours.

Descriptions of capacity-building work come in several languages and are often retyped, so a
word-level model alone misses a French and an English record of the same project. The vectors
here combine word n-grams with character n-grams taken inside word boundaries (the ``char_wb``
analyser of scikit-learn), after lower-casing and folding accents ("détection" and "detection"
share every n-gram). Both halves are TF-IDF weighted (sublinear term frequency, smoothed IDF),
L2-normalised, weighted and joined, and the joined rows are L2-normalised again, so a dot
product of two rows is their cosine similarity.

The n-grams are found and hashed with numpy over the code points of a whole batch of texts at
once (a polynomial rolling hash into ``n_features`` buckets per half, like scikit-learn's
``HashingVectorizer``), which is what makes 100,000 descriptions take seconds rather than
minutes; the IDF weights and the feature selection (``min_df``, ``max_df``, ``max_features``)
are learned in :meth:`TextVectorizer.fit`.

Examples
--------
>>> vectors = TextVectorizer().fit_transform([
...     "Détection des OGM au Kenya", "Detection of LMOs in Kenya", "Public awareness in Peru"])
>>> rows, cols, scores = top_k_neighbours(vectors, k=2, threshold=0.2)
>>> [(int(r), int(c)) for r, c in zip(rows, cols)]
[(0, 1)]
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

__all__ = [
    "NgramTfidf",
    "TextVectorizer",
    "normalise_text",
    "row_cosine",
    "top_k_neighbours",
]

_SPACE = np.uint32(0x20)
_SEPARATOR = "\x1f"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PRIME = np.uint64(1_000_003)
_PRIME_INVERSE = np.uint64(pow(1_000_003, -1, 2**64))
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
#: Texts handled per numpy pass; bounds the temporary arrays to a few hundred megabytes.
_BATCH = 4000


def normalise_text(text: str) -> str:
    """``text`` lower-cased with accents folded, as the vectorisers see it.

    >>> normalise_text("Biosécurité ÉTUDE")
    'biosecurite etude'
    """
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def _mix(h: np.ndarray) -> np.ndarray:
    """Spread the bits of 64-bit hashes (splitmix64 finaliser) so low bits pick buckets well."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX_1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX_2
    return h ^ (h >> np.uint64(31))


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    """For every Unicode code point, whether it is a letter, digit or underscore (``\\w``)."""
    table = np.zeros(0x110000, dtype=bool)
    table[np.array([c for c in range(0x110000) if chr(c).isalnum()], dtype=np.int64)] = True
    table[0x5F] = True
    return table


def _is_word(points: np.ndarray) -> np.ndarray:
    """Whether each code point is a letter, digit or underscore (``\\w`` of ``re``)."""
    return _word_table()[points]


def _compressed_text(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The batch as one code-point array with every run of non-word characters made one space.

    Returns ``(points, doc)``: ``doc[p]`` is the text the code point ``p`` belongs to (for a
    space between two texts, the earlier one). Every text starts after a space and the array
    ends with one, so each word is padded by spaces as ``char_wb`` expects.
    """
    joined = _SEPARATOR + _SEPARATOR.join(
        (t or "").replace(_SEPARATOR, " ") for t in texts) + _SEPARATOR
    points = np.frombuffer(normalise_text(joined).encode("utf-32-le"), dtype=np.uint32)
    doc = np.cumsum(points == ord(_SEPARATOR), dtype=np.int32) - 1
    word = _is_word(points)
    keep = word.copy()
    keep[0] = True
    keep[1:] |= word[:-1] & ~word[1:]
    kept = np.where(word, points, _SPACE)[keep]
    return kept, doc[keep]


@dataclass(frozen=True)
class _Words:
    """The words of a batch of texts, in reading order."""

    n_texts: int
    points: np.ndarray  # the compressed text of the batch (see _compressed_text)
    starts: np.ndarray  # where each word starts in ``points``
    lengths: np.ndarray
    doc: np.ndarray  # the text each word belongs to
    hashes: np.ndarray  # uint64 hash of each word's letters


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``range(start, start + length)`` for every span, without a Python loop."""
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


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


def _words(texts: Sequence[str]) -> _Words:
    """Split a batch of texts into words (runs of word characters) and hash each word.

    A word's hash is the polynomial ``sum(c[k] * P**(k - start))`` of its code points, read off
    a running sum over the whole batch: ``(H[end] - H[start]) * P**-start``.
    """
    points, doc = _compressed_text(texts)
    word = points != _SPACE
    starts = np.flatnonzero(word & np.concatenate(([True], ~word[:-1])))
    ends = np.flatnonzero(word & np.concatenate((~word[1:], [True]))) + 1
    if starts.size == 0:
        empty = np.zeros(0, np.int64)
        return _Words(len(texts), points, empty, empty, empty, np.zeros(0, np.uint64))
    running = np.zeros(points.size + 1, dtype=np.uint64)
    np.cumsum(points.astype(np.uint64) * _powers(_PRIME, points.size), out=running[1:])
    hashes = (running[ends] - running[starts]) * _powers(_PRIME_INVERSE, points.size)[starts]
    lengths = ends - starts
    hashes = _mix(hashes + lengths.astype(np.uint64))
    return _Words(len(texts), points, starts, lengths, doc[starts], hashes)


def _char_ngrams(points: np.ndarray, owner: np.ndarray, low: int, high: int):
    """(owner, hash) of every character n-gram inside word boundaries, ``low <= n <= high``.

    ``points`` is a compressed text (words separated by single spaces, a space at both ends)
    and ``owner[p]`` the row the word at ``p`` belongs to.
    """
    space = points == _SPACE
    # a window belongs to the row of its first letter (it may start with a space)
    row = owner[np.minimum(np.arange(points.size) + space, points.size - 1)]
    wide = points.astype(np.uint64)
    h = wide.copy()
    interior_clear = np.ones(points.size, dtype=bool)
    rows, hashes = [], []
    for n in range(1, high + 1):
        count = points.size - n + 1
        if count <= 0:
            break
        if n > 1:
            h = h[:count] * _PRIME + wide[n - 1:n - 1 + count]
        if n > 2:
            interior_clear = interior_clear[:count] & ~space[n - 2:n - 2 + count]
        if n < low:
            continue
        if n == 1:
            valid = ~space
        elif n == 2:
            valid = ~(space[:count] & space[1:count + 1])
        else:
            valid = interior_clear
        where = np.flatnonzero(valid)
        rows.append(row[where])
        hashes.append(h[where] ^ np.uint64(n * 0x9E3779B97F4A7C15 % 2**64))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return np.concatenate(rows), np.concatenate(hashes)


def _bucket_counts(rows, hashes, n_rows: int, n_features: int) -> sp.csr_matrix:
    """Count matrix (``n_rows`` x ``n_features``) of hashed n-grams, duplicates summed."""
    columns = (_mix(hashes) % np.uint64(n_features)).astype(np.int32)
    counts = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows, columns)), shape=(n_rows, n_features))
    counts.sum_duplicates()
    return counts


def _word_ngram_counts(words: _Words, low: int, high: int, n_features: int) -> sp.csr_matrix:
    """Counts of word n-grams per text; words of one character are left out, as in sklearn."""
    keep = words.lengths >= 2
    word_hash, word_doc = words.hashes[keep], words.doc[keep]
    rows, hashes = [], []
    for n in range(low, high + 1):
        count = word_hash.size - n + 1
        if count <= 0:
            continue
        h = word_hash[:count].copy()
        same_doc = np.ones(count, dtype=bool)
        for k in range(1, n):
            h = _mix(h * _PRIME + word_hash[k:k + count])
            same_doc &= word_doc[k:k + count] == word_doc[:count]
        rows.append(word_doc[:count][same_doc])
        hashes.append(h[same_doc] ^ np.uint64(n))
    if not rows:
        return sp.csr_matrix((words.n_texts, n_features), dtype=np.float32)
    return _bucket_counts(np.concatenate(rows), np.concatenate(hashes), words.n_texts, n_features)


def _char_ngram_counts(words: _Words, low: int, high: int, n_features: int) -> sp.csr_matrix:
    """Counts of ``char_wb`` n-grams per text.

    The n-grams of each distinct word are found once; the counts per text are then the product
    of the text-by-word counts and the word-by-n-gram counts.
    """
    if words.hashes.size == 0:
        return sp.csr_matrix((words.n_texts, n_features), dtype=np.float32)
    _, first, inverse = np.unique(words.hashes, return_index=True, return_inverse=True)
    texts_by_word = sp.csr_matrix(
        (np.ones(inverse.size, dtype=np.float32), (words.doc, inverse.ravel())),
        shape=(words.n_texts, first.size),
    )
    lengths = words.lengths[first]
    offsets = 1 + np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    spelled = np.full(int(lengths.sum() + lengths.size + 1), _SPACE, dtype=np.uint32)
    spelled[_spans(offsets, lengths)] = words.points[_spans(words.starts[first], lengths)]
    owner = np.cumsum(spelled == _SPACE) - 1
    owner[-1] = max(first.size - 1, 0)
    rows, hashes = _char_ngrams(spelled, owner, low, high)
    ngrams_by_word = _bucket_counts(rows, hashes, first.size, n_features)
    return (texts_by_word @ ngrams_by_word).tocsr()


class NgramTfidf:
    """TF-IDF over hashed n-grams of one kind: ``analyzer`` is ``"word"`` or ``"char_wb"``.

    Learned in :meth:`fit`: ``idf_`` (one weight per bucket, 0 for buckets left out by
    ``min_df``, ``max_df`` or ``max_features``) and ``n_texts_``. Rows of :meth:`transform`
    use sublinear term frequency (``1 + log tf``) and are L2-normalised.
    """

    def __init__(self, analyzer="word", ngram_range=(1, 2), n_features=2**20,
                 min_df=1, max_df=1.0, max_features=None):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features

    def _counts_of_words(self, batches: Sequence[_Words]) -> sp.csr_matrix:
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer must be 'word' or 'char_wb', not {self.analyzer!r}")
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high: {low, high}")
        count = _word_ngram_counts if self.analyzer == "word" else _char_ngram_counts
        blocks = [count(words, low, high, self.n_features) for words in batches]
        if not blocks:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        return sp.vstack(blocks, format="csr")

    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw n-gram counts, one row per text."""
        return self._counts_of_words(_batches(texts))

    def _learn(self, counts: sp.csr_matrix) -> None:
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=self.n_features)
        min_count = self.min_df if isinstance(self.min_df, int) else self.min_df * n
        max_count = self.max_df if isinstance(self.max_df, int) else self.max_df * n
        kept = (df >= max(min_count, 1)) & (df <= max_count)
        if self.max_features is not None and kept.sum() > self.max_features:
            order = np.argsort(-np.where(kept, df, -1), kind="stable")
            kept = np.zeros_like(kept)
            kept[order[: self.max_features]] = True
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self.idf_ = np.where(kept, idf, 0.0).astype(np.float32)
        self.n_texts_ = n

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weighted = counts.copy()
        weighted.data = (1.0 + np.log(weighted.data)) * self.idf_[weighted.indices]
        weighted.eliminate_zeros()
        return _normalised_rows(weighted)

    def fit(self, texts: Sequence[str]) -> NgramTfidf:
        """Learn the IDF weights and kept features from ``texts``; returns ``self``."""
        self._learn(self._counts(texts))
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts`` (float32 CSR, ``n_features`` columns)."""
        self._check_fitted()
        return self._weigh(self._counts(texts))

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """:meth:`fit` then :meth:`transform`, counting the n-grams once."""
        counts = self._counts(texts)
        self._learn(counts)
        return self._weigh(counts)

    def _check_fitted(self) -> None:
        if not hasattr(self, "idf_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call fit() first")


def _batches(texts: Sequence[str]) -> list[_Words]:
    texts = list(texts)
    return [_words(texts[at:at + _BATCH]) for at in range(0, len(texts), _BATCH)]


def _normalised_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` with every non-empty row scaled to unit L2 norm."""
    matrix = matrix.tocsr()
    squares = np.add.reduceat(
        np.concatenate((matrix.data.astype(np.float64) ** 2, [0.0])),
        np.minimum(matrix.indptr[:-1], matrix.data.size),
    )
    squares[np.diff(matrix.indptr) == 0] = 0.0
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    matrix.data = (matrix.data / np.repeat(norms, np.diff(matrix.indptr))).astype(np.float32)
    return matrix


class TextVectorizer:
    """Word and character n-gram TF-IDF joined into one L2-normalised vector per text.

    Parameters
    ----------
    word_ngram_range, char_ngram_range : (int, int)
        The n-gram lengths of the word half and the character half (``char_wb``).
    max_features : int or None
        Keep only this many of the most frequent buckets in each half.
    min_df : int or float
        Leave out n-grams found in fewer texts than this (a float is a share of the texts).
    max_df : int or float
        Leave out n-grams found in more texts than this (a float is a share of the texts).
    word_weight : float
        Share of the word half in the cosine (the character half gets the rest).
    n_features : int
        Hash buckets per half.

    Learned in :meth:`fit`: ``word_vectorizer_`` and ``char_vectorizer_`` (:class:`NgramTfidf`).
    """

    def __init__(self, word_ngram_range=(1, 2), char_ngram_range=(3, 5), max_features=None,
                 min_df=1, max_df=1.0, word_weight=0.5, n_features=2**20):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.max_df = max_df
        self.word_weight = word_weight
        self.n_features = n_features

    def _halves(self) -> tuple[NgramTfidf, NgramTfidf]:
        if not 0.0 <= self.word_weight <= 1.0:
            raise ValueError(f"word_weight must be within 0..1, not {self.word_weight!r}")
        common = dict(n_features=self.n_features, min_df=self.min_df, max_df=self.max_df,
                      max_features=self.max_features)
        return (NgramTfidf("word", self.word_ngram_range, **common),
                NgramTfidf("char_wb", self.char_ngram_range, **common))

    def _join(self, words: sp.csr_matrix, chars: sp.csr_matrix) -> sp.csr_matrix:
        joined = sp.hstack(
            [words * np.float32(np.sqrt(self.word_weight)),
             chars * np.float32(np.sqrt(1.0 - self.word_weight))],
            format="csr",
        )
        joined.eliminate_zeros()
        # a text with only one half (e.g. only one-letter words) is rescaled to unit length
        one_half = (np.diff(words.indptr) == 0) != (np.diff(chars.indptr) == 0)
        if one_half.any():
            scale = np.ones(joined.shape[0], dtype=np.float32)
            scale[one_half & (np.diff(words.indptr) > 0)] = 1 / np.sqrt(self.word_weight or 1.0)
            scale[one_half & (np.diff(chars.indptr) > 0)] = 1 / np.sqrt(
                (1.0 - self.word_weight) or 1.0)
            joined = sp.csr_matrix(sp.diags(scale) @ joined)
        return joined

    def fit(self, texts: Sequence[str]) -> TextVectorizer:
        """Learn both halves from ``texts``; returns ``self``."""
        self.fit_transform(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One L2-normalised row per text (float32 CSR); a dot product of rows is a cosine."""
        if not hasattr(self, "word_vectorizer_"):
            raise ValueError("this TextVectorizer is not fitted yet: call fit() first")
        batches = _batches(texts)
        halves = []
        for half in (self.word_vectorizer_, self.char_vectorizer_):
            halves.append(half._weigh(half._counts_of_words(batches)))
        return self._join(*halves)

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """:meth:`fit` then :meth:`transform`, reading the texts once."""
        batches = _batches(texts)
        self.word_vectorizer_, self.char_vectorizer_ = self._halves()
        halves = []
        for half in (self.word_vectorizer_, self.char_vectorizer_):
            counts = half._counts_of_words(batches)
            half._learn(counts)
            halves.append(half._weigh(counts))
        return self._join(*halves)


def _top_k_of_rows(rows, cols, scores, k: int):
    """Keep the ``k`` highest scores of each row (ties: lower column first)."""
    order = np.lexsort((cols, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    rank = np.arange(rows.size) - np.repeat(starts, np.diff(np.concatenate((starts, [rows.size]))))
    keep = rank < k
    return rows[keep], cols[keep], scores[keep]


def top_k_neighbours(a, b=None, *, k: int = 10, threshold: float = 0.3, chunk_size: int = 2000):
    """The ``k`` most similar rows of ``b`` for each row of ``a``, with score ``>= threshold``.

    Returns ``(rows, cols, scores)``: row of ``a``, row of ``b``, dot product. With ``b`` None
    the rows of ``a`` are compared with each other: no row with itself, and each unordered pair
    once with ``row < col`` (kept when either row has the other among its ``k`` best). ``a`` is
    multiplied ``chunk_size`` rows at a time, so memory grows with the chunk, not with the
    square of the rows. Sorted by row, then by score descending.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> rows, cols, scores = top_k_neighbours(m, k=1, threshold=0.5)
    >>> [(int(r), int(c), round(float(s), 1)) for r, c, s in zip(rows, cols, scores)]
    [(0, 1, 0.8), (1, 2, 0.6)]
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    a = sp.csr_matrix(a)
    self_join = b is None
    other = a if self_join else sp.csr_matrix(b)
    other_t = other.T.tocsr()
    found_rows, found_cols, found_scores = [], [], []
    for at in range(0, a.shape[0], chunk_size):
        product = (a[at:at + chunk_size] @ other_t).tocoo()
        rows = product.row.astype(np.int64) + at
        cols = product.col.astype(np.int64)
        scores = product.data
        keep = scores >= threshold
        if self_join:
            keep &= rows != cols
        rows, cols, scores = _top_k_of_rows(rows[keep], cols[keep], scores[keep], k)
        found_rows.append(rows)
        found_cols.append(cols)
        found_scores.append(scores)
    rows = np.concatenate(found_rows) if found_rows else np.zeros(0, np.int64)
    cols = np.concatenate(found_cols) if found_cols else np.zeros(0, np.int64)
    scores = np.concatenate(found_scores) if found_scores else np.zeros(0, np.float32)
    if self_join and rows.size:
        low, high = np.minimum(rows, cols), np.maximum(rows, cols)
        _, first = np.unique(low * a.shape[0] + high, return_index=True)
        rows, cols, scores = low[first], high[first], scores[first]
        order = np.lexsort((cols, -scores, rows))
        rows, cols, scores = rows[order], cols[order], scores[order]
    return rows, cols, scores


def row_cosine(a, b, rows_a, rows_b, *, chunk_size: int = 200_000) -> np.ndarray:
    """Dot product (the cosine, for L2-normalised rows) of ``a[rows_a[i]]`` and ``b[rows_b[i]]``.

    Vectorised over the pairs, ``chunk_size`` pairs at a time; returns a float64 array.

    >>> m = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8]]))
    >>> row_cosine(m, m, [0, 0], [0, 1]).round(2).tolist()
    [1.0, 0.6]
    """
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    rows_a = np.asarray(rows_a, dtype=np.int64)
    rows_b = np.asarray(rows_b, dtype=np.int64)
    if rows_a.shape != rows_b.shape:
        raise ValueError(f"{rows_a.size} rows of a for {rows_b.size} rows of b")
    result = np.zeros(rows_a.size, dtype=np.float64)
    for at in range(0, rows_a.size, chunk_size):
        left = a[rows_a[at:at + chunk_size]]
        right = b[rows_b[at:at + chunk_size]]
        result[at:at + chunk_size] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return result
