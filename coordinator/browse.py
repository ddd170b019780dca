"""Finding records: the filters, sorting and paging every list (page, API, export) uses.

Money is sorted by its USD equivalent (amounts that cannot be converted sort last).

Pure functions over a :class:`~coordinator.domain.Snapshot` that is already limited to what the
viewer may see.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import taxonomy
from .domain import Capacity, Initiative, Need, Provider, Snapshot
from .errors import InvalidInput, Problem
from .money import RateTable

__all__ = ["Page", "FILTERS", "SORTS", "browse", "RECORD_KINDS", "parse_filters"]

RECORD_KINDS = ("providers", "initiatives", "needs", "capacities")
MAX_PER_PAGE = 500

#: The filters each list accepts, with what they mean.
FILTERS: dict[str, dict[str, str]] = {
    "initiatives": {
        "country": "recipient country (alpha-3), directly or through a recipient region",
        "region": "M49 area: a recipient region inside it, or a recipient country in it",
        "component": "Action Plan component (a means a1..a5)",
        "provider": "provider id taking part", "role": "the provider's role (with provider)",
        "kind": "kind of a provider taking part", "status": "initiative status",
        "from": "active on or after this date", "to": "active on or before this date",
        "q": "words in the id, title or description",
    },
    "needs": {
        "country": "country (alpha-3)", "region": "M49 area containing the country",
        "component": "Action Plan component", "status": "need status",
        "priority": "highest priority to include (1..5)",
        "group": "priority group of the country (ldc, lldc, sids, eit, centre_of_origin)",
        "from": "time frame on or after", "to": "time frame on or before",
        "q": "words in the id, title or description",
    },
    "providers": {
        "kind": "provider kind", "component": "focus component",
        "country": "focus or home country", "region": "focus region", "q": "words in the name",
    },
    "capacities": {
        "country": "country", "region": "M49 area", "component": "component",
        "can_offer": "true for capacities offered for South-South cooperation",
        "q": "words in the description",
    },
}
SORTS = {
    "initiatives": ("title", "start", "end", "status", "budget", "updated", "id"),
    "needs": ("priority", "title", "country", "component", "start", "end", "status", "cost",
              "updated", "id"),
    "providers": ("name", "kind", "budget", "updated", "id"),
    "capacities": ("country", "component", "level", "id"),
}


@dataclass(frozen=True)
class Page:
    """One page of a filtered, sorted list."""

    items: tuple[Any, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has."""
        return max(1, -(-self.total // self.per_page))


def parse_filters(kind: str, raw: Mapping[str, str]) -> dict[str, str]:
    """Keep the known, non-empty filters of ``kind``; unknown ones are an error."""
    allowed = FILTERS[kind]
    clean = {}
    for key, value in raw.items():
        if key in ("page", "per_page", "sort", "order", "format"):
            continue
        if key not in allowed:
            raise InvalidInput(Problem("query", kind, key, "unknown filter; allowed: "
                                       + ", ".join(sorted(allowed))))
        if value is not None and str(value).strip():
            clean[key] = str(value).strip()
    return clean


def _areas_of(snapshot: Snapshot, alpha3: str) -> tuple[str, ...]:
    country = snapshot.countries.get(alpha3)
    return (*country.areas, "001") if country else ()


def _region_ancestors(snapshot: Snapshot, code: str) -> set[str]:
    out, seen = set(), code
    while seen and seen not in out:
        out.add(seen)
        region = snapshot.regions.get(seen)
        seen = region.parent if region else None
    return out


def _words_match(query: str, *texts: str | None) -> bool:
    haystack = " ".join(t for t in texts if t).lower()
    return all(word in haystack for word in query.lower().split())


def _components(code: str) -> set[str]:
    codes = set(taxonomy.expand_component(code.lower()))
    parent = taxonomy.COMPONENT_PARENT.get(code.lower())
    if parent:
        codes.add(parent)
    return codes


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(Problem("query", "", name, f"{value!r} is not a date YYYY-MM-DD")) \
            from None


def _period(filters: Mapping[str, str]) -> tuple[date | None, date | None]:
    """The ``from`` and ``to`` filters as dates (None when not given)."""
    return (_day(filters["from"], "from") if "from" in filters else None,
            _day(filters["to"], "to") if "to" in filters else None)


def _overlaps(start: date | None, end: date | None,
              period: tuple[date | None, date | None]) -> bool:
    low, high = period
    if low is not None and end is not None and end < low:
        return False
    if high is not None and start is not None and start > high:
        return False
    return True


class _Places:
    """The areas of countries and the ancestors of regions, each looked up once per listing."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self._areas: dict[str, tuple[str, ...]] = {}
        self._ancestors: dict[str, set[str]] = {}

    def areas_of(self, alpha3: str) -> tuple[str, ...]:
        if alpha3 not in self._areas:
            self._areas[alpha3] = _areas_of(self.snapshot, alpha3)
        return self._areas[alpha3]

    def ancestors(self, code: str) -> set[str]:
        if code not in self._ancestors:
            self._ancestors[code] = _region_ancestors(self.snapshot, code)
        return self._ancestors[code]


# Each test below reads its filters once, outside the per-record function: a list is
# filtered over every record of its kind (10,000s of them).

def _initiative_test(snapshot: Snapshot, f: Mapping[str, str]) -> Callable[[Initiative], bool]:
    places = _Places(snapshot)
    period = _period(f)
    components = _components(f["component"]) if "component" in f else None
    country = f["country"].upper() if "country" in f else None
    country_areas = set(places.areas_of(country)) if country else set()

    def test(i: Initiative) -> bool:
        if "status" in f and i.status != f["status"]:
            return False
        if components is not None and not components & set(i.components):
            return False
        if country is not None:
            if country not in i.recipient_countries and not \
                    country_areas & set(i.recipient_regions):
                return False
        if "region" in f:
            wanted = f["region"]
            countries_in = any(wanted in places.areas_of(c) for c in i.recipient_countries)
            regions_in = any(wanted in places.ancestors(r) for r in i.recipient_regions)
            if not (countries_in or regions_in):
                return False
        if "provider" in f:
            roles = [p for p in i.providers if p.id == f["provider"]]
            if not roles or ("role" in f and all(p.role != f["role"] for p in roles)):
                return False
        elif "role" in f and all(p.role != f["role"] for p in i.providers):
            return False
        if "kind" in f and all(
                snapshot.providers.get(p.id) is None or snapshot.providers[p.id].kind != f["kind"]
                for p in i.providers):
            return False
        if not _overlaps(i.start, i.end, period):
            return False
        return "q" not in f or _words_match(f["q"], i.id, i.title, i.description)
    return test


def _need_test(snapshot: Snapshot, f: Mapping[str, str]) -> Callable[[Need], bool]:
    places = _Places(snapshot)
    period = _period(f)
    components = _components(f["component"]) if "component" in f else None
    country = f["country"].upper() if "country" in f else None
    if "priority" in f:
        try:
            lowest = int(f["priority"])
        except ValueError:
            raise InvalidInput(Problem("query", "", "priority", "must be 1..5")) from None

    def test(n: Need) -> bool:
        if "status" in f and n.status != f["status"]:
            return False
        if country is not None and n.country != country:
            return False
        if "region" in f and f["region"] not in places.areas_of(n.country):
            return False
        if components is not None and n.component not in components:
            return False
        if "priority" in f and n.priority > lowest:
            return False
        if "group" in f:
            country_record = snapshot.countries.get(n.country)
            if country_record is None or f["group"] not in country_record.groups:
                return False
        if not _overlaps(n.start, n.end, period):
            return False
        return "q" not in f or _words_match(f["q"], n.id, n.title, n.description)
    return test


def _provider_test(snapshot: Snapshot, f: Mapping[str, str]) -> Callable[[Provider], bool]:
    def test(p: Provider) -> bool:
        if "kind" in f and p.kind != f["kind"]:
            return False
        if "component" in f and not _components(f["component"]) & set(p.focus_components):
            return False
        if "country" in f:
            code = f["country"].upper()
            if code != p.country and code not in p.focus_countries and not \
                    set(_areas_of(snapshot, code)) & set(p.focus_regions):
                return False
        if "region" in f and not any(f["region"] in _region_ancestors(snapshot, r)
                                     for r in p.focus_regions):
            return False
        return "q" not in f or _words_match(f["q"], p.id, p.name)
    return test


def _capacity_test(snapshot: Snapshot, f: Mapping[str, str]) -> Callable[[Capacity], bool]:
    def test(c: Capacity) -> bool:
        if "country" in f and c.country != f["country"].upper():
            return False
        if "region" in f and f["region"] not in _areas_of(snapshot, c.country):
            return False
        if "component" in f and c.component not in _components(f["component"]):
            return False
        if "can_offer" in f and c.can_offer != (f["can_offer"].lower() in ("1", "true", "yes")):
            return False
        return "q" not in f or _words_match(f["q"], c.id, c.description)
    return test


_TESTS = {"initiatives": _initiative_test, "needs": _need_test, "providers": _provider_test,
          "capacities": _capacity_test}


def _sort_key(snapshot: Snapshot, kind: str, sort: str) -> Callable[[Any], Any]:
    if sort in ("budget", "cost"):
        rates = RateTable(snapshot.rates)
        attribute = "budget" if kind != "needs" else "estimated_cost"

        def in_usd(record) -> float:
            money = getattr(record, attribute)
            if money is None:
                return -1.0
            usd = rates.to_usd(money, getattr(record, "start", None))
            return usd if usd is not None else -1.0
        return in_usd
    if sort in ("start", "end", "updated"):
        return lambda r: (getattr(r, sort) is None, getattr(r, sort) or date.min)
    return lambda r: (getattr(r, sort) is None, getattr(r, sort) or "")


def browse(snapshot: Snapshot, kind: str, filters: Mapping[str, str] | None = None, *,
           sort: str | None = None, descending: bool = False, page: int = 1,
           per_page: int = 50) -> Page:
    """The records of ``kind`` matching ``filters``, sorted and cut to one page."""
    if kind not in RECORD_KINDS:
        raise InvalidInput(Problem("query", "", "kind", f"{kind!r} is not one of "
                                   + ", ".join(RECORD_KINDS)))
    sort = sort or SORTS[kind][0]
    if sort not in SORTS[kind]:
        raise InvalidInput(Problem("query", kind, "sort", f"{sort!r}: sort by one of "
                                   + ", ".join(SORTS[kind])))
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(Problem("query", kind, "page",
                                   f"page ≥ 1 and per_page 1..{MAX_PER_PAGE}"))
    records: Iterable[Any] = getattr(snapshot, kind).values()
    test = _TESTS[kind](snapshot, filters or {})
    selected = sorted((r for r in records if test(r)), key=lambda r: r.id)
    selected.sort(key=_sort_key(snapshot, kind, sort), reverse=descending)
    start = (page - 1) * per_page
    return Page(tuple(selected[start:start + per_page]), len(selected), page, per_page)
