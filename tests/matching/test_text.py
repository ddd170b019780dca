"""Text similarity: TF-IDF over words and character n-grams, top-k neighbours, row cosines."""
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.ngrams import tokenise
from matching.text import NgramTfidf, TextVectorizer, normalise_text, row_cosine, top_k_neighbours

PROJECTS = [
    "Strengthening LMO detection laboratories in Kenya: training of inspectors and equipment",
    "Renforcement des laboratoires de détection des OGM au Kenya : formation des inspecteurs "
    "et équipement",
    "Fortalecimiento de los laboratorios de detección de OVM en Kenia: formación de inspectores "
    "y equipos",
    "Public awareness campaign on biosafety for decision makers in Peru",
    "National biosafety framework: drafting of regulations in Viet Nam",
]


def cosine_matrix(vectors):
    return (vectors @ vectors.T).toarray()


def test_accents_and_case_are_folded():
    assert normalise_text("Détection ÉQUIPEMENT Biosécurité") == "detection equipement biosecurite"
    vectors = TextVectorizer().fit_transform(["détection", "DETECTION", "awareness"])
    similarity = cosine_matrix(vectors)
    assert similarity[0, 1] == pytest.approx(1.0, abs=1e-5)
    assert similarity[0, 2] == pytest.approx(0.0, abs=1e-6)


def test_translations_of_one_project_are_closer_than_other_projects():
    similarity = cosine_matrix(TextVectorizer().fit_transform(PROJECTS))
    for translation in (1, 2):
        assert similarity[0, translation] > 0.1
        assert similarity[0, translation] > 1.5 * max(similarity[0, 3], similarity[0, 4])
        assert similarity[translation, 0] > max(similarity[translation, 3],
                                                similarity[translation, 4])


def test_rows_are_unit_length_and_empty_text_gives_an_empty_row():
    vectors = TextVectorizer().fit_transform(PROJECTS + ["", "   ...  "])
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    assert norms[: len(PROJECTS)] == pytest.approx(np.ones(len(PROJECTS)), abs=1e-5)
    assert norms[len(PROJECTS):].tolist() == [0.0, 0.0]


def test_word_half_agrees_with_scikit_learn():
    ours = NgramTfidf("word", (1, 2)).fit_transform(PROJECTS)
    theirs = TfidfVectorizer(ngram_range=(1, 2), strip_accents="unicode",
                             sublinear_tf=True).fit_transform(PROJECTS)
    assert cosine_matrix(ours) == pytest.approx(cosine_matrix(theirs), abs=1e-4)


def test_character_half_agrees_with_scikit_learn():
    ours = NgramTfidf("char_wb", (3, 5)).fit_transform(PROJECTS)
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode",
                             sublinear_tf=True).fit_transform(PROJECTS)
    assert cosine_matrix(ours) == pytest.approx(cosine_matrix(theirs), abs=0.02)


def test_transform_uses_what_fit_learned():
    vectorizer = TextVectorizer().fit(PROJECTS)
    assert hasattr(vectorizer, "word_vectorizer_") and hasattr(vectorizer, "char_vectorizer_")
    again = vectorizer.transform(PROJECTS)
    assert (again != TextVectorizer().fit_transform(PROJECTS)).nnz == 0
    unseen = vectorizer.transform(["Detection of LMOs in Kenya"])
    assert (unseen @ again.T).toarray().argmax() in (0, 1, 2)


def test_transform_before_fit_is_refused():
    with pytest.raises(ValueError, match="not fitted"):
        TextVectorizer().transform(["text"])


def test_min_df_and_max_features_drop_features():
    texts = ["biosafety kenya", "biosafety peru", "biosafety chile"]
    rare_dropped = NgramTfidf("word", (1, 1), min_df=2).fit(texts)
    assert np.count_nonzero(rare_dropped.idf_) == 1
    capped = NgramTfidf("word", (1, 1), max_features=2).fit(texts)
    assert np.count_nonzero(capped.idf_) == 2
    common_dropped = NgramTfidf("word", (1, 1), max_df=0.5).fit(texts)
    assert np.count_nonzero(common_dropped.idf_) == 3


