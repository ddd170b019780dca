"""Coordination meetings, from a Snapshot to the planner's input and back to JSON-ready dicts.

This is the adapter between the coordinator's record and the pure planner
(:mod:`matching.meetings`). It reads what the planner needs from a
:class:`~coordinator.domain.Snapshot` (always the viewer's visible part, so a confidential need
arrives redacted) and uses the other analyses when they are installed:

- ``coordinator.analysis.gaps`` (``need_coverage``): each need's funding gap and severity;
  without it, ``coordinator.suggestions`` gives the covered share; without both, the estimated
  cost counts in full (half for a partially met need).
- ``coordinator.analysis.duplication`` (``find_duplicates``): duplications and overlapping
  support to resolve at the meeting; without it the agenda has none, and says so.
- ``coordinator.suggestions`` (``prepare``): strong matches between needs and providers, used
  to invite providers and to list partnerships to discuss.

Each missing analysis is named in the proposals' ``notes``. The proposals are turned into
JSON-ready dicts by :mod:`coordinator.meeting_views`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching.meeting_types import (
    Lesson,
    MatchEdge,
    MeetingData,
    MeetingPlan,
    MeetingRules,
    Offer,
    OpenNeed,
    Overlap,
    PastMeeting,
    Place,
    Supporter,
    WaitingPartnership,
)
from matching.meetings import propose_meetings
from matching.scoring_parts import ALL, combine, pair_parts, resolve_weights
from matching.types import Labels

from .domain import Need, Snapshot
from .money import RateTable
from .taxonomy import COMPONENTS, expand_component

__all__ = [
    "OPEN_STATUSES",
    "ADDRESSED_STATUSES",
    "MeetingInputs",
    "meeting_inputs",
    "plan_meetings",
    "need_phrase",
]

OPEN_STATUSES = ("open", "partially_met")
#: Partnership statuses under which a need counts as being addressed.
ADDRESSED_STATUSES = ("accepted", "funded", "completed")
_ACTIVE_INITIATIVES = ("planned", "ongoing")
_MATCHES_PER_NEED = 5
_MATCH_FLOOR = 0.3
_PAIRS_PER_BLOCK = 200_000


@dataclass(frozen=True)
class MeetingInputs:
    """The planner's input and notes on what could not be used (missing analyses)."""

    data: MeetingData
    notes: tuple[str, ...] = ()


def _places(snapshot: Snapshot) -> dict[str, Place]:
    return {
        alpha3: Place(alpha3, country.name, country.region,
                      country.intermediate_region or country.subregion or None,
                      country.areas, country.groups)
        for alpha3, country in snapshot.countries.items()
    }


def _labels(snapshot: Snapshot) -> Labels:
    places = {code: region.name for code, region in snapshot.regions.items()}
    places.update({alpha3: country.name for alpha3, country in snapshot.countries.items()})
    return Labels(components=dict(COMPONENTS), places=places)


def _components(codes: Iterable[str]) -> frozenset[str]:
    return frozenset(c for code in codes for c in expand_component(code))


def _supporters(snapshot: Snapshot) -> tuple[Supporter, ...]:
    active: dict[str, dict[str, set[str]]] = {}
    for initiative in snapshot.initiatives.values():
        if initiative.status not in _ACTIVE_INITIATIVES:
            continue
        components = _components(initiative.components)
        for provider in set(initiative.provider_ids()):
            places = active.setdefault(provider, {})
            for place in (*initiative.recipient_countries, *initiative.recipient_regions):
                places.setdefault(place, set()).update(components)
    return tuple(
        Supporter(
            id=p.id, name=p.name, kind=p.kind, country=p.country,
            focus_components=_components(p.focus_components),
            focus_countries=frozenset(p.focus_countries),
            focus_regions=frozenset(p.focus_regions),
            active={place: frozenset(c) for place, c in active.get(p.id, {}).items()},
            contact=p.contact,
        )
        for p in sorted(snapshot.providers.values(), key=lambda p: p.id)
    )


def _fallback_gap(need: Need, rates: RateTable, on: date) -> float | None:
    if need.estimated_cost is None:
        return None
    usd = rates.to_usd(need.estimated_cost, need.start or on)
    if usd is None:
        return None
    return usd * (0.5 if need.status == "partially_met" else 1.0)


def _gaps_from_analysis(snapshot: Snapshot, rates: RateTable
                        ) -> dict[str, tuple[float | None, float]] | None:
    """need id -> (funding gap in USD, severity) from coordinator.analysis.gaps, if installed."""
    try:
        from .analysis.gaps import need_coverage
    except ImportError:
        return None
    found = {}
    on = snapshot.as_of or date.today()
    for gap in need_coverage(snapshot, rates):
        usd = None
        if gap.funding_gap is not None:
            usd = gap.funding_gap.amount if gap.funding_gap.currency == "USD" else \
                rates.to_usd(gap.funding_gap, on)
        found[gap.need] = (usd, float(gap.severity))
    return found


