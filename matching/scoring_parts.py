"""The parts of a need x provider score, computed for many pairs at once.

Every function takes positions ``ni`` (needs) and ``pj`` (providers) that broadcast against each
other: two 1-D arrays of the same length score a list of pairs; a scalar and an array score one
need against many providers (or the reverse); need positions shaped ``(b, 1)`` with ``pj`` the
slice ``ALL`` score a block of ``b`` needs against every provider of the table. No Python loop
runs over candidates.

Each part is in 0..1; NaN marks a part that does not apply (the budget of an expert, the text of
a provider without a portfolio) and is left out of that pair's weighted average.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from matching.scoring_tables import PLACE_GRADES, NeedTable, ProviderTable
from matching.types import EXPERT_WEIGHTS, PART_NAMES, PENALTY_PART, POSITIVE_PARTS

__all__ = [
    "ALL",
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
#: What a declared focus is worth without a track record to confirm it.
_DECLARED_ONLY = 0.75


#: ``pj`` for "every provider of the table", in block mode.
ALL = slice(None)
#: Grade of the best place hit, by a 4-bit code: bit 3 = the country, bit 0 = the continent.
_GRADE_OF_CODE = np.array([
    max((PLACE_GRADES[slot] for slot in range(4) if code & (8 >> slot)), default=0.0)
    for code in range(16)
])


def _by_need(matrix: np.ndarray, row, pj) -> np.ndarray:
    """``matrix[row, pj]`` for a ``code x provider`` matrix and need-side codes ``row``.

    In block mode (``pj`` is ``ALL``, ``row`` shaped ``(b, 1)``) whole rows are gathered.
    """
    if isinstance(pj, slice):
        return matrix[np.ravel(row)][:, pj]
    return matrix[row, pj]


def _place_grade(matrix: np.ndarray, needs: NeedTable, ni, pj) -> np.ndarray:
    """Best graded match of the need's country and areas against a place x provider matrix."""
    code = None
    for slot in range(len(PLACE_GRADES)):
        hit = _by_need(matrix, needs.places[ni, slot], pj).view(np.uint8) << (3 - slot)
        code = hit if code is None else code | hit
    return _GRADE_OF_CODE[code]


def _local_record(needs: NeedTable, providers: ProviderTable, ni, pj) -> np.ndarray:
    """Graded: has the provider funded the need's component in its country or areas?"""
    width = providers.focus_components.shape[0]
    component = needs.component[ni]
    code = None
    for slot in range(len(PLACE_GRADES)):
        row = needs.places[ni, slot] * width + component
        hit = _by_need(providers.funded_pairs, row, pj).view(np.uint8) << (3 - slot)
        code = hit if code is None else code | hit
    return _GRADE_OF_CODE[code]


def _focus_fit(needs: NeedTable, providers: ProviderTable, ni, pj) -> np.ndarray:
    component = needs.component[ni]
    declared = _by_need(providers.focus_components, component, pj)
    breadth = np.maximum(providers.focus_count[pj], 1)
    specificity = 0.8 + 0.2 * np.minimum(1.0, 3.0 / breadth)
    fit = np.where(providers.focus_count[pj] == 0, _NO_FOCUS, declared * specificity)
    return np.maximum(fit, _by_need(providers.offer_level, component, pj))


def _thematic(needs, providers, ni, pj, focus) -> np.ndarray:
    """Declared focus, raised by a track record in the component (more so nearby)."""
    times = _by_need(providers.funded_components, needs.component[ni], pj)
    experience = (1.0 - 0.4**times) * (0.7 + 0.3 * _local_record(needs, providers, ni, pj))
    return np.maximum(_DECLARED_ONLY * focus, 0.6 * focus + 0.4 * experience)


def _geography(needs, providers, ni, pj) -> np.ndarray:
    """Declared places (for experts and countries also their home), raised by activity there."""
    declared = _place_grade(providers.focus_places, needs, ni, pj)
    declared = np.where(providers.has_place_focus[pj], declared, _ANYWHERE)
    home = _place_grade(providers.home_places, needs, ni, pj)
    declared = np.where(providers.in_kind[pj], np.maximum(declared, home), declared)
    presence = _place_grade(providers.funded_places, needs, ni, pj)
    return np.maximum(_DECLARED_ONLY * declared, 0.6 * declared + 0.4 * presence)


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


def eligible_pairs(needs: NeedTable, providers: ProviderTable, ni, pj) -> np.ndarray:
    """Which pairs may be suggested at all.

    Not: needs that are met or withdrawn; funders with no budget left; a country offering
    South-South support to itself; national sources outside their own country; experts and
    countries that do not offer the need's component.
    """
    nowhere = providers.funded_places.shape[0] - 1
    home = providers.home[pj]
    country = needs.places[ni, 0]
    exhausted = ~providers.in_kind[pj] & (providers.budget[pj] <= 0)
    own_country = providers.country_kind[pj] & (home == country)
    foreign_national = providers.national[pj] & (home != nowhere) & (home != country)
    expertise = _by_need(providers.focus_components, needs.component[ni], pj)
    no_expertise = providers.in_kind[pj] & ~expertise
    return needs.suggestable[ni] & ~(exhausted | own_country | foreign_national | no_expertise)


def pair_parts(
    needs: NeedTable, providers: ProviderTable, ni, pj, cosine
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The parts of every pair (dict name -> array) and which pairs are eligible.

    ``cosine`` is the text cosine similarity of each pair, shaped like the pairs.
    """
    focus = _focus_fit(needs, providers, ni, pj)
    provider_shape = (providers.size,) if isinstance(pj, slice) else np.shape(pj)
    shape = np.broadcast_shapes(np.shape(ni), provider_shape)
    parts = {
        "thematic": _thematic(needs, providers, ni, pj, focus),
        "geography": _geography(needs, providers, ni, pj),
        "eligibility": _eligibility(needs, providers, ni, pj),
        "budget": _budget(needs, providers, ni, pj),
        "language": _language(needs, providers, ni, pj),
        "text": _text(needs, providers, ni, pj, cosine),
        PENALTY_PART: needs.covered[ni],
    }
    parts = {name: np.broadcast_to(np.asarray(value, dtype=float), shape)
             for name, value in parts.items()}
    eligible = np.broadcast_to(eligible_pairs(needs, providers, ni, pj), shape)
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
        if name in _MAY_NOT_APPLY:
            applies = ~np.isnan(value)
            numerator = numerator + weights[name] * np.where(applies, value, 0.0)
            denominator = denominator + weights[name] * applies
        else:
            numerator = numerator + weights[name] * value
            denominator = denominator + weights[name]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(denominator > 0, numerator / denominator, 0.0)
    return np.clip(mean - weights[PENALTY_PART] * parts[PENALTY_PART], 0.0, 1.0)


#: The parts that can be NaN (not applicable); the others always apply.
_MAY_NOT_APPLY = frozenset({"budget", "text"})
