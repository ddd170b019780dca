"""Who, where and when: a meeting's themes, invitees (both sides), experts, host and window."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from .meeting_groups import CountryStake, need_weight
from .meeting_types import (
    Group,
    MeetingData,
    MeetingRules,
    OpenNeed,
    PastMeeting,
    Window,
)

__all__ = [
    "Invitations",
    "meeting_components",
    "meeting_needs",
    "recipient_countries",
    "offering_countries",
    "provider_relevance",
    "matching_experts",
    "trim_invitees",
    "meetings_there",
    "choose_host",
    "meeting_window",
    "proposal_id",
]

_LEVEL_WEIGHT = {"basic": 1.0, "established": 2.0, "advanced": 3.0}
_ACTIVE_THERE = 1.0
_ACTIVE_OTHER_THEME = 0.4
_ACTIVE_IN_AREA = 0.5
_HOSTED_PENALTY = 0.15


@dataclass(frozen=True)
class Invitations:
    """Invitees kept within the size limit, in order of relevance, and those left out."""

    countries: tuple[str, ...]
    providers: tuple[str, ...]
    experts: tuple[str, ...]
    left_out_countries: tuple[str, ...] = ()
    left_out_providers: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """Everyone invited."""
        return len(self.countries) + len(self.providers) + len(self.experts)


def meeting_components(group: Group, stakes: Mapping[str, CountryStake], rules: MeetingRules
                       ) -> tuple[str, ...]:
    """The meeting's themes: components where at least ``min_sharing`` countries of the group
    have open needs, most shared and weightiest first, at most ``max_components``."""
    sharing: dict[str, set[str]] = defaultdict(set)
    weight: dict[str, float] = defaultdict(float)
    for country in group.countries:
        for component, needs in stakes[country].needs.items():
            sharing[component].add(country)
            weight[component] += sum(need_weight(n) for n in needs)
    shared = [c for c, countries in sharing.items() if len(countries) >= rules.min_sharing]
    shared.sort(key=lambda c: (-len(sharing[c]), -weight[c], c))
    return tuple(shared[: rules.max_components])


def meeting_needs(countries: Sequence[str], components: Sequence[str],
                  stakes: Mapping[str, CountryStake]) -> tuple[OpenNeed, ...]:
    """The open needs of ``countries`` in ``components``."""
    return tuple(
        need for country in countries if country in stakes
        for component in components
        for need in stakes[country].needs.get(component, ())
    )


def recipient_countries(group: Group, components: Sequence[str],
                        stakes: Mapping[str, CountryStake]) -> list[tuple[str, float]]:
    """Countries of the group with open needs in the themes, with their stake, largest first."""
    ranked = []
    for country in group.countries:
        needs = meeting_needs([country], components, stakes)
        if needs:
            ranked.append((country, sum(need_weight(n) for n in needs)))
    return sorted(ranked, key=lambda item: (-item[1], item[0]))


def offering_countries(data: MeetingData, countries: Sequence[str],
                       components: Sequence[str]) -> dict[str, float]:
    """Countries among ``countries`` offering capacity in the themes: summed level weights."""
    wanted, themes = set(countries), set(components)
    offered: dict[str, float] = defaultdict(float)
    for offer in data.offers:
        if offer.country in wanted and offer.component in themes:
            offered[offer.country] += _LEVEL_WEIGHT.get(offer.level, 1.0)
    return dict(offered)


def provider_relevance(data: MeetingData, countries: Sequence[str], components: Sequence[str],
                       needs: Sequence[OpenNeed], rules: MeetingRules
                       ) -> dict[str, tuple[float, str]]:
    """Providers (not experts) active in the countries, strongly matching their needs or with a
    suggested partnership waiting for one of them: relevance and the reason they are invited."""
    themes, invited = set(components), set(countries)
    areas = {a for c in countries for a in data.places[c].areas}
    found: dict[str, tuple[float, str]] = {}
    for supporter in data.supporters:
        if supporter.kind == "expert":
            continue
        score, where, area_hits = 0.0, [], 0
        for place, place_components in supporter.active.items():
            if place in invited:
                on_theme = bool(place_components & themes)
                score += _ACTIVE_THERE if on_theme else _ACTIVE_OTHER_THEME
                if on_theme:
                    where.append(data.labels.place(place))
            elif place in areas and place_components & themes:
                score += _ACTIVE_IN_AREA
                area_hits += 1
        if score:
            if where:
                reason = "active on these themes in " + _names(where)
            elif area_hits:
                reason = "active on these themes in the area"
            else:
                reason = "active in invited countries"
            found[supporter.id] = (score, reason)
    need_ids = {n.id for n in needs}
    matched: dict[str, list[float]] = defaultdict(list)
    for edge in data.matches:
        if edge.need in need_ids and edge.score >= rules.strong_match:
            matched[edge.provider].append(edge.score)
    for waiting in data.waiting:
        if waiting.need in need_ids and waiting.provider:
            matched[waiting.provider].append(1.0)
    kinds = {s.id: s.kind for s in data.supporters}
    for provider, scores in matched.items():
        if kinds.get(provider) in (None, "expert"):
            continue
        score, reason = found.get(provider, (0.0, ""))
        match_reason = (f"strongly matches or has a suggested partnership with {len(scores)} "
                        f"open need{'s' if len(scores) > 1 else ''}")
        found[provider] = (score + sum(scores), f"{reason}; {match_reason}" if reason
                           else match_reason)
    return found


def _names(names: Sequence[str], limit: int = 4) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def matching_experts(data: MeetingData, countries: Sequence[str], components: Sequence[str],
                     rules: MeetingRules) -> list[tuple[str, str]]:
    """Roster experts working on the themes in the region of the countries, best first, with
    the reason (at most ``max_experts``)."""
    themes = set(components)
    invited = set(countries)
    areas = {a for c in countries for a in data.places[c].areas}
    ranked = []
    for supporter in data.supporters:
        if supporter.kind != "expert":
            continue
        topics = supporter.focus_components & themes
        if not topics:
            continue
        home = supporter.country in invited
        regional = bool(supporter.focus_regions & areas or supporter.focus_countries & invited)
        if not (home or regional):
            continue
        labels = ", ".join(data.labels.component(c) for c in sorted(topics))
        where = "from an invited country" if home else "works in the region"
        ranked.append((-len(topics), not home, supporter.name, supporter.id,
                       f"expert in {labels}, {where}"))
    ranked.sort()
    return [(item[3], item[4]) for item in ranked[: rules.max_experts]]


def trim_invitees(countries: Sequence[str], providers: Sequence[str], experts: Sequence[str],
                  rules: MeetingRules) -> Invitations:
    """Keep at most ``max_invitees``: a few experts first, then the two sides share the room
    half and half (at least ``min_countries`` countries), a side using less than its half
    leaving the rest to the other. Each list is in order of relevance, so the least relevant
    are left out."""
    keep_experts = max(0, min(rules.max_experts, rules.max_invitees - rules.min_countries - 1))
    experts = tuple(experts[:keep_experts])
    room = max(rules.max_invitees - len(experts), rules.min_countries + 1)
    if len(countries) + len(providers) <= room:
        return Invitations(tuple(countries), tuple(providers), experts)
    country_room = min(len(countries), max(math.ceil(room / 2), rules.min_countries))
    provider_room = min(len(providers), room - country_room)
    country_room = min(len(countries), room - provider_room)
    return Invitations(tuple(countries[:country_room]), tuple(providers[:provider_room]),
                       experts, tuple(countries[country_room:]),
                       tuple(providers[provider_room:]))


def meetings_there(group: Group, countries: Sequence[str], past: Sequence[PastMeeting]
                   ) -> list[PastMeeting]:
    """Recorded meetings (not cancelled) "there": of the same area, or sharing at least two
    countries with this one that make up half of either meeting. Latest first."""
    invited = set(countries)
    members = invited | set(group.countries)
    found = []
    for meeting in past:
        if meeting.status == "cancelled":
            continue
        same_area = meeting.area == group.area and meeting.scope == group.scope
        inside = len(meeting.countries & members)
        shared = inside >= 2 and (inside * 2 >= len(meeting.countries) or
                                  inside * 2 >= len(invited))
        if same_area or shared:
            found.append(meeting)
    return sorted(found, key=lambda m: (m.start or date.min, m.id), reverse=True)


def choose_host(data: MeetingData, graph: nx.Graph, countries: Sequence[str],
                components: Sequence[str], there: Sequence[PastMeeting]
                ) -> tuple[str, tuple[str, ...]]:
    """The suggested host among the invited countries, and why.

    Weighs connectivity (shared needs and providers with the other invitees, in the country
    graph), capacity it can offer on the themes, and rotation: never the host of the last
    meeting there when another country can host, and less likely the more it hosted there.
    """
    invited = list(countries)
    offers = offering_countries(data, invited, components)
    strength = {c: sum(graph[c][o]["weight"] for o in graph[c] if o in invited)
                if c in graph else 0.0 for c in invited}
    links = {c: sum(1 for o in graph[c] if o in invited) if c in graph else 0 for c in invited}
    top_strength = max(strength.values(), default=0.0) or 1.0
    top_offer = max(offers.values(), default=0.0) or 1.0
    hosted: dict[str, int] = defaultdict(int)
    for meeting in there:
        if meeting.host:
            hosted[meeting.host] += 1
    last = next((m for m in there if m.host), None)
    candidates = [c for c in invited if last is None or c != last.host] or invited

    def merit(country: str) -> float:
        return (0.5 * strength[country] / top_strength + 0.5 * offers.get(country, 0.0) /
                top_offer - _HOSTED_PENALTY * hosted[country])

    host = min(candidates, key=lambda c: (-merit(c), c))
    name = data.labels.place
    reasons = [f"{name(host)} is linked to {links[host]} of the other {len(invited) - 1} "
               "invited countries by shared needs and providers"]
    offered = sorted({o.component for o in data.offers
                      if o.country == host and o.component in set(components)})
    if offered:
        reasons.append(f"{name(host)} can offer capacity in "
                       + ", ".join(data.labels.component(c) for c in offered)
                       + " (South-South cooperation)")
    if last is not None:
        when = f", {last.start.isoformat()}" if last.start else ""
        reasons.append(f"rotation: {name(last.host)} hosted the last meeting here "
                       f"({last.title or last.id}{when})")
    if hosted[host]:
        reasons.append(f"{name(host)} hosted {hosted[host]} earlier meeting"
                       f"{'s' if hosted[host] > 1 else ''} here")
    return host, tuple(reasons)


def _involved(meeting: PastMeeting) -> set[str]:
    return set(meeting.countries) | ({meeting.host} if meeting.host else set())


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def meeting_window(countries: Sequence[str], past: Sequence[PastMeeting], as_of: date,
                   rules: MeetingRules, labels=None) -> tuple[Window, tuple[str, ...]]:
    """The first window of ``length_days`` starting on a Monday at least ``lead_weeks`` after
    ``as_of`` and at least ``clearance_days`` away from every recorded meeting that involves
    one of ``countries``; and the reasons for it.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.meeting_types import MeetingRules, PastMeeting
    >>> busy = PastMeeting("m1", "subregion", "011", start=date(2025, 3, 3),
    ...                    end=date(2025, 3, 5), countries=frozenset({"GHA"}))
    >>> window, _ = meeting_window(["GHA", "SEN"], [busy], date(2025, 1, 1), MeetingRules())
    >>> window.start, window.end
    (datetime.date(2025, 4, 7), datetime.date(2025, 4, 9))
    """
    invited = set(countries)
    clearance = timedelta(days=rules.clearance_days)
    length = timedelta(days=max(rules.length_days, 1) - 1)
    busy = sorted(
        ((m.start, m.end or m.start, m) for m in past
         if m.start and m.status != "cancelled" and _involved(m) & invited),
        key=lambda item: (item[0], item[2].id))
    earliest = as_of + timedelta(weeks=rules.lead_weeks)
    start = _monday_on_or_after(earliest)
    reasons = [f"the first {rules.length_days}-day window starting on a Monday at least "
               f"{rules.lead_weeks} weeks after {as_of.isoformat()}"]
    while True:
        end = start + length
        clashes = [m for s, e, m in busy if not (e + clearance < start or end + clearance < s)]
        if not clashes:
            break
        for meeting in clashes:
            shared = sorted(_involved(meeting) & invited)
            who = ", ".join(labels.place(c) if labels else c for c in shared[:5])
            reasons.append(f"kept {rules.clearance_days} days away from "
                           f"{meeting.title or meeting.id} ({meeting.start.isoformat()}) which "
                           f"also involves {who}")
        start = _monday_on_or_after(max((m.end or m.start) for m in clashes) + clearance
                                    + timedelta(days=1))
    return Window(start, end), tuple(reasons)


def proposal_id(group: Group, past: Sequence[PastMeeting], taken: set[str]) -> str:
    """A stable id: the area (or group key) and the number of the meeting there; never one of
    ``taken`` (the ids of every recorded meeting)."""
    base = group.key if group.scope == "group" else f"{group.scope}-{group.area}"
    prefix = f"mtg-{base}-"
    number = 1 + sum(1 for m in past if m.id.startswith(prefix) or
                     (m.area == group.area and m.scope == group.scope))
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"
