"""The values the matching algorithms take and return: plain frozen dataclasses, no database.

Money is always in USD here (the adapter, ``coordinator.suggestions``, converts it); places are
ISO 3166-1 alpha-3 country codes and UN M49 area codes; components are the Action Plan codes.

Providers come in kinds. Donors and agencies (``gef``, ``multilateral``, ``bilateral``,
``other_international``, ``other_stakeholder``, ``national``) fund; experts of the roster
(``expert``) and countries offering South-South cooperation (``country``) give support in kind,
so the budget part does not apply to them. A country with ``can_offer`` capacities but no
provider record appears as a provider of kind ``country`` with id ``"country:ALPHA3"``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = [
    "NeedId",
    "ProviderId",
    "Day",
    "PART_NAMES",
    "POSITIVE_PARTS",
    "PENALTY_PART",
    "EXPERT_WEIGHTS",
    "IN_KIND_KINDS",
    "SUGGESTABLE_STATUSES",
    "NeedItem",
    "CapacityItem",
    "ProviderItem",
    "Labels",
    "Suggestion",
    "Decision",
    "Edges",
    "Assignment",
    "AllocationResult",
]

NeedId = str
ProviderId = str
#: A day as ``date.toordinal()``.
Day = int

#: The parts every score is made of, in the column order of parts matrices.
PART_NAMES: tuple[str, ...] = (
    "thematic",
    "geography",
    "eligibility",
    "budget",
    "language",
    "text",
    "duplication",
)
#: Parts where more is better; they are averaged with their weights.
POSITIVE_PARTS: tuple[str, ...] = PART_NAMES[:-1]
#: The one part that is subtracted: how much of the need others already cover (0..1).
PENALTY_PART = "duplication"

#: The weights used until enough decisions exist to learn others (see matching.learning).
#: The positive parts' weights sum to 1; the duplication weight multiplies the covered share
#: that is subtracted from the score.
EXPERT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "thematic": 0.30,
        "geography": 0.20,
        "eligibility": 0.10,
        "budget": 0.15,
        "language": 0.10,
        "text": 0.15,
        "duplication": 0.30,
    }
)

#: Provider kinds that give support in kind: they are never funding suggestions and have no
#: budget fit; they must offer the need's component to be suggested at all.
IN_KIND_KINDS: frozenset[str] = frozenset({"expert", "country"})

#: Need statuses that can still get support.
SUGGESTABLE_STATUSES: frozenset[str] = frozenset({"open", "partially_met"})


@dataclass(frozen=True)
class NeedItem:
    """A country's need as matching sees it.

    ``areas`` are the M49 codes containing ``country``, smallest first. ``cost_usd`` is the
    estimated cost (None when not estimated). ``covered_share`` (0..1) is how much of it active
    initiatives of others already cover, by ``covered_by`` initiatives; ``severity`` (0..1) says
    how urgent the gap is beyond ``priority`` (1 highest .. 5). ``groups`` are the country's
    groups (``ldc``, ``sids``, ``eit``, ``centre_of_origin``, ...). ``languages`` are ISO 639-1
    hints (the languages the country works in).
    """

    id: NeedId
    country: str
    component: str
    areas: tuple[str, ...] = ()
    priority: int = 3
    start: Day | None = None
    end: Day | None = None
    cost_usd: float | None = None
    groups: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    text: str = ""
    covered_share: float = 0.0
    covered_by: int = 0
    severity: float = 0.0
    status: str = "open"
    confidential: bool = False


@dataclass(frozen=True)
class CapacityItem:
    """A capacity a country has in one component (``basic``, ``established``, ``advanced``)."""

    country: str
    component: str
    level: str = "basic"
    can_offer: bool = False


@dataclass(frozen=True)
class ProviderItem:
    """A provider as matching sees it: what it says it does and what it has actually done.

    ``focus_*`` are its declared mandate (empty means "not restricted"). ``budget_usd`` is what
    it has left for new support: None unknown, 0 exhausted. ``funded_components`` counts the
    initiatives per component where it was a funding or implementing provider;
    ``funded_places`` the countries and M49 areas they went to, and ``funded_pairs`` the
    ``(place, component)`` pairs. ``home_areas`` are the M49 codes containing ``country``.
    ``offers`` are the South-South capacities of a ``country`` provider. ``text`` is its
    portfolio (name, titles and descriptions of its initiatives, capacity descriptions).
    """

    id: ProviderId
    kind: str
    name: str = ""
    country: str | None = None
    home_areas: tuple[str, ...] = ()
    focus_components: frozenset[str] = frozenset()
    focus_countries: frozenset[str] = frozenset()
    focus_regions: frozenset[str] = frozenset()
    budget_usd: float | None = None
    languages: frozenset[str] = frozenset()
    funded_components: Mapping[str, int] = field(default_factory=dict, hash=False)
    funded_places: frozenset[str] = frozenset()
    funded_pairs: frozenset[tuple[str, str]] = frozenset()
    text: str = ""
    has_portfolio: bool = False
    serves_groups: frozenset[str] = frozenset()
    offers: tuple[CapacityItem, ...] = ()


@dataclass(frozen=True)
class Labels:
    """Names for codes in reasons: components (``"i"``), places (``"011"``, ``"GHA"``), country
    groups (``"ldc"``) and languages (``"fr"``). A code without a name is shown as it is."""

    components: Mapping[str, str] = field(default_factory=dict, hash=False)
    places: Mapping[str, str] = field(default_factory=dict, hash=False)
    groups: Mapping[str, str] = field(default_factory=dict, hash=False)
    languages: Mapping[str, str] = field(default_factory=dict, hash=False)

    def component(self, code: str) -> str:
        """``"Identification of LMOs ... (i)"``, or the bare code when no name is known."""
        name = self.components.get(code)
        return f"{name} ({code})" if name else f"component {code}"

    def place(self, code: str) -> str:
        """The place's name, or its code."""
        return self.places.get(code, code)

    def group(self, code: str) -> str:
        """The country group's name, or its code."""
        return self.groups.get(code, code)

    def language(self, code: str) -> str:
        """The language's name, or its code."""
        return self.languages.get(code, code)


@dataclass(frozen=True)
class Suggestion:
    """One ranked match with its explanation: the parts, the weights used and reasons."""

    need: NeedId
    provider: ProviderId
    score: float
    parts: Mapping[str, float] = field(default_factory=dict, hash=False)
    weights: Mapping[str, float] = field(default_factory=dict, hash=False)
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A suggestion accepted or declined (with a reason)."""

    need: NeedId
    provider: ProviderId
    accepted: bool
    reason: str = ""


@dataclass(frozen=True, eq=False)
class Edges:
    """Candidate (need, provider) pairs for allocation, as positions in the item sequences,
    with their match scores and how they were chosen (``description``)."""

    need: np.ndarray
    provider: np.ndarray
    score: np.ndarray
    description: str = ""

    def __len__(self) -> int:
        return int(self.need.size)


@dataclass(frozen=True)
class Assignment:
    """USD of one provider's budget assigned to one need, and why."""

    need: NeedId
    provider: ProviderId
    amount_usd: float
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True)
class AllocationResult:
    """An assignment of needs to providers.

    ``objective`` is the weighted covered USD that was maximised (see matching.allocate),
    ``covered_usd`` the plain total assigned, ``unassigned`` the needs that got nothing and
    ``notes`` why some needs or providers could not take part.
    """

    assignments: tuple[Assignment, ...]
    objective: float
    covered_usd: float
    unassigned: tuple[NeedId, ...]
    method: str
    notes: tuple[str, ...] = ()
