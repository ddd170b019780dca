"""The parts of a need x provider score, computed for many pairs at once.

Every function takes positions ``ni`` (needs) and ``pj`` (providers) that broadcast against each
other: two 1-D arrays of the same length score a list of pairs; shapes ``(b, 1)`` and ``(1, p)``
score a block of ``b`` needs against ``p`` providers. No Python loop runs over candidates.

Each part is in 0..1; NaN marks a part that does not apply (the budget of an expert, the text of
a provider without a portfolio) and is left out of that pair's weighted average.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from matching.scoring_tables import PLACE_GRADES, NeedTable, ProviderTable
from matching.types import EXPERT_WEIGHTS, PART_NAMES, PENALTY_PART, POSITIVE_PARTS

__all__ = [
    "TEXT_FULL_MATCH",
    "pair_parts",
    "eligible_pairs",
    "combine",
    "resolve_weights",
]

#: Cosine similarity of need and portfolio texts that counts as a full text match.
TEXT_FULL_MATCH = 0.5
#: Thematic focus of a provider that declares none (it may fund anything).
_NO_FOCUS = 0.25
#: Geographic fit of a provider that declares no place (it works anywhere).
_ANYWHERE = 0.4


def _place_grade(matrix: np.ndarray, needs: NeedTable, ni, pj) -> np.ndarray:
    """Best graded match of the need's country and areas against a provider x place matrix."""
    best = None
    for slot, grade in enumerate(PLACE_GRADES):
        hit = matrix[pj, needs.places[ni, slot]] * grade
        best = hit if best is None else np.maximum(best, hit)
    return best


def _local_record(needs: NeedTable, providers: ProviderTable, ni, pj) -> np.ndarray:
    """Graded: has the provider funded the need's component in its country or areas?"""
    width = providers.focus_components.shape[1]
    component = needs.component[ni]
    best = None
    for slot, grade in enumerate(PLACE_GRADES):
        hit = providers.funded_pairs[pj, needs.places[ni, slot] * width + component] * grade
        best = hit if best is None else np.maximum(best, hit)
    return best


def _focus_fit(needs: NeedTable, providers: ProviderTable, ni, pj) -> np.ndarray:
    component = needs.component[ni]
    declared = providers.focus_components[pj, component]
    breadth = np.maximum(providers.focus_count[pj], 1)
    specificity = 0.8 + 0.2 * np.minimum(1.0, 3.0 / breadth)
    fit = np.where(providers.focus_count[pj] == 0, _NO_FOCUS, declared * specificity)
    return np.maximum(fit, providers.offer_level[pj, component])


def _thematic(needs, providers, ni, pj, focus) -> np.ndarray:
    times = providers.funded_components[pj, needs.component[ni]]
    experience = (1.0 - 0.5**times) * (0.7 + 0.3 * _local_record(needs, providers, ni, pj))
    record = providers.has_record[pj]
    funding = np.where(record, 0.5 * focus + 0.5 * experience, 0.6 * focus)
    in_kind = np.maximum(focus, 0.5 * focus + 0.5 * experience)
    return np.where(providers.in_kind[pj], in_kind, funding)


def _geography(needs, providers, ni, pj) -> np.ndarray:
    declared = _place_grade(providers.focus_places, needs, ni, pj)
    declared = np.where(providers.has_place_focus[pj], declared, _ANYWHERE)
    home = _place_grade(providers.home_places, needs, ni, pj)
    declared = np.where(providers.in_kind[pj], np.maximum(declared, home), declared)
    presence = _place_grade(providers.funded_places, needs, ni, pj)
    record = providers.has_record[pj]
    funding = np.where(record, 0.5 * declared + 0.5 * presence, 0.6 * declared)
    in_kind = np.maximum(declared, 0.5 * declared + 0.5 * presence)
    return np.where(providers.in_kind[pj], in_kind, funding)


def _any_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.any((a & b) != 0, axis=-1)


def _eligibility(needs, providers, ni, pj) -> np.ndarray:
    need_groups = needs.groups[ni]
    served = providers.serves[pj]
    common = _any_common(need_groups, served)
    states_groups = np.any(served != 0, axis=-1)
    in_a_group = np.any(need_groups != 0, axis=-1)
    return np.where(common, 1.0, np.where(states_groups, 0.4, 0.6 + 0.2 * in_a_group))


