"""Hashed word and character n-gram counts per text, from the :class:`~matching.ngrams.Tokens`.

N-grams are hashed into ``n_features`` buckets (like scikit-learn's ``HashingVectorizer``);
the counts per distinct text are sparse matrices. Character n-grams are taken inside word
boundaries (scikit-learn's ``char_wb``): a word is padded with a space on both sides, and the
n-grams of each distinct word are found once.

>>> from matching.ngrams import tokenise
>>> counts = char_ngram_counts(tokenise(["detection", "detections"]), 4, 4, 2**10)
>>> counts.shape, int(counts[0].sum()), int(counts[1].sum())
((2, 1024), 8, 9)
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.ngrams import HASH_PRIME, SPACE, Tokens, mix_hashes

__all__ = ["char_ngram_counts", "vocabulary_ngrams", "word_ngram_counts"]


def _bucket_counts(rows, hashes, n_rows: int, n_features: int) -> sp.csr_matrix:
    """Count matrix (``n_rows`` x ``n_features``) of hashed n-grams, duplicates summed."""
    columns = (mix_hashes(hashes) % np.uint64(n_features)).astype(np.int32)
    counts = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows, columns)), shape=(n_rows, n_features))
    counts.sum_duplicates()
    return counts


def word_ngram_counts(tokens: Tokens, low: int, high: int, n_features: int) -> sp.csr_matrix:
    """Counts of word n-grams (``low <= n <= high``) per distinct text.

    Words of one character are left out, as in scikit-learn; an n-gram never spans two texts.
    """
    long_words = tokens.lengths >= 2
    if low == high == 1:
        columns = (mix_hashes(tokens.vocabulary ^ np.uint64(1)) % np.uint64(n_features))
        kept = np.flatnonzero(long_words)
        to_bucket = sp.csr_matrix(
            (np.ones(kept.size, dtype=np.float32), (kept, columns[kept].astype(np.int32))),
            shape=(tokens.vocabulary.size, n_features))
        counts = (tokens.word_counts @ to_bucket).tocsr()
        counts.sort_indices()
        return counts
    keep = long_words[tokens.word]
    word_hash, word_doc = tokens.vocabulary[tokens.word[keep]], tokens.doc[keep]
    rows, hashes = [], []
    for n in range(low, high + 1):
        count = word_hash.size - n + 1
        if count <= 0:
            continue
        h = word_hash[:count].copy()
        same_doc = np.ones(count, dtype=bool)
        for k in range(1, n):
            h = mix_hashes(h * HASH_PRIME + word_hash[k:k + count])
            same_doc &= word_doc[k:k + count] == word_doc[:count]
        rows.append(word_doc[:count][same_doc])
        hashes.append(h[same_doc] ^ np.uint64(n))
    if not rows:
        return sp.csr_matrix((tokens.n_texts, n_features), dtype=np.float32)
    return _bucket_counts(np.concatenate(rows), np.concatenate(hashes), tokens.n_texts,
                          n_features)


def _char_ngrams(points: np.ndarray, owner: np.ndarray, low: int, high: int):
    """(owner, hash) of every character n-gram inside word boundaries, ``low <= n <= high``.

    ``points`` holds words separated by single spaces, a space at both ends, and
    ``owner[p]`` is the row the word at ``p`` belongs to.
    """
    space = points == SPACE
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
            h = h[:count] * HASH_PRIME + wide[n - 1:n - 1 + count]
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


def _ngrams_by_word(tokens: Tokens, low: int, high: int, n_features: int) -> sp.csr_matrix:
    """Counts of the ``char_wb`` n-grams of each distinct word (vocabulary x buckets)."""
    size = tokens.vocabulary.size
    owner = np.cumsum(tokens.spelled == SPACE) - 1
    owner[-1] = max(size - 1, 0)
    rows, hashes = _char_ngrams(tokens.spelled, owner, low, high)
    return _bucket_counts(rows, hashes, size, n_features)


def char_ngram_counts(tokens: Tokens, low: int, high: int, n_features: int) -> sp.csr_matrix:
    """Counts of ``char_wb`` n-grams (``low <= n <= high``) per distinct text.

    The n-grams of each distinct word are found once; the counts per text are the product of
    the text-by-word counts and the word-by-n-gram counts.
    """
    if tokens.vocabulary.size == 0:
        return sp.csr_matrix((tokens.n_texts, n_features), dtype=np.float32)
    counts = (tokens.word_counts @ _ngrams_by_word(tokens, low, high, n_features)).tocsr()
    counts.sort_indices()
    return counts


def vocabulary_ngrams(tokens: Tokens, word_range: tuple[int, int], char_range: tuple[int, int],
                      n_features: int) -> sp.csr_matrix:
    """What each distinct word adds to a text's counts: its own bucket among the word
    unigrams (columns ``0..n_features``, words of two letters or more, when ``word_range``
    starts at 1) and its ``char_wb`` n-grams (columns ``n_features..2 * n_features``).

    ``tokens.word_counts @ vocabulary_ngrams(...)`` counts both for every distinct text; word
    n-grams of two words or more are not in it (see :func:`word_ngram_counts`).
    """
    size = tokens.vocabulary.size
    if size == 0:
        return sp.csr_matrix((0, 2 * n_features), dtype=np.float32)
    chars = _ngrams_by_word(tokens, *char_range, n_features)
    chars = sp.csr_matrix((chars.data, chars.indices + n_features, chars.indptr),
                          shape=(size, 2 * n_features))
    if word_range[0] > 1:
        return chars
    long_words = (tokens.lengths >= 2).astype(np.float32)
    buckets = (mix_hashes(tokens.vocabulary ^ np.uint64(1))
               % np.uint64(n_features)).astype(np.int32)
    words = sp.csr_matrix((long_words, buckets, np.arange(size + 1)),
                          shape=(size, 2 * n_features))
    both = (words + chars).tocsr()
    both.eliminate_zeros()
    return both