def _prepared_matching(snapshot: Snapshot, rates: RateTable):
    try:
        from .suggestions import prepare, weight_model
    except ImportError:
        return None, None
    matching = prepare(snapshot, rates)
    return matching, weight_model(matching)


def _needs(snapshot: Snapshot, rates: RateTable, matching, gaps) -> tuple[OpenNeed, ...]:
    items = {}
    if matching is not None:
        items = {n.id: n for n in matching.index.needs}
    on = snapshot.as_of or date.today()
    needs = []
    for need in sorted(snapshot.needs.values(), key=lambda n: n.id):
        if need.status not in OPEN_STATUSES:
            continue
        if gaps is not None and need.id in gaps:
            gap, severity = gaps[need.id]
        elif need.id in items:
            item = items[need.id]
            gap = None if item.cost_usd is None else item.cost_usd * (1 - item.covered_share)
            severity = item.severity
        else:
            gap, severity = _fallback_gap(need, rates, on), 0.0
        needs.append(OpenNeed(
            id=need.id, country=need.country, component=need.component,
            priority=need.priority, gap_usd=gap, severity=severity,
            confidential=need.confidential,
            title=None if need.confidential else need.title,
        ))
    return tuple(needs)


def _matches(snapshot: Snapshot, matching, model, needs: Iterable[OpenNeed],
             addressed: frozenset[str]) -> tuple[MatchEdge, ...]:
    """The best providers (with a record) of each open need: blocks of needs scored against
    every provider at once (``matching.scoring_parts`` block mode), as ``for_need`` would."""
    index = matching.index
    decided = {(d.need, d.provider) for d in matching.decisions}
    rows = np.array([index.need_table.position[n.id] for n in needs
                     if n.id not in addressed and n.id in index.need_table.position],
                    dtype=np.int64)
    count = len(index.providers)
    recorded = np.array([p.id in snapshot.providers for p in index.providers], dtype=bool)
    if rows.size == 0 or count == 0:
        return ()
    weights = resolve_weights(model.weights_)
    edges = []
    block = max(1, _PAIRS_PER_BLOCK // count)
    for at in range(0, rows.size, block):
        need_rows = rows[at:at + block]
        cosine = (index.need_text[need_rows] @ index.provider_text.T).toarray()
        parts, eligible = pair_parts(index.need_table, index.provider_table,
                                     need_rows[:, None], ALL, cosine)
        scores = combine(parts, weights)
        keep = eligible & (scores >= _MATCH_FLOOR) & recorded[None, :]
        for r, row in enumerate(need_rows.tolist()):
            need_id = index.needs[row].id
            candidates = [j for j in np.flatnonzero(keep[r]).tolist()
                          if (need_id, index.providers[j].id) not in decided]
            candidates.sort(key=lambda j: (-scores[r, j], index.providers[j].id))
            edges += [MatchEdge(need_id, index.providers[j].id, round(float(scores[r, j]), 4))
                      for j in candidates[:_MATCHES_PER_NEED]]
    return tuple(edges)


def need_phrase(snapshot: Snapshot, need_id: str) -> str:
    """How a need is named in texts people read; a confidential one only by country and
    component."""
    need = snapshot.needs.get(need_id)
    if need is None:
        return "a need"
    country = snapshot.countries.get(need.country)
    name = country.name if country else need.country
    if need.confidential:
        label = COMPONENTS.get(need.component, "component")
        return f"a confidential need of {name} in {label} ({need.component})"
    return f"{name}'s need \u201c{need.title}\u201d"


def _overlaps(snapshot: Snapshot, rates: RateTable,
              settled: Collection[tuple[str, str, str]]) -> tuple[Overlap, ...] | None:
    """Flagged pairs from coordinator.analysis.duplication, if installed, as safe texts;
    ``settled`` pairs ((kind, a, b), a < b: dismissed or acknowledged) are left out."""
    try:
        from .analysis.duplication import find_duplicates
    except ImportError:
        return None
    found = []
    for pair in find_duplicates(snapshot, rates=rates):
        kind, a, b = pair.kind, pair.a, pair.b
        if (kind, *sorted((a, b))) in settled:
            continue
        what = ("look like one record entered twice" if pair.relation == "duplicate_record"
                else "overlap (the same support to the same place and theme)")
        if kind == "initiative":
            first, second = snapshot.initiatives.get(a), snapshot.initiatives.get(b)
            if first is None or second is None:
                continue
            countries = frozenset(first.recipient_countries) | frozenset(
                second.recipient_countries)
            providers = frozenset(first.provider_ids()) | frozenset(second.provider_ids())
            components = _components(first.components) | _components(second.components)
            text = (f"the initiatives \u201c{first.title}\u201d and \u201c{second.title}\u201d "
                    f"{what} (score {pair.score:.2f})")
        else:
            first, second = snapshot.needs.get(a), snapshot.needs.get(b)
            if first is None or second is None:
                continue
            countries = frozenset({first.country, second.country})
            providers = frozenset()
            components = frozenset({first.component, second.component})
            text = (f"{need_phrase(snapshot, a)} and {need_phrase(snapshot, b)} {what} "
                    f"(score {pair.score:.2f})")
        found.append(Overlap(kind, a, b, pair.relation, float(pair.score), text, countries,
                             providers, components))
    return tuple(found)


def _past_meetings(snapshot: Snapshot) -> tuple[PastMeeting, ...]:
    agreed = Counter(p.meeting for p in snapshot.partnerships.values() if p.meeting)
    return tuple(
        PastMeeting(
            id=m.id, scope=m.scope, area=m.area, title=m.title, host=m.host, start=m.start,
            end=m.end, status=m.status,
            countries=frozenset(i.ref for i in m.invitees if i.kind == "country"),
            outcome=m.outcome, agreed=agreed.get(m.id, 0),
        )
        for m in sorted(snapshot.meetings.values(), key=lambda m: m.id)
    )


def meeting_inputs(snapshot: Snapshot, rates: RateTable | None = None, *,
                   settled: Collection[tuple[str, str, str]] = ()) -> MeetingInputs:
    """What the planner reads from ``snapshot``, using the other analyses where installed.

    ``settled`` are flagged pairs ``(kind, a, b)`` (``a < b``) the secretariat has dismissed
    or acknowledged: they are not put on an agenda.
    """
    rates = rates or RateTable(snapshot.rates)
    notes = []
    matching, model = _prepared_matching(snapshot, rates)
    gaps = _gaps_from_analysis(snapshot, rates)
    if gaps is None:
        notes.append("The gap analysis (coordinator.analysis.gaps) is not installed: funding "
                     "gaps are estimated from the needs' costs"
                     + (" and the coverage seen by the matching." if matching else "."))
    addressed = frozenset(p.need for p in snapshot.partnerships.values()
                          if p.status in ADDRESSED_STATUSES)
    needs = _needs(snapshot, rates, matching, gaps)
    if matching is None:
        notes.append("Partnership suggestions (coordinator.suggestions) are not installed: "
                     "providers are invited for their activity only, and no suggestions are "
                     "on the agenda.")
        matches: tuple[MatchEdge, ...] = ()
    else:
        matches = _matches(snapshot, matching, model, needs, addressed)
    overlaps = _overlaps(snapshot, rates, settled)
    if overlaps is None:
        notes.append("The duplication analysis (coordinator.analysis.duplication) is not "
                     "installed: duplications and overlaps are not on the agenda.")
        overlaps = ()
    data = MeetingData(
        places=_places(snapshot), needs=needs, supporters=_supporters(snapshot),
        offers=tuple(Offer(c.country, c.component, c.level)
                     for c in sorted(snapshot.capacities.values(), key=lambda c: c.id)
                     if c.can_offer),
        matches=matches, overlaps=overlaps,
        lessons=tuple(
            Lesson(i.id, i.title, i.lessons or "", frozenset(i.recipient_countries),
                   _components(i.components), i.end)
            for i in sorted(snapshot.initiatives.values(), key=lambda i: i.id)
            if i.status == "completed" and i.lessons),
        meetings=_past_meetings(snapshot),
        waiting=tuple(WaitingPartnership(p.id, p.need, p.provider)
                      for p in sorted(snapshot.partnerships.values(), key=lambda p: p.id)
                      if p.status == "suggested" and p.provider),
        addressed=addressed, labels=_labels(snapshot),
        as_of=snapshot.as_of or date.today(),
    )
    return MeetingInputs(data, tuple(notes))


def plan_meetings(snapshot: Snapshot, scope: str = "subregion", area: str | None = None, *,
                  rules: MeetingRules | None = None, rates: RateTable | None = None,
                  settled: Collection[tuple[str, str, str]] = ()
                  ) -> tuple[MeetingPlan, MeetingInputs]:
    """The planner's proposals for ``snapshot`` and the inputs they were made from."""
    inputs = meeting_inputs(snapshot, rates, settled=settled)
    return propose_meetings(inputs.data, scope, area=area, rules=rules), inputs
