"""The Action Plan's vocabulary: components, source types, provider kinds, groups and statuses.

Codes are stable (see DOMAIN.md): data files, imports, URLs and reports refer to them.
"""
from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "COMPONENTS",
    "COMPONENT_PARENT",
    "SOURCE_TYPES",
    "PROVIDER_KINDS",
    "PROVIDER_KIND_SOURCE",
    "PROVIDER_ROLES",
    "INITIATIVE_STATUSES",
    "NEED_STATUSES",
    "CAPACITY_LEVELS",
    "FRAMEWORK_STAGES",
    "PARTNERSHIP_STATUSES",
    "PARTNERSHIP_TRANSITIONS",
    "MEETING_SCOPES",
    "MEETING_STATUSES",
    "COUNTRY_GROUPS",
    "PRIORITY_GROUPS",
    "component_label",
    "expand_component",
]

#: Key components that need concrete action (Action Plan section 3, paragraph 4).
COMPONENTS: MappingProxyType[str, str] = MappingProxyType(
    {
        "a1": "Legislative and regulatory framework",
        "a2": "Administrative framework",
        "a3": "Technical, scientific and telecommunications infrastructure",
        "a4": "Funding and resource management",
        "a5": "Follow-up, monitoring and assessment mechanisms",
        "b": "Human resources development and training",
        "c": "Risk assessment and other scientific and technical expertise",
        "d": "Risk management",
        "e": "Awareness, participation and education at all levels",
        "f": "Information exchange and data management, including the Biosafety Clearing-House",
        "g": "Scientific, technical and institutional collaboration at all levels",
        "h": "Technology transfer",
        "i": "Identification of LMOs, including their detection",
        "j": "Socio-economic considerations",
        "k": "Documentation requirements under Article 18.2",
        "l": "Handling of confidential information",
        "m": "Unintentional and/or illegal transboundary movements of LMOs",
        "n": "Scientific research relating to the biosafety of LMOs",
        "o": "Taking into account risks to human health",
    }
)

#: Sub-items a1..a5 belong to component a, "Institutional capacity building".
COMPONENT_PARENT: MappingProxyType[str, str] = MappingProxyType(
    {f"a{i}": "a" for i in range(1, 6)}
)

INSTITUTIONAL = "Institutional capacity building"

#: The six source types of section 4(d).
SOURCE_TYPES: MappingProxyType[str, str] = MappingProxyType(
    {
        "gef": "Global Environment Facility",
        "multilateral": "Multilateral agencies",
        "other_international": "Other international sources",
        "bilateral": "Bilateral sources",
        "other_stakeholder": "Other stakeholders",
        "national": "National sources",
    }
)

#: Provider kinds of the data format; experts and countries (South-South) are providers too.
PROVIDER_KINDS: MappingProxyType[str, str] = MappingProxyType(
    {
        **SOURCE_TYPES,
        "expert": "Expert of the roster",
        "country": "Country offering South-South support",
    }
)

#: Which source type of 4(d) each provider kind reports under (experts and countries are
#: counted as "other stakeholders" and "national sources" respectively).
PROVIDER_KIND_SOURCE: MappingProxyType[str, str] = MappingProxyType(
    {
        **{kind: kind for kind in SOURCE_TYPES},
        "expert": "other_stakeholder",
        "country": "national",
    }
)

PROVIDER_ROLES = ("funding", "implementing", "extending")
INITIATIVE_STATUSES = ("planned", "ongoing", "completed", "cancelled")
NEED_STATUSES = ("open", "partially_met", "met", "withdrawn")
CAPACITY_LEVELS = ("basic", "established", "advanced")
FRAMEWORK_STAGES = ("none", "drafting", "adopted", "operational")

PARTNERSHIP_STATUSES = ("suggested", "accepted", "declined", "funded", "completed")
#: The partnership life cycle: suggested -> accepted/declined -> funded -> completed.
PARTNERSHIP_TRANSITIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "suggested": ("accepted", "declined"),
        "accepted": ("funded", "declined"),
        "declined": ("suggested",),
        "funded": ("completed",),
        "completed": (),
    }
)

MEETING_SCOPES = ("region", "subregion", "group")
MEETING_STATUSES = ("proposed", "scheduled", "held", "cancelled")

#: Country groups the Action Plan names (paragraph 1, 4(e), 5.3(b)) and related UN lists.
COUNTRY_GROUPS: MappingProxyType[str, str] = MappingProxyType(
    {
        "ldc": "Least developed countries",
        "lldc": "Landlocked developing countries",
        "sids": "Small island developing States",
        "eit": "Countries with economies in transition",
        "centre_of_origin": "Centres of origin and of genetic diversity",
    }
)

#: The groups whose funding 4(e) asks to make more effective and adequate.
PRIORITY_GROUPS = ("ldc", "sids", "eit", "centre_of_origin")


def component_label(code: str) -> str:
    """The component's code and name, e.g. ``"i — Identification of LMOs, ..."``."""
    return f"{code} — {COMPONENTS[code]}"


def expand_component(code: str) -> tuple[str, ...]:
    """The codes a component stands for: ``"a"`` means a1..a5; any other code means itself."""
    if code == "a":
        return tuple(c for c in COMPONENTS if c.startswith("a"))
    return (code,)
