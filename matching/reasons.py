"""Reasons in words for one need x provider score ("why this match").

Only the suggestions a person will read get reasons, so this module works on single items.
"""
from __future__ import annotations

from collections.abc import Mapping

from matching.types import IN_KIND_KINDS, Labels, NeedItem, ProviderItem

__all__ = ["format_usd", "format_share", "match_reasons"]


def format_usd(amount: float) -> str:
    """``"USD 2.0 M"``, ``"USD 350 k"``, ``"USD 1.2 bn"``, ``"USD 900"``.

    >>> format_usd(2_000_000), format_usd(350_000), format_usd(900)
    ('USD 2.0 M', 'USD 350 k', 'USD 900')
    """
    if amount >= 1e9:
        return f"USD {amount / 1e9:.1f} bn"
    if amount >= 1e6:
        return f"USD {amount / 1e6:.1f} M"
    if amount >= 1e3:
        return f"USD {amount / 1e3:.0f} k"
    return f"USD {amount:.0f}"


def format_share(share: float) -> str:
    """A share 0..1 as ``"80 %"`` (``"< 1 %"`` for a small share that is not zero)."""
    if 0 < share < 0.005:
        return "< 1 %"
    return f"{round(100 * share):.0f} %"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _thematic(need: NeedItem, provider: ProviderItem, labels: Labels) -> tuple[list[str], bool]:
    """Reasons about the component, and whether they already named a place it funded."""
    component = labels.component(need.component)
    times = provider.funded_components.get(need.component, 0)
    for place in (need.country, *need.areas):
        if (place, need.component) in provider.funded_pairs:
            in_all = f" ({times} initiatives on it in all)" if times > 1 else ""
            return [f"funds {component} in {labels.place(place)}{in_all}"], True
    reasons: list[str] = []
    offers = [o for o in provider.offers if o.can_offer and o.component == need.component]
    if offers:
        reasons.append(f"offers {component} for South–South cooperation "
                       f"({offers[0].level} capacity)")
    elif provider.kind == "expert" and need.component in provider.focus_components:
        reasons.append(f"expert in {component}")
    elif need.component in provider.focus_components:
        breadth = len(provider.focus_components)
        among = f" (one of {breadth} components)" if breadth > 3 else ""
        reasons.append(f"mandate covers {component}{among}")
    elif not provider.focus_components:
        reasons.append("no declared thematic focus")
    else:
        reasons.append(f"{component} is not in its declared focus")
    if times:
        reasons.append(f"has funded {component} elsewhere ({_plural(times, 'initiative')})")
    return reasons, False


def _geography(
    need: NeedItem, provider: ProviderItem, labels: Labels, place_named: bool
) -> list[str]:
    reasons: list[str] = []
    places = (need.country, *need.areas)
    declared = [p for p in places if p in provider.focus_countries or p in provider.focus_regions]
    if declared:
        reasons.append(f"mandate covers {labels.place(declared[0])}")
    elif provider.kind in IN_KIND_KINDS and provider.country:
        home = labels.place(provider.country)
        shared = [a for a in need.areas if a in provider.home_areas]
        if provider.country == need.country:
            reasons.append(f"based in {home}")
        elif shared:
            reasons.append(f"based in {home}, in the same region ({labels.place(shared[0])})")
        else:
            reasons.append(f"based in {home}, outside the need's region")
    elif not (provider.focus_countries or provider.focus_regions):
        reasons.append("no geographic restriction")
    else:
        reasons.append(f"{labels.place(need.country)} is outside its declared countries "
                       "and regions")
    if not place_named:
        active = [p for p in places if p in provider.funded_places]
        if active:
            reasons.append(f"already active in {labels.place(active[0])}")
    return reasons


def _eligibility(need: NeedItem, provider: ProviderItem, labels: Labels) -> list[str]:
    common = sorted(need.groups & provider.serves_groups)
    if common:
        return ["gives priority to " + ", ".join(labels.group(g) for g in common)]
    country = labels.place(need.country)
    if provider.serves_groups:
        served = ", ".join(labels.group(g) for g in sorted(provider.serves_groups))
        return [f"its priority groups ({served}) do not include {country}"]
    if need.groups:
        return [f"{country} is in: " + ", ".join(labels.group(g) for g in sorted(need.groups))]
    return []


def _budget(need: NeedItem, provider: ProviderItem) -> list[str]:
    if provider.kind in IN_KIND_KINDS:
        return [f"support in kind ({provider.kind}): budget not applicable"]
    budget, cost = provider.budget_usd, need.cost_usd
    if budget is not None and budget <= 0:
        return ["no budget left"]
    if budget is None:
        return ["remaining budget not known"]
    if cost is None:
        return [f"budget {format_usd(budget)}; the need's cost is not estimated"]
    if budget >= cost:
        return [f"budget {format_usd(budget)} covers the estimated {format_usd(cost)}"]
    return [f"budget {format_usd(budget)} covers {format_share(budget / cost)} of the "
            f"estimated {format_usd(cost)}"]


def _language(need: NeedItem, provider: ProviderItem, labels: Labels) -> list[str]:
    if not (need.languages and provider.languages):
        return []
    common = [lang for lang in need.languages if lang in provider.languages]
    if common:
        return ["works in " + ", ".join(labels.language(lang) for lang in common)]
    wanted = ", ".join(labels.language(lang) for lang in need.languages)
    return [f"no common language ({labels.place(need.country)} works in {wanted})"]


def _duplication(need: NeedItem) -> list[str]:
    if need.covered_share >= 0.995:
        return [f"already fully covered by {_plural(need.covered_by, 'initiative')}: penalised"]
    if need.covered_share > 0:
        return [f"already {format_share(need.covered_share)} covered by "
                f"{_plural(need.covered_by, 'initiative')}: penalised"]
    if need.covered_by == 0:
        return ["no other initiative covers it yet"]
    return []


def match_reasons(
    need: NeedItem,
    provider: ProviderItem,
    parts: Mapping[str, float],
    labels: Labels | None = None,
) -> tuple[str, ...]:
    """Why ``provider`` fits ``need`` (or does not), one short sentence per point.

    ``parts`` are the pair's part values (from the scorer); ``labels`` name the codes.
    """
    labels = labels or Labels()
    thematic, place_named = _thematic(need, provider, labels)
    reasons = thematic + _geography(need, provider, labels, place_named)
    reasons += _budget(need, provider)
    reasons += _eligibility(need, provider, labels)
    reasons += _language(need, provider, labels)
    text = parts.get("text")
    if text is not None and text >= 0.5:
        reasons.append(f"its portfolio reads close to the need (text similarity {text:.2f})")
    reasons += _duplication(need)
    return tuple(reasons)
