"""The code tables of IATI import and export, and the mappings to the Action Plan's vocabulary.

Two mappings are data files in ``seed_data/reference/iati`` (sources and rationale in its
README): DAC 5-digit purpose codes to Action Plan components, and DAC regions to UN M49 areas.
The IATI codelists the reader and the writer need (roles, statuses, activity-date types,
organisation types) are small and stable, so they are written here; the tests check them against
the IATI codelists themselves.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pycountry

from coordinator.taxonomy import COMPONENTS, expand_component

__all__ = [
    "COMPONENT_VOCABULARY",
    "COMPONENT_VOCABULARY_URI",
    "DATA_DIR",
    "DATE_TYPES",
    "ORGANISATION_TYPES",
    "ORGANISATION_TYPE_OF_KIND",
    "ROLES",
    "ROLE_CODE",
    "ROLE_OF_CODE",
    "STATUSES",
    "STATUS_CODE",
    "STATUS_OF_CODE",
    "Codelist",
    "dac_codes_for_components",
    "is_commitment",
    "is_currency",
    "is_gef",
    "load_region_m49",
    "load_sector_components",
    "organisation_country",
    "provider_kind",
    "sector_vocabulary",
    "status_code",
]

#: Where the mapping tables live: ``seed_data/reference/iati`` of the project.
DATA_DIR = Path(__file__).resolve().parents[2] / "seed_data" / "reference" / "iati"

#: Action Plan components are written as sectors of the reporting organisation's vocabulary,
#: named by this URI. It identifies the list (the components of DOMAIN.md); it is not a locator.
COMPONENT_VOCABULARY = "99"
COMPONENT_VOCABULARY_URI = "urn:capacity-coordinator:action-plan-components"


@dataclass(frozen=True)
class Codelist:
    """An IATI codelist: ``names`` maps each code to its name; ``aliases`` maps words that
    publishers write in place of a code (lower case) to the code they mean.
    ``names_are_codes`` is true where the 1.0x standard used the names themselves as codes."""

    names: Mapping[str, str]
    aliases: Mapping[str, str] = field(default_factory=dict)
    names_are_codes: bool = False

    def read(self, raw: str | None) -> tuple[str | None, bool]:
        """The code ``raw`` stands for, and whether ``raw`` was a code as the standard has it
        (``True``) rather than a name or word in place of one (``False``); ``(None, False)``
        if unknown."""
        text = " ".join((raw or "").split())
        if text in self.names:
            return text, True
        lowered = text.lower()
        for code, name in self.names.items():
            if name.lower() == lowered:
                return code, self.names_are_codes
        if lowered in self.aliases:
            return self.aliases[lowered], False
        return None, False


#: OrganisationRole (2.0x codes; 1.0x used the names as codes).
ROLES = Codelist(
    {"1": "Funding", "2": "Accountable", "3": "Extending", "4": "Implementing"},
    {"donor": "1", "funder": "1", "implementer": "4", "implementing agency": "4"},
    names_are_codes=True,
)
#: Provider role of each OrganisationRole code; Accountable (2) has none.
ROLE_OF_CODE: Mapping[str, str | None] = MappingProxyType(
    {"1": "funding", "2": None, "3": "extending", "4": "implementing"}
)
ROLE_CODE: Mapping[str, str] = MappingProxyType(
    {role: code for code, role in ROLE_OF_CODE.items() if role}
)

#: ActivityStatus (2.0x); 1.0x names for codes 3 and 4 are aliases.
STATUSES = Codelist(
    {
        "1": "Pipeline/identification",
        "2": "Implementation",
        "3": "Finalisation",
        "4": "Closed",
        "5": "Cancelled",
        "6": "Suspended",
    },
    {
        "pipeline": "1",
        "identification": "1",
        "planned": "1",
        "ongoing": "2",
        "completion": "3",
        "post-completion": "4",
        "completed": "4",
        "canceled": "5",
    },
)
STATUS_OF_CODE: Mapping[str, str] = MappingProxyType(
    {"1": "planned", "2": "ongoing", "3": "ongoing", "4": "completed", "5": "cancelled",
     "6": "ongoing"}
)
STATUS_CODE: Mapping[str, str] = MappingProxyType(
    {"planned": "1", "ongoing": "2", "completed": "4", "cancelled": "5"}
)
# Tried in order on free text that is neither a code, a name nor an alias.
_STATUS_WORDS = (
    ("cancel", "5"), ("suspend", "6"), ("clos", "4"), ("finalis", "3"), ("implement", "2"),
    ("active", "2"), ("pipeline", "1"), ("identif", "1"), ("plan", "1"),
)

#: OrganisationType (2.0x; 1.0x used the same codes); 1.0x files also wrote source types.
ORGANISATION_TYPES = Codelist(
    {
        "10": "Government",
        "11": "Local Government",
        "15": "Other Public Sector",
        "21": "International NGO",
        "22": "National NGO",
        "23": "Regional NGO",
        "24": "Partner Country based NGO",
        "30": "Public Private Partnership",
        "40": "Multilateral",
        "60": "Foundation",
        "70": "Private Sector",
        "71": "Private Sector in Provider Country",
        "72": "Private Sector in Aid Recipient Country",
        "73": "Private Sector in Third Country",
        "80": "Academic, Training and Research",
        "90": "Other",
    },
    {"bilateral": "10", "ngo": "21", "private": "70", "academic": "80"},
)
_PUBLIC_SECTOR = frozenset({"10", "11", "15"})
#: The OrganisationType written for each provider kind; kinds absent here get no type.
ORGANISATION_TYPE_OF_KIND: Mapping[str, str] = MappingProxyType(
    {"gef": "40", "multilateral": "40", "bilateral": "10", "national": "10", "country": "10"}
)

#: ActivityDateType (2.0x codes, their 1.0x names and pre-standard words), lower case:
#: which end of the activity the date is, and its rank (actual 2 > unspecified 1 > planned 0).
DATE_TYPES: Mapping[str, tuple[str, int]] = MappingProxyType(
    {
        "1": ("start", 0), "start-planned": ("start", 0),
        "2": ("start", 2), "start-actual": ("start", 2), "start": ("start", 1),
        "3": ("end", 0), "end-planned": ("end", 0),
        "4": ("end", 2), "end-actual": ("end", 2), "end": ("end", 1), "completion": ("end", 1),
    }
)

# 1.0x SectorVocabulary codes that have a 2.0x number.
_SECTOR_VOCABULARIES = {"": "1", "DAC": "1", "DAC-3": "2", "RO": "99", "RO2": "98"}


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


@lru_cache(maxsize=4)
def load_sector_components(path: Path | None = None) -> Mapping[str, tuple[str, ...]]:
    """DAC 5-digit purpose code → Action Plan component codes, in the file's order."""
    path = path or DATA_DIR / "dac_sector_components.csv"
    table: dict[str, tuple[str, ...]] = {}
    for line, row in _rows(path, ("dac_code", "components", "rationale")):
        code, components = row["dac_code"], tuple(row["components"].split())
        if not re.fullmatch(r"\d{5}", code) or code in table:
            raise ValueError(f"{path}:{line}: dac_code {code!r} is not a new 5-digit code")
        unknown = [c for c in components if c not in COMPONENTS and c != "a"]
        if not components or unknown:
            raise ValueError(f"{path}:{line}: components {row['components']!r} are not codes")
        if not row["rationale"]:
            raise ValueError(f"{path}:{line}: a mapping needs its rationale")
        table[code] = tuple(c for comp in components for c in expand_component(comp))
    return MappingProxyType(table)


