"""Learning part weights from accepted and declined suggestions."""
from __future__ import annotations

import numpy as np
import pytest

from matching.learning import DecisionModel
from matching.types import EXPERT_WEIGHTS, PART_NAMES


def decisions(count, seed=0, deciding="text"):
    """Synthetic decisions: every part random, acceptance driven by one part (plus noise)."""
    rng = np.random.default_rng(seed)
    parts = rng.random((count, len(PART_NAMES)))
    parts[:, PART_NAMES.index("budget")][::5] = np.nan  # experts: budget does not apply
    column = parts[:, PART_NAMES.index(deciding)]
    if deciding == "duplication":
        accepted = column + 0.15 * rng.standard_normal(count) < 0.5
    else:
        accepted = column + 0.15 * rng.standard_normal(count) > 0.5
    return parts, accepted


def test_decisions_that_favour_text_shift_the_weights_towards_text():
    parts, accepted = decisions(200)
    model = DecisionModel(min_decisions=30).fit(parts, accepted)
    assert model.fitted_
    assert model.weights_["text"] > EXPERT_WEIGHTS["text"]
    assert model.weights_["text"] == max(model.weights_[p] for p in PART_NAMES[:-1])
    assert model.auc_ > 0.8
    assert "ROC AUC" in model.note_ and "50 held-out" in model.note_
    assert all(w >= 0 for w in model.weights_.values())
    positive = sum(v for k, v in model.weights_.items() if k != "duplication")
    assert positive == pytest.approx(1.0)


def test_declines_of_covered_needs_teach_a_duplication_penalty():
    parts, accepted = decisions(300, seed=4, deciding="duplication")
    model = DecisionModel().fit(parts, accepted)
    assert model.fitted_
    assert model.weights_["duplication"] > 0.5
    assert model.auc_ > 0.8


def test_below_the_minimum_the_expert_weights_stay_and_say_so():
    parts, accepted = decisions(29)
    model = DecisionModel(min_decisions=30).fit(parts, accepted)
    assert not model.fitted_
    assert model.weights_ == dict(EXPERT_WEIGHTS)
    assert model.auc_ is None
    assert model.note_ == "29 decisions, fewer than the 30 needed to learn: expert weights"
    assert model.describe()["learned"] is False


def test_one_kind_of_decision_only_cannot_be_learned_from():
    parts, _ = decisions(60)
    model = DecisionModel().fit(parts, np.zeros(60, dtype=bool))
    assert not model.fitted_
    assert "only 0 accepted" in model.note_


def test_no_decisions_at_all():
    model = DecisionModel().fit(np.zeros((0, len(PART_NAMES))), [])
    assert not model.fitted_ and model.n_decisions_ == 0


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError, match="3 rows of parts for 2 decisions"):
        DecisionModel().fit(np.zeros((3, len(PART_NAMES))), [True, False])


def test_parameters_are_only_stored_in_init():
    model = DecisionModel(min_decisions=5, C=0.5)
    assert (model.min_decisions, model.C) == (5, 0.5)
    assert not hasattr(model, "weights_")
