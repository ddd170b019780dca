"""Tokenising many texts at once, and the hashed n-gram counts built from the tokens."""
import re

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from matching.ngram_counts import char_ngram_counts, vocabulary_ngrams, word_ngram_counts
from matching.ngrams import normalise_text, tokenise

TRICKY = [
    "Détection des OGM au Kenya",
    "DETECTION des ogm au kenya",
    "de\u0301tection decomposed accents",
    "ﬁnance ﬂows (ligatures)",
    "ΟΔΟΣ ΣΟΦΙΑΣ final sigma",
    "İstanbul straße ẞ",
    "한국어 텍스트",
    "a\x1fb separator inside",
    "",
    "   ...  !!",
]


def words_of(tokens, text_row):
    """The normalised words of one distinct text, spelled back from the vocabulary."""
    spelled = "".join(map(chr, tokens.spelled.tolist())).split(" ")[1:-1]
    return [spelled[w] for w in tokens.word[tokens.doc == text_row].tolist()]


def test_words_are_the_words_of_the_normalised_text():
    tokens = tokenise(TRICKY)
    for number, text in enumerate(TRICKY):
        expected = re.findall(r"\w+", normalise_text(text.replace("\x1f", " ")))
        assert words_of(tokens, tokens.rows[number]) == expected, text


def test_each_distinct_text_is_read_once_and_counted_as_often_as_given():
    tokens = tokenise(["kenya", "peru", "kenya", None, "", "kenya"])
    assert tokens.n_texts == 3
    assert tokens.rows.tolist() == [0, 1, 0, 2, 2, 0]
    assert tokens.weights.tolist() == [3.0, 1.0, 2.0]
    assert tokens.word_counts.shape == (3, 2)


def test_case_and_accents_make_one_word_and_lookup_finds_it():
    tokens = tokenise(["Détection", "DETECTION detection", "awareness"])
    assert tokens.vocabulary.size == 2
    found = tokens.lookup(["détection", "awareness", "missing", "two words", ""])
    assert found[0] == tokens.word[0] and found[1] >= 0
    assert found[2:].tolist() == [-1, -1, -1]
    assert tokens.word_counts.toarray().tolist()[1] == [
        2.0 if w == found[0] else 0.0 for w in range(2)]


def test_offsets_say_where_each_word_starts():
    tokens = tokenise(["the cat, the hat"])
    assert tokens.offset.tolist() == [0, 4, 9, 13]


def test_word_counts_agree_with_scikit_learn():
    texts = ["biosafety in kenya and kenya again", "peru biosafety", "x y z"]
    ours = word_ngram_counts(tokenise(texts), 1, 2, 2**18).toarray()
    theirs = CountVectorizer(ngram_range=(1, 2)).fit_transform(texts).toarray()
    assert sorted(ours.sum(axis=1).tolist()) == sorted(theirs.sum(axis=1).tolist())
    assert (ours > 0).sum() == (theirs > 0).sum()


def test_character_counts_are_those_of_padded_words():
    counts = char_ngram_counts(tokenise(["detection", "detections", "lmo"]), 4, 4, 2**12)
    # " detection " has 8 windows of 4, " detections " 9, " lmo " 2
    assert counts.sum(axis=1).ravel().tolist() == [[8.0, 9.0, 2.0]]
    shared = counts[0].multiply(counts[1]).nnz
    assert shared == 7  # all but "ion " of "detection"


def test_vocabulary_ngrams_put_words_and_character_ngrams_side_by_side():
    tokens = tokenise(["kenya lmo", "a kenya"])
    per_word = vocabulary_ngrams(tokens, (1, 1), (4, 4), 2**12)
    assert per_word.shape == (tokens.vocabulary.size, 2 * 2**12)
    one_letter = tokens.lookup(["a"])[0]
    row = per_word[one_letter]
    assert (row.indices >= 2**12).all()  # a one-letter word has no word bucket
    both = (tokens.word_counts @ per_word).toarray()
    words = word_ngram_counts(tokens, 1, 1, 2**12).toarray()
    chars = char_ngram_counts(tokens, 4, 4, 2**12).toarray()
    assert both == pytest.approx(np.hstack([words, chars]))
