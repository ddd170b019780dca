"""Why a meeting is worth holding (its score and reasons) and its agenda, from the data.

The agenda follows decision paragraphs 18-20: follow up the last meeting there, the shared gaps,
the duplications and overlaps among the invitees to resolve, the partnership suggestions to
discuss, South-South offers, lessons learned from completed initiatives, expert presentations.
A confidential need is never named: agenda lines say "a confidential need of <country>".
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .meeting_groups import need_weight
from .meeting_types import (
    AgendaItem,
    MeetingData,
    MeetingRules,
    OpenNeed,
    Overlap,
    PastMeeting,
)

__all__ = ["Stakes", "meeting_stakes", "meeting_score", "meeting_agenda", "usd_text",
           "need_phrase"]

_LESSON_LENGTH = 300


@dataclass(frozen=True)
class Stakes:
    """What a meeting would deal with: its needs, overlaps and waiting partnerships."""

    needs: tuple[OpenNeed, ...]
    overlaps: tuple[Overlap, ...]
    suggestions: tuple[tuple[str, str, float | None], ...]
    recorded_waiting: int
    addressed_here: int


def usd_text(amount: float) -> str:
    """``"USD 3.2 M"``, ``"USD 450 k"``, ``"USD 900"``."""
    if amount >= 1_000_000:
        return f"USD {amount / 1_000_000:.1f} M"
    if amount >= 1_000:
        return f"USD {amount / 1_000:.0f} k"
    return f"USD {amount:.0f}"


def need_phrase(need: OpenNeed, data: MeetingData) -> str:
    """How an agenda names a need; a confidential one only by country and component."""
    country = data.labels.place(need.country)
    if need.confidential or not need.title:
        return f"a confidential need of {country} in {data.labels.component(need.component)}"
    return f"{country}'s need \u201c{need.title}\u201d"


def _overlap_concerns(overlap: Overlap, countries: set[str], providers: set[str],
                      components: set[str]) -> bool:
    if not overlap.countries & countries:
        return False
    return bool(overlap.providers & providers or overlap.components & components)


def meeting_stakes(data: MeetingData, needs: Sequence[OpenNeed], countries: Sequence[str],
                   providers: Sequence[str], components: Sequence[str], rules: MeetingRules,
                   members: Sequence[str] = ()) -> Stakes:
    """The needs, overlaps among the invitees and partnerships waiting for this meeting:
    recorded suggestions and strong matches between invited providers and the needs.
    ``members`` are the countries of the area (or group), whose addressed needs in the
    themes are counted as such."""
    invited, present, themes = set(countries), set(providers), set(components)
    overlaps = tuple(sorted(
        (o for o in data.overlaps if _overlap_concerns(o, invited, present, themes)),
        key=lambda o: (-o.score, o.a, o.b)))
    need_ids = {n.id for n in needs}
    pairs: dict[tuple[str, str], float | None] = {}
    recorded = 0
    for waiting in data.waiting:
        if waiting.need in need_ids and waiting.provider in present:
            pairs[(waiting.need, waiting.provider)] = None
            recorded += 1
    for edge in data.matches:
        pair = (edge.need, edge.provider)
        if edge.need in need_ids and edge.provider in present and \
                edge.score >= rules.strong_match and \
                (pair not in pairs or pairs[pair] is not None):
            pairs[pair] = max(edge.score, pairs.get(pair) or 0.0)
    suggestions = tuple(sorted(((n, p, s) for (n, p), s in pairs.items()),
                               key=lambda t: (-(t[2] if t[2] is not None else 1.0), t[0], t[1])))
    area = invited | set(members)
    addressed = sum(1 for n in data.needs if n.id in data.addressed and n.country in area
                    and n.component in themes)
    return Stakes(tuple(needs), overlaps, suggestions, recorded, addressed)


def meeting_score(stakes: Stakes, rules: MeetingRules
                  ) -> tuple[float, dict[str, float], tuple[str, ...]]:
    """Score (0..1), its parts and the reasons: needs at stake (weighted, see ``need_weight``),
    funding gap (USD), duplications to resolve, partnerships waiting (needs with a recorded
    suggestion or a strong match among the invited providers). Each part saturates:
    ``1 - exp(-amount / scale)``."""
    needs = stakes.needs
    weighted = sum(need_weight(n) for n in needs)
    gap = sum(n.gap_usd for n in needs if n.gap_usd is not None)
    unknown = sum(1 for n in needs if n.gap_usd is None)
    amounts = {"needs_at_stake": weighted, "funding_gap": gap,
               "duplications": float(len(stakes.overlaps)),
               "partnerships_waiting": float(len({need for need, _, _ in stakes.suggestions}))}
    parts = {name: round(1.0 - math.exp(-amounts[name] / rules.scales[name]), 4)
             for name in rules.weights}
    score = round(sum(rules.weights[name] * parts[name] for name in rules.weights), 4)
    countries = len({n.country for n in needs})
    first = sum(1 for n in needs if n.priority == 1)
    reasons = [f"{len(needs)} open need{'s' if len(needs) != 1 else ''} at stake in "
               f"{countries} countr{'ies' if countries != 1 else 'y'}"
               + (f", {first} of them priority 1" if first else "")]
    gap_text = f"{usd_text(gap)} of estimated costs not yet funded"
    if unknown:
        gap_text += f" ({unknown} need{'s' if unknown != 1 else ''} without an estimate)"
    reasons.append(gap_text)
    if stakes.overlaps:
        count = len(stakes.overlaps)
        reasons.append(f"{count} duplication{'s' if count != 1 else ''} or overlapping support "
                       "among the invitees to resolve")
    if stakes.suggestions:
        matched = len(stakes.suggestions) - stakes.recorded_waiting
        waiting = int(amounts["partnerships_waiting"])
        reasons.append(f"partnerships waiting to be discussed for {waiting} of the {len(needs)} "
                       f"needs: {stakes.recorded_waiting} recorded as suggested and {matched} "
                       f"strong match{'es' if matched != 1 else ''} with invited providers")
    if stakes.addressed_here:
        reasons.append(f"{stakes.addressed_here} need{'s' if stakes.addressed_here != 1 else ''}"
                       " on these themes here already agreed or accepted, not counted")
    return score, parts, tuple(reasons)


def _names(names: Sequence[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _follow_up(last: PastMeeting | None, data: MeetingData) -> list[AgendaItem]:
    if last is None or last.status != "held":
        return []
    when = f" ({last.start.isoformat()})" if last.start else ""
    text = f"Follow-up of {last.title or last.id}{when}"
    if last.agreed:
        text += f": {last.agreed} partnership{'s' if last.agreed != 1 else ''} agreed there"
    if last.outcome:
        outcome = last.outcome if len(last.outcome) <= _LESSON_LENGTH else \
            last.outcome[:_LESSON_LENGTH].rsplit(" ", 1)[0] + " …"
        text += f"; outcome recorded: {outcome}"
    return [AgendaItem("follow_up", text, (last.id,))]


def _gaps(needs: Sequence[OpenNeed], components: Sequence[str], data: MeetingData
          ) -> list[AgendaItem]:
    items = []
    for component in components:
        here = [n for n in needs if n.component == component]
        if not here:
            continue
        countries = sorted({n.country for n in here}, key=lambda c: data.labels.place(c))
        gap = sum(n.gap_usd for n in here if n.gap_usd is not None)
        text = (f"Shared gap in {data.labels.component(component)}: {len(here)} open "
                f"need{'s' if len(here) != 1 else ''} in {len(countries)} countries ("
                f"{_names([data.labels.place(c) for c in countries])})")
        if gap:
            text += f", {usd_text(gap)} not yet funded"
        items.append(AgendaItem("gap", text, tuple(countries)))
    return items


def _suggestions(stakes: Stakes, data: MeetingData, rules: MeetingRules) -> list[AgendaItem]:
    needs = {n.id: n for n in stakes.needs}
    names = {s.id: s.name for s in data.supporters}
    per_provider: dict[str, int] = defaultdict(int)
    seen_needs: set[str] = set()
    items = []
    for need_id, provider, score in stakes.suggestions:
        if need_id in seen_needs or per_provider[provider] >= 2:
            continue
        seen_needs.add(need_id)
        per_provider[provider] += 1
        phrase = need_phrase(needs[need_id], data)
        if score is None:
            text = f"Decide on the suggested partnership of {names.get(provider, provider)} " \
                   f"with {phrase}"
        else:
            text = f"Discuss support by {names.get(provider, provider)} for {phrase} " \
                   f"(fit {score:.2f})"
        refs = (provider,) if needs[need_id].confidential else (need_id, provider)
        items.append(AgendaItem("suggestion", text, refs))
        if len(items) >= rules.max_agenda_suggestions:
            break
    return items


def _offers(countries: Sequence[str], components: Sequence[str], data: MeetingData,
            rules: MeetingRules) -> list[AgendaItem]:
    invited, themes = set(countries), set(components)
    order = {"advanced": 0, "established": 1, "basic": 2}
    offers = sorted((o for o in data.offers if o.country in invited and o.component in themes),
                    key=lambda o: (order.get(o.level, 3), o.country, o.component))
    return [AgendaItem("south_south",
                       f"South-South cooperation: {data.labels.place(o.country)} offers "
                       f"{o.level} capacity in {data.labels.component(o.component)}",
                       (o.country,))
            for o in offers[: rules.max_agenda_offers]]


def _lessons(countries: Sequence[str], components: Sequence[str], data: MeetingData,
             rules: MeetingRules) -> list[AgendaItem]:
    invited, themes = set(countries), set(components)
    relevant = [lesson for lesson in data.lessons if lesson.countries & invited and lesson.text]
    relevant.sort(key=lambda lesson: (-len(lesson.components & themes),
                                      -(lesson.end.toordinal() if lesson.end else 0),
                                      lesson.initiative))
    items = []
    for lesson in relevant[: rules.max_lessons]:
        text = lesson.text.strip()
        if len(text) > _LESSON_LENGTH:
            text = text[:_LESSON_LENGTH].rsplit(" ", 1)[0] + " …"
        year = f", completed {lesson.end.year}" if lesson.end else ""
        items.append(AgendaItem("lesson", f"Lessons learned from \u201c{lesson.title}\u201d"
                                          f"{year}: {text}", (lesson.initiative,)))
    return items


def meeting_agenda(stakes: Stakes, countries: Sequence[str], components: Sequence[str],
                   experts: Sequence[tuple[str, str]], last: PastMeeting | None,
                   data: MeetingData, rules: MeetingRules) -> tuple[AgendaItem, ...]:
    """The agenda, in the order a meeting would take it."""
    names = {s.id: s.name for s in data.supporters}
    items = _follow_up(last, data)
    items += _gaps(stakes.needs, components, data)
    items += [AgendaItem("overlap", f"Resolve: {o.text}", (o.a, o.b))
              for o in stakes.overlaps[: rules.max_agenda_overlaps]]
    items += _suggestions(stakes, data, rules)
    items += _offers(countries, components, data, rules)
    items += _lessons(countries, components, data, rules)
    items += [AgendaItem("presentation", f"Presentation by {names.get(e, e)}, {why}", (e,))
              for e, why in experts]
    return tuple(items)
