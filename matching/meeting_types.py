"""The values meeting planning takes and returns: plain frozen dataclasses, no database.

Decision paragraphs 19-20 ask for regional and subregional coordination meetings whose hosts
invite both recipient countries and donors. The planner (:mod:`matching.meetings`) works on a
:class:`MeetingData` built by the adapter (``coordinator.meetings``) and returns
:class:`Proposal` values. Money is in USD; places are ISO 3166-1 alpha-3 codes and UN M49 area
codes; components are the Action Plan codes; dates are :class:`datetime.date`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from .types import Labels

__all__ = [
    "SCOPES",
    "Place",
    "OpenNeed",
    "Supporter",
    "Offer",
    "MatchEdge",
    "Overlap",
    "Lesson",
    "PastMeeting",
    "WaitingPartnership",
    "MeetingData",
    "MeetingRules",
    "Group",
    "AgendaItem",
    "Window",
    "Proposal",
    "Skipped",
    "MeetingPlan",
]

#: How countries are grouped: by M49 region, by M49 subregion, or by the data ("auto").
SCOPES = ("region", "subregion", "auto")


@dataclass(frozen=True)
class Place:
    """A country as meeting planning sees it.

    ``areas`` are the M49 codes containing it, smallest first; ``region`` is its M49 region
    (``"002"``) and ``subregion`` its smallest area below the region (the intermediate region
    where there is one, e.g. ``"011"`` Western Africa, else the subregion, e.g. ``"034"``).
    """

    alpha3: str
    name: str
    region: str | None = None
    subregion: str | None = None
    areas: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OpenNeed:
    """A need still waiting for support (open or partially met, not yet agreed anywhere).

    ``gap_usd`` is the part of its estimated cost not yet funded (None: unknown);
    ``severity`` (0..1) how urgent the gap is beyond ``priority`` (1 highest .. 5).
    ``title`` is None when the need must not be named (confidential).
    """

    id: str
    country: str
    component: str
    priority: int = 3
    gap_usd: float | None = None
    severity: float = 0.0
    confidential: bool = False
    title: str | None = None


@dataclass(frozen=True)
class Supporter:
    """A provider (donor, agency, expert, country) as meeting planning sees it.

    ``active`` maps each place (country or M49 area) where it funds or implements a planned or
    ongoing initiative to the components of that support. ``contact`` is only set when the
    reader may see it.
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    focus_components: frozenset[str] = frozenset()
    focus_countries: frozenset[str] = frozenset()
    focus_regions: frozenset[str] = frozenset()
    active: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    contact: str | None = None


@dataclass(frozen=True)
class Offer:
    """A capacity a country can offer others (South-South cooperation)."""

    country: str
    component: str
    level: str = "basic"


@dataclass(frozen=True)
class MatchEdge:
    """A need-provider suggestion not yet decided, with its fit (0..1)."""

    need: str
    provider: str
    score: float


@dataclass(frozen=True)
class Overlap:
    """A flagged duplicate record or overlapping support, with a text safe to print.

    ``countries``, ``providers`` and ``components`` are what the two records concern.
    """

    kind: str
    a: str
    b: str
    relation: str
    score: float
    text: str
    countries: frozenset[str] = frozenset()
    providers: frozenset[str] = frozenset()
    components: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lesson:
    """Lessons learned recorded on a completed initiative (decision paragraph 18)."""

    initiative: str
    title: str
    text: str
    countries: frozenset[str] = frozenset()
    components: frozenset[str] = frozenset()
    end: date | None = None


@dataclass(frozen=True)
class PastMeeting:
    """A meeting already recorded; cancelled ones only keep their id from being reused.

    ``countries`` are the invited countries and the host; ``agreed`` how many partnerships
    were agreed there.
    """

    id: str
    scope: str
    area: str
    title: str = ""
    host: str | None = None
    start: date | None = None
    end: date | None = None
    status: str = "scheduled"
    countries: frozenset[str] = frozenset()
    outcome: str | None = None
    agreed: int = 0


@dataclass(frozen=True)
class WaitingPartnership:
    """A partnership recorded as suggested and not yet accepted or declined."""

    id: str
    need: str
    provider: str | None