def test_top_k_self_join_gives_each_pair_once_without_the_diagonal():
    vectors = TextVectorizer().fit_transform(PROJECTS)
    rows, cols, scores = top_k_neighbours(vectors, k=5, threshold=0.1)
    assert (rows < cols).all()
    pairs = set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert {(0, 1), (0, 2)} <= pairs
    dense = cosine_matrix(vectors)
    assert scores == pytest.approx(dense[rows, cols], abs=1e-5)
    assert (scores >= 0.1).all()


def test_top_k_keeps_the_k_best_per_row_and_chunks_do_not_change_the_answer():
    rng = np.random.default_rng(3)
    a = sp.random(40, 30, density=0.3, random_state=rng, format="csr")
    b = sp.random(25, 30, density=0.3, random_state=rng, format="csr")
    whole = top_k_neighbours(a, b, k=3, threshold=0.05, chunk_size=1000)
    chunked = top_k_neighbours(a, b, k=3, threshold=0.05, chunk_size=7)
    for left, right in zip(whole, chunked, strict=True):
        assert left.tolist() == pytest.approx(right.tolist())
    rows, cols, scores = whole
    assert np.bincount(rows).max() <= 3
    dense = (a @ b.T).toarray()
    for row in np.unique(rows):
        best = np.sort(dense[row][dense[row] >= 0.05])[::-1][:3]
        assert np.sort(scores[rows == row])[::-1] == pytest.approx(best)


def test_row_cosine_matches_the_dense_product():
    vectors = TextVectorizer().fit_transform(PROJECTS)
    rows_a, rows_b = np.array([0, 0, 3, 4]), np.array([1, 3, 3, 2])
    expected = cosine_matrix(vectors)[rows_a, rows_b]
    assert row_cosine(vectors, vectors, rows_a, rows_b, chunk_size=3) == pytest.approx(
        expected, abs=1e-5)
    with pytest.raises(ValueError):
        row_cosine(vectors, vectors, [0, 1], [0])


def test_repeated_texts_count_in_the_idf_as_in_scikit_learn():
    texts = ["kenya biosafety", "kenya biosafety", "peru", "kenya"]
    ours = NgramTfidf("word", (1, 1)).fit_transform(texts)
    theirs = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    assert cosine_matrix(ours) == pytest.approx(cosine_matrix(theirs), abs=1e-5)
    assert (ours[0] != ours[1]).nnz == 0


def test_tokens_and_distinct_rows_give_the_same_vectors_as_texts():
    texts = PROJECTS + PROJECTS[:2]
    vectorizer = TextVectorizer(max_df=0.5)
    from_texts = vectorizer.fit_transform(texts)
    tokens = tokenise(texts)
    assert (TextVectorizer(max_df=0.5).fit_transform(tokens) != from_texts).nnz == 0
    distinct = vectorizer.transform(tokens, distinct=True)
    assert distinct.shape[0] == len(PROJECTS)
    assert (distinct[tokens.rows] != from_texts).nnz == 0


@pytest.mark.parametrize("max_df", [0.3, 2, 1.0])
def test_common_ngrams_left_out_early_give_the_same_vectors(max_df):
    texts = PROJECTS * 3 + ["Detection of LMOs", "Biosafety framework drafting"]
    word_weight = 0.4
    vectors = TextVectorizer(word_weight=word_weight, max_df=max_df).fit_transform(texts)
    words = NgramTfidf("word", (1, 2), max_df=max_df).fit_transform(texts)
    chars = NgramTfidf("char_wb", (3, 5), max_df=max_df).fit_transform(texts)
    both = (np.diff(words.indptr) > 0) & (np.diff(chars.indptr) > 0)
    expected = sp.hstack([words * np.sqrt(word_weight), chars * np.sqrt(1 - word_weight)])
    assert abs(vectors[both] - expected.tocsr()[both]).max() < 1e-6
    assert vectors.has_sorted_indices
