"""Shared text similarity: TF-IDF over words and character n-grams, and sparse top-k neighbours.

Descriptions of capacity-building work come in several languages and are often retyped, so a
word-level model alone misses a French and an English record of the same project. The vectors
here combine word n-grams with character n-grams taken inside word boundaries (the ``char_wb``
analyser of scikit-learn), after lower-casing and folding accents ("détection" and "detection"
share every n-gram). Both halves are TF-IDF weighted (sublinear term frequency, smoothed IDF),
L2-normalised, weighted and joined, and the joined rows are L2-normalised again, so a dot
product of two rows is their cosine similarity.

Texts are split by :mod:`matching.ngrams` and their n-grams counted by
:mod:`matching.ngram_counts` (numpy over the code points of many texts at once, each distinct
text and each distinct word handled once), which is what makes 100,000 descriptions take
seconds rather than minutes; the IDF weights and the feature selection (``min_df``,
``max_df``, ``max_features``) are learned in :meth:`TextVectorizer.fit`. The neighbour
searches (:func:`top_k_neighbours`, :func:`row_cosine`) are in :mod:`matching.neighbours`.
Every method taking texts also takes the :class:`~matching.ngrams.Tokens` of
:func:`~matching.ngrams.tokenise`, for callers that read the words of the texts themselves.

Examples
--------
>>> vectors = TextVectorizer().fit_transform([
...     "Détection des OGM au Kenya", "Detection of LMOs in Kenya", "Public awareness in Peru"])
>>> rows, cols, scores = top_k_neighbours(vectors, k=2, threshold=0.2)
>>> [(int(r), int(c)) for r, c in zip(rows, cols)]
[(0, 1)]
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.neighbours import row_cosine, top_k_neighbours
from matching.ngram_counts import char_ngram_counts, vocabulary_ngrams, word_ngram_counts
from matching.ngrams import Tokens, normalise_text, tokenise

__all__ = [
    "NgramTfidf",
    "TextVectorizer",
    "normalise_text",
    "row_cosine",
    "top_k_neighbours",
    "unit_rows",
]

Texts = Sequence[str] | Tokens


def _tokens(texts: Texts) -> Tokens:
    return texts if isinstance(texts, Tokens) else tokenise(texts)


def _for_every_text(matrix: sp.csr_matrix, tokens: Tokens) -> sp.csr_matrix:
    """Rows of the distinct texts repeated for every text given, in the order given."""
    if tokens.n_texts == tokens.rows.size:
        return matrix
    return matrix[tokens.rows]


#: Stored entries handled per numpy pass when weighing rows (bounds the temporary arrays).
_ENTRIES = 1 << 20


def _row_chunks(indptr: np.ndarray):
    """``(first, last)`` row ranges holding about :data:`_ENTRIES` entries each."""
    bounds = np.unique(np.concatenate((
        [0], np.searchsorted(indptr, np.arange(_ENTRIES, int(indptr[-1]), _ENTRIES)),
        [indptr.size - 1])))
    return zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)


def _weighed(counts: sp.csr_matrix, idf: np.ndarray, scales: np.ndarray, split: int
             ) -> sp.csr_matrix:
    """TF-IDF rows of ``counts`` (which it takes over and overwrites, chunk by chunk).

    Sublinear term frequency times ``idf``; buckets with ``idf`` 0 are left out. Columns
    below ``split`` and from ``split`` on (the word and the character half) are L2-normalised
    separately and multiplied by ``scales[0]`` and ``scales[1]``; a row with only one half
    is left at unit length (unless that half's scale is 0).
    """
    counts.data = counts.data.astype(np.float32, copy=False)
    data, indices, indptr = counts.data, counts.indices, counts.indptr
    any_scale = (scales > 0).astype(np.float64)
    for first, last in _row_chunks(indptr):
        begin, end = indptr[first], indptr[last]
        columns, values = indices[begin:end], data[begin:end]
        np.log(values, out=values)
        values += np.float32(1.0)
        values *= idf[columns]
        group = np.repeat(np.arange(0, 2 * (last - first), 2, dtype=np.int32),
                          np.diff(indptr[first:last + 1])) + (columns >= split)
        norms = np.sqrt(np.bincount(group, weights=np.square(values),
                                    minlength=2 * (last - first))).reshape(-1, 2)
        present = norms > 0
        factor = np.where(present.all(axis=1)[:, None], scales[None, :], any_scale[None, :])
        values *= (factor / np.where(present, norms, 1.0)).astype(np.float32).ravel()[group]
    counts.eliminate_zeros()
    counts.sort_indices()
    return counts


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` (float32 CSR, which it takes over) with every non-empty row of unit L2 norm.

    >>> unit_rows(sp.csr_matrix(np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32))).toarray()
    array([[0.6, 0.8],
           [0. , 0. ]], dtype=float32)
    """
    matrix = matrix.tocsr()
    indptr = matrix.indptr
    for first, last in _row_chunks(indptr):
        begin, end = indptr[first], indptr[last]
        lengths = np.diff(indptr[first:last + 1])
        squares = np.bincount(np.repeat(np.arange(last - first), lengths),
                              weights=np.square(matrix.data[begin:end]), minlength=last - first)
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        matrix.data[begin:end] *= np.repeat((1.0 / norms).astype(np.float32), lengths)
    return matrix


def _document_frequency(counts: sp.csr_matrix, weights: np.ndarray, size: int) -> np.ndarray:
    """How many texts hold each bucket, each distinct text counting ``weights`` times."""
    df = np.zeros(size, dtype=np.float64)
    repeated = weights.size > 0 and weights.max() > 1
    for first, last in _row_chunks(counts.indptr):
        columns = counts.indices[counts.indptr[first]:counts.indptr[last]]
        entry_weights = (np.repeat(weights[first:last], np.diff(counts.indptr[first:last + 1]))
                         if repeated else None)
        df += np.bincount(columns, weights=entry_weights, minlength=size)
    return df


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

    def _check(self) -> None:
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer must be 'word' or 'char_wb', not {self.analyzer!r}")
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high: {low, high}")

    def _counts(self, tokens: Tokens) -> sp.csr_matrix:
        """Raw n-gram counts, one row per distinct text."""
        self._check()
        count = word_ngram_counts if self.analyzer == "word" else char_ngram_counts
        return count(tokens, *self.ngram_range, self.n_features)

    def _limits(self, n: float) -> tuple[float, float]:
        """The fewest and most texts a kept bucket may be found in."""
        min_count = self.min_df if isinstance(self.min_df, int) else self.min_df * n
        max_count = self.max_df if isinstance(self.max_df, int) else self.max_df * n
        return max(min_count, 1), max_count

    def _learn_df(self, df: np.ndarray, n: float, common: np.ndarray | None = None) -> None:
        """Learn from the document frequencies of ``n`` texts; ``common`` buckets are known
        to be in more than ``max_df`` texts (their ``df`` was not counted)."""
        min_count, max_count = self._limits(n)
        kept = (df >= min_count) & (df <= max_count)
        if common is not None:
            kept &= ~common
        if self.max_features is not None and kept.sum() > self.max_features:
            order = np.argsort(-np.where(kept, df, -1), kind="stable")
            kept = np.zeros_like(kept)
            kept[order[: self.max_features]] = True
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self.idf_ = np.where(kept, idf, 0.0).astype(np.float32)
        self.n_texts_ = int(round(n))

    def _learn(self, counts: sp.csr_matrix, weights: np.ndarray) -> None:
        """Learn from the counts of distinct texts, each standing for ``weights`` texts."""
        self._learn_df(_document_frequency(counts, weights, self.n_features),
                       float(weights.sum()))

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF rows of the counts (which it takes over), without the left-out buckets."""
        return _weighed(counts, self.idf_, np.array([1.0, 1.0]), self.n_features)

    def fit(self, texts: Texts) -> NgramTfidf:
        """Learn the IDF weights and kept features from ``texts``; returns ``self``."""
        tokens = _tokens(texts)
        self._learn(self._counts(tokens), tokens.weights)
        return self

    def transform(self, texts: Texts) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts`` (float32 CSR, ``n_features`` columns)."""
        self._check_fitted()
        tokens = _tokens(texts)
        return _for_every_text(self._weigh(self._counts(tokens)), tokens)

    def fit_transform(self, texts: Texts) -> sp.csr_matrix:
        """:meth:`fit` then :meth:`transform`, counting the n-grams once."""
        tokens = _tokens(texts)
        counts = self._counts(tokens)
        self._learn(counts, tokens.weights)
        return _for_every_text(self._weigh(counts), tokens)

    def _check_fitted(self) -> None:
        if not hasattr(self, "idf_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call fit() first")


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
        halves = (NgramTfidf("word", self.word_ngram_range, **common),
                  NgramTfidf("char_wb", self.char_ngram_range, **common))
        for half in halves:
            half._check()
        return halves

    def _counts(self, tokens: Tokens, per_word: sp.csr_matrix, kept: np.ndarray | None
                ) -> sp.csr_matrix:
        """Counts of both halves side by side (word buckets, then character buckets), one row
        per distinct text, leaving out the buckets not ``kept``."""
        if kept is not None:
            keep = kept[per_word.indices]
            per_word = sp.csr_matrix(
                (per_word.data[keep], per_word.indices[keep],
                 np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))[per_word.indptr]),
                shape=per_word.shape)
        counts = (tokens.word_counts @ per_word).tocsr()
        low, high = self.word_ngram_range
        if high >= 2:
            longer = word_ngram_counts(tokens, max(low, 2), high, self.n_features)
            longer = sp.csr_matrix((longer.data, longer.indices, longer.indptr),
                                   shape=counts.shape)
            if kept is not None:
                longer = longer.multiply(kept[None, :]).tocsr()
            counts = (counts + longer).tocsr()
        return counts

    def _surely_common(self, tokens: Tokens, per_word: sp.csr_matrix, n: float
                       ) -> np.ndarray | None:
        """Buckets found in more than ``max_df`` texts for sure, told without counting them:
        every text holding a word holds the buckets the word adds to."""
        _, max_count = self.word_vectorizer_._limits(n)
        if max_count >= n or per_word.nnz == 0:
            return None
        texts_with_word = _document_frequency(tokens.word_counts, tokens.weights,
                                              per_word.shape[0])
        most = np.zeros(per_word.shape[1], dtype=np.float64)
        np.maximum.at(most, per_word.indices,
                      np.repeat(texts_with_word, np.diff(per_word.indptr)))
        return most > max_count

    def _vectors(self, tokens: Tokens, counts: sp.csr_matrix, distinct: bool) -> sp.csr_matrix:
        idf = np.concatenate((self.word_vectorizer_.idf_, self.char_vectorizer_.idf_))
        scales = np.sqrt([self.word_weight, 1.0 - self.word_weight])
        vectors = _weighed(counts, idf, scales, self.n_features)
        return vectors if distinct else _for_every_text(vectors, tokens)

    def _per_word(self, tokens: Tokens) -> sp.csr_matrix:
        return vocabulary_ngrams(tokens, self.word_ngram_range, self.char_ngram_range,
                                 self.n_features)

    def fit(self, texts: Texts) -> TextVectorizer:
        """Learn both halves from ``texts``; returns ``self``."""
        self.fit_transform(texts)
        return self

    def transform(self, texts: Texts, *, distinct: bool = False) -> sp.csr_matrix:
        """One L2-normalised row per text (float32 CSR, sorted indices); a dot product of rows
        is a cosine. With ``distinct``, one row per distinct text of the
        :class:`~matching.ngrams.Tokens` given (see ``Tokens.rows``)."""
        if not hasattr(self, "word_vectorizer_"):
            raise ValueError("this TextVectorizer is not fitted yet: call fit() first")
        tokens = _tokens(texts)
        kept = np.concatenate((self.word_vectorizer_.idf_, self.char_vectorizer_.idf_)) > 0
        return self._vectors(tokens, self._counts(tokens, self._per_word(tokens), kept),
                             distinct)

    def fit_transform(self, texts: Texts, *, distinct: bool = False) -> sp.csr_matrix:
        """:meth:`fit` then :meth:`transform`, reading the texts once.

        Buckets that some word puts in more than ``max_df`` texts are known to be left out
        before the texts' counts are multiplied out, which spares most of the work on the
        commonest character n-grams.
        """
        tokens = _tokens(texts)
        self.word_vectorizer_, self.char_vectorizer_ = self._halves()
        size, n = self.n_features, float(tokens.weights.sum())
        per_word = self._per_word(tokens)
        common = self._surely_common(tokens, per_word, n)
        counts = self._counts(tokens, per_word, None if common is None else ~common)
        df = _document_frequency(counts, tokens.weights, 2 * size)
        for number, half in enumerate((self.word_vectorizer_, self.char_vectorizer_)):
            half._learn_df(df[number * size:(number + 1) * size], n,
                           None if common is None else common[number * size:(number + 1) * size])
        return self._vectors(tokens, counts, distinct)