def _budget(needs, providers, ni, pj) -> np.ndarray:
    budget = providers.budget[pj]
    cost = needs.cost[ni]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(cost > 0, budget / cost, 1.0)
    fit = np.where(np.isnan(budget) | np.isnan(cost), 0.5, np.minimum(1.0, ratio))
    fit = np.where(budget <= 0, 0.0, fit)
    return np.where(providers.in_kind[pj], np.nan, fit)


def _language(needs, providers, ni, pj) -> np.ndarray:
    common = _any_common(needs.languages[ni], providers.languages[pj])
    known = needs.has_languages[ni] & providers.has_languages[pj]
    return np.where(known, common.astype(float), 0.5)


def _text(needs, providers, ni, pj, cosine) -> np.ndarray:
    value = np.minimum(1.0, np.maximum(cosine, 0.0) / TEXT_FULL_MATCH)
    applies = needs.has_text[ni] & providers.has_portfolio[pj]
    return np.where(applies, value, np.nan)


def eligible_pairs(needs: NeedTable, providers: ProviderTable, ni, pj, focus=None) -> np.ndarray:
    """Which pairs may be suggested at all.

    Not: needs that are met or withdrawn; funders with no budget left; a country offering
    South-South support to itself; national sources outside their own country; experts and
    countries that do not offer the need's component.
    """
    if focus is None:
        focus = _focus_fit(needs, providers, ni, pj)
    nowhere = providers.funded_places.shape[1] - 1
    home = providers.home[pj]
    country = needs.places[ni, 0]
    exhausted = ~providers.in_kind[pj] & (providers.budget[pj] <= 0)
    own_country = providers.country_kind[pj] & (home == country)
    foreign_national = providers.national[pj] & (home != nowhere) & (home != country)
    no_expertise = providers.in_kind[pj] & ~providers.focus_components[pj, needs.component[ni]]
    return needs.suggestable[ni] & ~(exhausted | own_country | foreign_national | no_expertise)


def pair_parts(
    needs: NeedTable, providers: ProviderTable, ni, pj, cosine
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The parts of every pair (dict name -> array) and which pairs are eligible.

    ``cosine`` is the text cosine similarity of each pair, shaped like the pairs.
    """
    focus = _focus_fit(needs, providers, ni, pj)
    shape = np.broadcast_shapes(np.shape(ni), np.shape(pj))
    parts = {
        "thematic": _thematic(needs, providers, ni, pj, focus),
        "geography": _geography(needs, providers, ni, pj),
        "eligibility": _eligibility(needs, providers, ni, pj),
        "budget": _budget(needs, providers, ni, pj),
        "language": _language(needs, providers, ni, pj),
        "text": _text(needs, providers, ni, pj, cosine),
        PENALTY_PART: needs.covered[ni],
    }
    parts = {name: np.broadcast_to(value, shape).astype(float) for name, value in parts.items()}
    eligible = np.broadcast_to(eligible_pairs(needs, providers, ni, pj, focus), shape)
    return parts, eligible


def resolve_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The expert weights overridden by ``weights``; checked: known names, not negative."""
    merged = dict(EXPERT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in merged:
            raise ValueError(f"unknown score part {name!r}; parts are {', '.join(PART_NAMES)}")
        value = float(value)
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"weight of {name!r} must be a non-negative number, got {value!r}")
        merged[name] = value
    if sum(merged[name] for name in POSITIVE_PARTS) <= 0:
        raise ValueError("at least one positive part needs a weight above zero")
    return merged


def combine(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """Score = weighted mean of the applicable positive parts - duplication weight x covered share.

    Clipped to 0..1. Parts that are NaN (not applicable) drop out of the mean.
    """
    numerator = 0.0
    denominator = 0.0
    for name in POSITIVE_PARTS:
        value = parts[name]
        applies = ~np.isnan(value)
        numerator = numerator + weights[name] * np.where(applies, value, 0.0)
        denominator = denominator + weights[name] * applies
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(denominator > 0, numerator / denominator, 0.0)
    return np.clip(mean - weights[PENALTY_PART] * parts[PENALTY_PART], 0.0, 1.0)