@lru_cache(maxsize=4)
def load_region_m49(path: Path | None = None) -> Mapping[str, tuple[str, ...]]:
    """IATI/DAC Region code → the UN M49 codes it corresponds to."""
    path = path or DATA_DIR / "dac_region_m49.csv"
    table: dict[str, tuple[str, ...]] = {}
    for line, row in _rows(path, ("dac_code", "m49", "rationale")):
        code, m49 = row["dac_code"], tuple(row["m49"].split())
        if not code.isdigit() or code in table:
            raise ValueError(f"{path}:{line}: dac_code {code!r} is not a new numeric code")
        if not m49 or not all(re.fullmatch(r"\d{3}", c) for c in m49):
            raise ValueError(f"{path}:{line}: m49 {row['m49']!r} are not 3-digit codes")
        table[code] = m49
    return MappingProxyType(table)


def sector_vocabulary(raw: str | None) -> str:
    """The 2.0x SectorVocabulary code of ``raw`` (absent means 1, DAC 5-digit)."""
    text = (raw or "").strip()
    return _SECTOR_VOCABULARIES.get(text.upper(), text)


def status_code(raw: str | None) -> tuple[str | None, bool]:
    """The ActivityStatus code of ``raw``, and whether ``raw`` was a code or a codelist name."""
    code, exact = STATUSES.read(raw)
    if code:
        return code, exact
    lowered = (raw or "").lower()
    return next((code for word, code in _STATUS_WORDS if word in lowered), None), False


