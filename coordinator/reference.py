"""Reference data: UN M49 regions, ISO 3166-1 countries and the country groups of the Action Plan.

The data live as CSV files under ``seed_data/reference`` (their sources and dates are written in
``SOURCES.md`` there). This module only reads and checks them; every problem found names the file,
line, record and field, and nothing is returned unless all files are sound.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from coordinator.domain import Country, Region
from coordinator.errors import InvalidInput, Problem

__all__ = [
    "CARTAGENA_FILE",
    "GROUP_FILES",
    "REFERENCE_DIR",
    "REGION_LEVELS",
    "UN_STATUSES",
    "alpha2_to_alpha3",
    "countries_in_area",
    "load_countries",
    "load_regions",
]

#: The repository's reference data directory (``coordinator/../seed_data/reference``).
REFERENCE_DIR = Path(__file__).resolve().parent.parent / "seed_data" / "reference"

#: Country group code (see ``taxonomy.COUNTRY_GROUPS``) -> its file under ``groups/``.
GROUP_FILES: MappingProxyType[str, str] = MappingProxyType(
    {
        "ldc": "ldc.csv",
        "lldc": "lldc.csv",
        "sids": "sids.csv",
        "eit": "eit.csv",
        "centre_of_origin": "centres_of_origin.csv",
    }
)

#: Parties to the Cartagena Protocol, under ``groups/`` like the country groups.
CARTAGENA_FILE = "cartagena_parties.csv"
CARTAGENA_NON_PARTIES_FILE = "cartagena_non_parties.csv"

#: M49 levels, largest first; each level's parent is of the level before it.
REGION_LEVELS = ("world", "region", "subregion", "intermediate")

UN_STATUSES = ("member", "observer", "other")

_REGION_COLUMNS = ("code", "name", "level", "parent")
_COUNTRY_COLUMNS = (
    "alpha3", "alpha2", "numeric", "name", "un_status", "region", "subregion",
    "intermediate_region",
)
_GROUP_COLUMNS = ("alpha3", "name")
_M49 = re.compile(r"\d{3}")
_ALPHA3 = re.compile(r"[A-Z]{3}")
_ALPHA2 = re.compile(r"[A-Z]{2}")


def _read_rows(
    path: Path, columns: tuple[str, ...], problems: list[Problem]
) -> list[tuple[str, dict[str, str]]]:
    """The rows of a CSV file as ``(source, row)`` pairs, ``source`` being ``file:line``."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        problems.append(Problem(path.name, "", "", f"cannot be read ({exc.strerror})"))
        return []
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                Problem(path.name, "", ", ".join(missing), "missing column(s) in the header")
            )
            return []
        return [
            (f"{path.name}:{reader.line_num}", {k: (v or "").strip() for k, v in row.items() if k})
            for row in reader
        ]


def _parse_regions(path: Path, problems: list[Problem]) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    rows = _read_rows(path, _REGION_COLUMNS, problems)
    for source, row in rows:
        code, record = row["code"], f"region {row['code'] or '?'}"
        if not _M49.fullmatch(code):
            problems.append(Problem(source, record, "code", "must be a 3-digit M49 code"))
            continue
        if code in regions:
            problems.append(Problem(source, record, "code", "appears more than once"))
            continue
        if not row["name"]:
            problems.append(Problem(source, record, "name", "is empty"))
        if row["level"] not in REGION_LEVELS:
            problems.append(
                Problem(source, record, "level", f"must be one of {', '.join(REGION_LEVELS)}")
            )
            continue
        regions[code] = Region(code, row["name"], row["level"], row["parent"] or None)
    for source, row in rows:
        region = regions.get(row["code"])
        if region is None:
            continue
        depth = REGION_LEVELS.index(region.level)
        record = f"region {region.code}"
        if depth == 0:
            if region.parent is not None:
                problems.append(Problem(source, record, "parent", "the world has no parent"))
            continue
        parent = regions.get(region.parent or "")
        if parent is None:
            problems.append(Problem(source, record, "parent", "is not a region of this file"))
        elif parent.level != REGION_LEVELS[depth - 1]:
            problems.append(
                Problem(
                    source, record, "parent",
                    f"a {region.level}'s parent must be a {REGION_LEVELS[depth - 1]}, "
                    f"not a {parent.level}",
                )
            )
    return regions


def _check_placement(
    source: str, row: dict[str, str], regions: dict[str, Region], problems: list[Problem]
) -> None:
    """Each M49 code of a country must exist, be of its level and sit inside the next one up."""
    record = f"country {row['alpha3']}"
    chain = (
        ("intermediate_region", "intermediate", "subregion"),
        ("subregion", "subregion", "region"),
        ("region", "region", None),
    )
    for field, level, up_field in chain:
        code = row[field]
        if not code:
            continue
        region = regions.get(code)
        if region is None:
            problems.append(Problem(source, record, field, f"{code} is not an M49 area"))
        elif region.level != level:
            problems.append(Problem(source, record, field, f"{code} is a {region.level}"))
        elif up_field and region.parent != row[up_field]:
            problems.append(
                Problem(source, record, up_field, f"{code} lies in {region.parent}, not here")
            )
    if row["intermediate_region"] and not row["subregion"]:
        problems.append(Problem(source, record, "subregion", "is empty"))
    if row["subregion"] and not row["region"]:
        problems.append(Problem(source, record, "region", "is empty"))