@dataclass(frozen=True)
class MeetingData:
    """Everything the planner reads.

    ``addressed`` are the ids of needs that already have an accepted, funded or completed
    partnership (for instance one agreed at an earlier meeting): they are not at stake any more.
    ``labels`` name components and places in the texts.
    """

    places: Mapping[str, Place] = field(default_factory=dict, hash=False)
    needs: tuple[OpenNeed, ...] = ()
    supporters: tuple[Supporter, ...] = ()
    offers: tuple[Offer, ...] = ()
    matches: tuple[MatchEdge, ...] = ()
    overlaps: tuple[Overlap, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    meetings: tuple[PastMeeting, ...] = ()
    waiting: tuple[WaitingPartnership, ...] = ()
    addressed: frozenset[str] = frozenset()
    labels: Labels = Labels()
    as_of: date = date(2000, 1, 1)


@dataclass(frozen=True)
class MeetingRules:
    """The planner's settings, each with a default a planner can defend.

    - ``max_invitees``: the size limit (countries, providers and experts together); beyond it
      the least relevant invitees of each side are left out and the proposal says so.
    - ``max_experts``: experts proposed to present.
    - ``min_countries``: recipient countries needed for a meeting to be worth holding.
    - ``min_sharing``: countries that must share open needs in a component for it to be a
      theme of the meeting; ``max_components`` themes at most.
    - ``strong_match``: the fit from which a provider counts as strongly matching a need.
    - ``lead_weeks``, ``length_days``, ``clearance_days``: the window starts on a Monday at
      least ``lead_weeks`` after the date of the data, lasts ``length_days`` and keeps
      ``clearance_days`` away from any recorded meeting involving an invited country.
    - ``seed``, ``resolution`` and ``neighbours``: the community detection of data-driven
      groups (each country keeps its ``neighbours`` strongest links in the country graph).
    """

    max_invitees: int = 40
    max_experts: int = 3
    min_countries: int = 2
    min_sharing: int = 2
    max_components: int = 4
    strong_match: float = 0.55
    lead_weeks: int = 8
    length_days: int = 3
    clearance_days: int = 30
    seed: int = 7
    resolution: float = 1.0
    neighbours: int = 5
    max_agenda_overlaps: int = 5
    max_agenda_suggestions: int = 8
    max_agenda_offers: int = 5
    max_lessons: int = 3
    weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({
        "needs_at_stake": 0.35, "funding_gap": 0.30, "duplications": 0.15,
        "partnerships_waiting": 0.20}), hash=False)
    #: The amount of each part at which it reaches about 63 % (1 - 1/e) of its weight.
    scales: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({
        "needs_at_stake": 12.0, "funding_gap": 3_000_000.0, "duplications": 3.0,
        "partnerships_waiting": 8.0}), hash=False)


@dataclass(frozen=True)
class Group:
    """Countries that could meet: an M49 area, or a data-driven group (``scope`` "group").

    ``key`` is stable for the same area or the same set of countries.
    """

    key: str
    scope: str
    area: str
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class AgendaItem:
    """One agenda line: its ``section`` (follow_up, gap, overlap, suggestion, south_south,
    lesson, presentation), the text to print and the record ids it is about."""

    section: str
    text: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    """The proposed dates, first and last day included."""

    start: date
    end: date


@dataclass(frozen=True)
class Proposal:
    """A proposed coordination meeting with everything a planner needs to decide on it.

    ``providers`` are the donors and agencies (and countries with a provider record) invited;
    ``experts`` the roster experts proposed to present. ``size`` counts every invitee and
    ``left_out_*`` who did not fit in ``limit``. ``parts`` and ``weights`` make up ``score``.
    """

    id: str
    title: str
    scope: str
    area: str
    area_name: str
    host: str
    countries: tuple[str, ...]
    providers: tuple[str, ...]
    experts: tuple[str, ...]
    components: tuple[str, ...]
    window: Window
    agenda: tuple[AgendaItem, ...]
    score: float
    parts: Mapping[str, float] = field(default_factory=dict, hash=False)
    weights: Mapping[str, float] = field(default_factory=dict, hash=False)
    reasons: tuple[str, ...] = ()
    host_reasons: tuple[str, ...] = ()
    window_reasons: tuple[str, ...] = ()
    invited_because: Mapping[str, str] = field(default_factory=dict, hash=False)
    size: int = 0
    limit: int = 0
    left_out_countries: tuple[str, ...] = ()
    left_out_providers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A group for which no meeting is proposed, and why."""

    area: str
    name: str
    reason: str


@dataclass(frozen=True)
class MeetingPlan:
    """The proposals, best first, and the groups left without one."""

    proposals: tuple[Proposal, ...]
    skipped: tuple[Skipped, ...] = ()
