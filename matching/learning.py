"""Learning the weights of the score parts from accepted and declined suggestions.

A logistic regression on the parts of decided pairs says which parts predict acceptance. Its
coefficients, kept non-negative (a part can only help, the duplication penalty can only hurt)
and normalised like the expert weights, replace those weights once enough decisions exist.
Below ``min_decisions``, or when the decisions cannot be learned from (one class only, or
nothing positive learned), the model keeps the expert weights and says why in ``note_``.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from matching.types import EXPERT_WEIGHTS, PART_NAMES, PENALTY_PART

__all__ = ["DecisionModel"]

#: Value given to a part that does not apply (NaN) when learning: neither good nor bad.
_NEUTRAL = 0.5
#: The learned duplication weight is capped so one penalty cannot outweigh all parts twice.
_MAX_PENALTY = 1.0


def _features(parts: np.ndarray) -> np.ndarray:
    """Parts as features: NaN -> neutral, the penalty negated so that every coefficient the
    model may use is non-negative."""
    x = np.where(np.isnan(parts), _NEUTRAL, parts).astype(float)
    x[:, PART_NAMES.index(PENALTY_PART)] *= -1.0
    return x


class DecisionModel:
    """Re-weights the score parts from decisions (scikit-learn estimator style).

    Parameters
    ----------
    min_decisions : int
        Fewer decisions than this keep the expert weights.
    C : float
        Inverse regularisation strength of the logistic regression.
    test_size : float
        Share of decisions held out (stratified) to measure ROC AUC.
    random_state : int
        Seed of the held-out split.

    Attributes
    ----------
    fitted_ : bool
        Whether the weights were learned (False: expert weights).
    weights_ : dict[str, float]
        Weights to score with, in the shape of ``EXPERT_WEIGHTS``.
    auc_ : float or None
        ROC AUC on the held-out decisions (None when not learned).
    coef_ : numpy.ndarray
        Learned coefficients in ``PART_NAMES`` order (the penalty's as a positive number);
        zeros when not learned.
    n_decisions_ : int
        How many decisions the model saw.
    note_ : str
        In words: where the weights come from.
    """

    def __init__(self, min_decisions: int = 30, C: float = 1.0, test_size: float = 0.25,
                 random_state: int = 0):
        self.min_decisions = min_decisions
        self.C = C
        self.test_size = test_size
        self.random_state = random_state

    def _nonnegative_fit(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Coefficients of a logistic regression restricted to non-negative values: drop the
        most negative feature and refit until none is negative."""
        active = list(range(x.shape[1]))
        coef = np.zeros(x.shape[1])
        while active:
            model = LogisticRegression(C=self.C, max_iter=1000).fit(x[:, active], y)
            found = model.coef_[0]
            if (found >= 0).all():
                coef[active] = found
                break
            del active[int(np.argmin(found))]
        return coef

    def _keep_expert(self, note: str) -> DecisionModel:
        self.fitted_ = False
        self.weights_ = dict(EXPERT_WEIGHTS)
        self.auc_ = None
        self.coef_ = np.zeros(len(PART_NAMES))
        self.note_ = f"{note}: expert weights"
        return self

    def fit(self, parts, accepted) -> DecisionModel:
        """Learn weights from a parts matrix (rows = decided pairs, columns in ``PART_NAMES``
        order, NaN = not applicable) and whether each pair was accepted."""
        x = np.asarray(parts, dtype=float).reshape(-1, len(PART_NAMES))
        y = np.asarray(accepted, dtype=bool).ravel()
        if x.shape[0] != y.size:
            raise ValueError(f"{x.shape[0]} rows of parts for {y.size} decisions")
        self.n_decisions_ = int(y.size)
        if y.size < self.min_decisions:
            return self._keep_expert(
                f"{y.size} decisions, fewer than the {self.min_decisions} needed to learn")
        smaller_class = int(min(y.sum(), (~y).sum()))
        if smaller_class < 2:
            return self._keep_expert(
                f"{y.size} decisions but only {smaller_class} "
                f"{'declined' if y.sum() > (~y).sum() else 'accepted'}")
        features = _features(x)
        train_x, test_x, train_y, test_y = train_test_split(
            features, y, test_size=self.test_size, stratify=y, random_state=self.random_state)
        if np.unique(train_y).size < 2 or np.unique(test_y).size < 2:
            return self._keep_expert(
                f"{y.size} decisions, too few of one kind to hold some out for testing")
        held_out = self._nonnegative_fit(train_x, train_y)
        auc = float(roc_auc_score(test_y, test_x @ held_out))
        coef = self._nonnegative_fit(features, y)
        penalty = PART_NAMES.index(PENALTY_PART)
        positive_total = coef.sum() - coef[penalty]
        if positive_total <= 0:
            return self._keep_expert(f"{y.size} decisions show no part that predicts acceptance")
        weights = {name: float(coef[k] / positive_total) for k, name in enumerate(PART_NAMES)}
        weights[PENALTY_PART] = min(weights[PENALTY_PART], _MAX_PENALTY)
        self.fitted_ = True
        self.weights_ = weights
        self.auc_ = auc
        self.coef_ = coef
        self.note_ = (f"weights learned from {y.size} decisions; ROC AUC {auc:.2f} on "
                      f"{test_y.size} held-out decisions")
        return self

    def describe(self) -> Mapping[str, object]:
        """Where the weights come from, JSON-ready."""
        return {
            "learned": self.fitted_,
            "decisions": self.n_decisions_,
            "auc": None if self.auc_ is None else round(self.auc_, 4),
            "note": self.note_,
            "weights": {k: round(v, 4) for k, v in self.weights_.items()},
        }