def _parse_countries(
    path: Path, regions: dict[str, Region], problems: list[Problem]
) -> tuple[dict[str, dict[str, str]], set[str]]:
    """The sound rows keyed by alpha-3, and every alpha-3 the file lists (sound or not)."""
    rows: dict[str, dict[str, str]] = {}
    listed: set[str] = set()
    seen_alpha2: dict[str, str] = {}
    seen_numeric: dict[str, str] = {}
    for source, row in _read_rows(path, _COUNTRY_COLUMNS, problems):
        alpha3, record = row["alpha3"], f"country {row['alpha3'] or '?'}"
        listed.add(alpha3)
        checks = (
            ("alpha3", bool(_ALPHA3.fullmatch(alpha3)), "must be 3 capital letters"),
            ("alpha2", bool(_ALPHA2.fullmatch(row["alpha2"])), "must be 2 capital letters"),
            ("numeric", bool(_M49.fullmatch(row["numeric"])), "must be a 3-digit code"),
            ("name", bool(row["name"]), "is empty"),
            ("un_status", row["un_status"] in UN_STATUSES,
             f"must be one of {', '.join(UN_STATUSES)}"),
        )
        bad = [Problem(source, record, field, msg) for field, ok, msg in checks if not ok]
        if alpha3 in rows:
            bad.append(Problem(source, record, "alpha3", "appears more than once"))
        for field, seen in (("alpha2", seen_alpha2), ("numeric", seen_numeric)):
            if row[field] in seen:
                bad.append(
                    Problem(source, record, field, f"{row[field]} is also {seen[row[field]]}'s")
                )
        if bad:
            problems.extend(bad)
            continue
        seen_alpha2[row["alpha2"]] = alpha3
        seen_numeric[row["numeric"]] = alpha3
        _check_placement(source, row, regions, problems)
        rows[alpha3] = row
    return rows, listed


def _read_members(path: Path, known: set[str], problems: list[Problem]) -> set[str]:
    """The alpha-3 codes listed in a group file, each of them a country of ``known``."""
    members: set[str] = set()
    for source, row in _read_rows(path, _GROUP_COLUMNS, problems):
        alpha3 = row["alpha3"]
        record = f"{path.stem} member {alpha3 or '?'}"
        if alpha3 not in known:
            problems.append(Problem(source, record, "alpha3", "is not a country of countries.csv"))
        elif alpha3 in members:
            problems.append(Problem(source, record, "alpha3", "appears more than once"))
        else:
            members.add(alpha3)
    return members


def load_regions(path: str | Path | None = None) -> dict[str, Region]:
    """The UN M49 areas of ``regions.csv`` keyed by code (default: the repository's file).

    Raises :class:`InvalidInput` naming every bad line (bad code, level or parent).
    """
    if path is None:
        return dict(_default_regions())
    problems: list[Problem] = []
    regions = _parse_regions(Path(path), problems)
    if problems:
        raise InvalidInput(problems)
    return regions


def load_countries(
    path: str | Path | None = None, regions: dict[str, Region] | None = None
) -> dict[str, Country]:
    """The ISO 3166-1 countries of ``countries.csv`` keyed by alpha-3, with groups and Cartagena status.

    Groups come from ``groups/*.csv`` beside the countries file (see :data:`GROUP_FILES`); a
    country listed in ``groups/cartagena_parties.csv`` has ``cartagena_party`` True, one in
    ``groups/cartagena_non_parties.csv`` False, any other None (status not confirmed). Placements are
    checked against ``regions`` (default: ``regions.csv`` beside the countries file). Raises
    :class:`InvalidInput` naming every bad line of every file.
    """
    if path is None and regions is None:
        return dict(_default_countries())
    path = Path(path) if path is not None else REFERENCE_DIR / "countries.csv"
    problems: list[Problem] = []
    if regions is None:
        regions = _parse_regions(path.parent / "regions.csv", problems)
    rows, listed = _parse_countries(path, regions, problems)
    groups_dir = path.parent / "groups"
    membership = {
        group: _read_members(groups_dir / filename, listed, problems)
        for group, filename in GROUP_FILES.items()
    }
    parties = _read_members(groups_dir / CARTAGENA_FILE, listed, problems)
    non_parties = _read_members(groups_dir / CARTAGENA_NON_PARTIES_FILE, listed, problems)
    for alpha3 in sorted(set(parties) & set(non_parties)):
        problems.append(Problem(CARTAGENA_NON_PARTIES_FILE, alpha3, "alpha3",
                                "listed both as a Party and as a non-Party"))
    if problems:
        raise InvalidInput(problems)
    return {
        alpha3: Country(
            alpha3=alpha3,
            alpha2=row["alpha2"],
            numeric=row["numeric"],
            name=row["name"],
            region=row["region"] or None,
            subregion=row["subregion"] or None,
            intermediate_region=row["intermediate_region"] or None,
            groups=frozenset(g for g, members in membership.items() if alpha3 in members),
            un_status=row["un_status"],
            cartagena_party=True if alpha3 in parties else (
                False if alpha3 in non_parties else None),
        )
        for alpha3, row in rows.items()
    }


@lru_cache(maxsize=1)
def _default_regions() -> dict[str, Region]:
    return load_regions(REFERENCE_DIR / "regions.csv")


@lru_cache(maxsize=1)
def _default_countries() -> dict[str, Country]:
    return load_countries(REFERENCE_DIR / "countries.csv", _default_regions())


def countries_in_area(countries: dict[str, Country], code: str) -> set[str]:
    """Alpha-3 codes of the countries inside M49 area ``code``; ``"001"`` (World) means all."""
    if code == "001":
        return set(countries)
    return {
        alpha3
        for alpha3, country in countries.items()
        if code in (country.region, country.subregion, country.intermediate_region)
    }


def alpha2_to_alpha3(countries: dict[str, Country]) -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 for the given countries (e.g. ``"KE"`` -> ``"KEN"``)."""
    return {country.alpha2: alpha3 for alpha3, country in countries.items()}