def is_commitment(raw: str | None) -> bool:
    """Whether a transaction type (2.0x code, 1.0x code or word) is an outgoing commitment."""
    return (raw or "").strip().lower() in {"2", "c", "commitment"}


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code (pycountry's table)."""
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def is_gef(name: str, ref: str) -> bool:
    """Whether an organisation is the Global Environment Facility, by its name or ref."""
    lowered = " ".join(name.lower().split())
    return (
        bool(re.search(r"\bGEF\b", f"{name} {ref}"))
        or "global environment facility" in lowered
        or "global environment fund" in lowered
    )


def organisation_country(ref: str, alpha2_to_alpha3: Mapping[str, str]) -> str | None:
    """The home country (alpha-3) an IATI organisation identifier names in its prefix, e.g.
    ``GB-1`` → ``GBR``; ``None`` for ``XM-``/``XI-`` and other identifiers."""
    match = re.match(r"([A-Z]{2})-", ref)
    if not match or match.group(1) in ("XM", "XI"):
        return None
    return alpha2_to_alpha3.get(match.group(1))


def provider_kind(
    type_code: str | None,
    *,
    name: str,
    ref: str,
    roles: Collection[str],
    country: str | None,
    recipient_countries: Collection[str],
) -> str | None:
    """The provider kind of a participating organisation (rule in docs/iati.md).

    The GEF (by name or ref) is ``gef``; governments and other public bodies are ``national``
    when their country is a recipient of the activity, ``bilateral`` when it is another country
    and, when their country is unknown, ``bilateral`` if they fund or extend, else
    ``national``; multilaterals are ``multilateral``; NGOs, public-private partnerships,
    foundations, the private sector, academia and "other" are ``other_stakeholder``.
    ``None`` when the type is unknown.
    """
    if is_gef(name, ref):
        return "gef"
    if type_code in _PUBLIC_SECTOR:
        if country:
            return "national" if country in recipient_countries else "bilateral"
        return "bilateral" if {"funding", "extending"} & set(roles) else "national"
    if type_code == "40":
        return "multilateral"
    if type_code in ORGANISATION_TYPES.names:
        return "other_stakeholder"
    return None


def dac_codes_for_components(
    components: Collection[str], table: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """DAC codes to export for an initiative's components: in table order, each code whose
    components all belong to the initiative and add one not yet covered. Reading them back
    therefore yields no component the initiative does not have."""
    wanted, covered, codes = set(components), set(), []
    for code, mapped in table.items():
        if set(mapped) <= wanted and not set(mapped) <= covered:
            codes.append(code)
            covered.update(mapped)
    return codes
