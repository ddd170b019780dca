"""The demo data set (seed_data/demo/demo.json): sizes, integrity, codes, dates and planted truths.

The planted pairs and gaps are read from the data set's README, so these tests also keep the
README honest.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from itertools import combinations
from pathlib import Path

import pycountry
import pytest

from coordinator.domain import Money
from coordinator.money import default_table
from coordinator.reference import load_countries
from coordinator.taxonomy import (
    CAPACITY_LEVELS,
    COMPONENTS,
    FRAMEWORK_STAGES,
    INITIATIVE_STATUSES,
    MEETING_SCOPES,
    MEETING_STATUSES,
    NEED_STATUSES,
    PARTNERSHIP_STATUSES,
    PARTNERSHIP_TRANSITIONS,
    PROVIDER_KINDS,
    PROVIDER_ROLES,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "seed_data" / "demo"
TODAY = date(2026, 11, 24)
PAIR_ROW = re.compile(r"^\| (\w+) \| (demo-[\w-]+) \| (demo-[\w-]+) \|", re.M)
GAP_ROW = re.compile(r"^\| (G\d+) \| (demo-need-\d+) \| ([A-Z]{3}) \| (\w+) \|", re.M)
PARTIAL_ROW = re.compile(r"^\| P1 \| (demo-need-\d+) \| (demo-ini-\d+) \|", re.M)


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries():
    return load_countries()


@pytest.fixture(scope="module")
def readme() -> dict[str, list[tuple[str, str, str]]]:
    """Planted rows of the README, by section heading."""
    text = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    sections = {}
    for part in text.split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        sections[heading] = PAIR_ROW.findall(body)
    sections["gaps"] = GAP_ROW.findall(text)
    sections["partial"] = PARTIAL_ROW.findall(text)
    return sections


def _section(readme, start: str) -> list[tuple[str, str, str]]:
    return next(rows for heading, rows in readme.items() if heading.startswith(start))


def _by_id(doc, kind):
    return {r["id"]: r for r in doc[kind]}


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] <= b["end"] and b["start"] <= a["end"]


def _cells(initiative: dict, countries, demo_codes: set[str]) -> set[tuple[str, str]]:
    """(country, component) cells an initiative reaches; regions expand to the demo's countries."""
    reached = set(initiative["recipient_countries"])
    for area in initiative["recipient_regions"]:
        reached |= {code for code in demo_codes if area in countries[code].areas}
    return {(c, k) for c in reached for k in initiative["components"]}


def _need_countries(doc) -> set[str]:
    return {n["country"] for n in doc["needs"]}


def _funders(initiative: dict) -> set[str]:
    return {p["id"] for p in initiative["providers"] if p["role"] == "funding"}


def _is_english(text: str) -> bool:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    english = sum(w in {"the", "and", "of", "is", "are", "to", "in", "for"} for w in words)
    other = sum(w in {"le", "la", "les", "des", "du", "et", "el", "los", "las", "del", "y", "se",
                      "en", "de"} for w in words)
    return english >= other


def test_document_has_the_format_and_every_list(doc):
    assert doc["format"] == "capacity-coordinator/1"
    for key in ("providers", "initiatives", "needs", "capacities", "profiles", "meetings",
                "partnerships"):
        assert isinstance(doc[key], list) and doc[key], key


def test_sizes_match_the_brief(doc):
    experts = [p for p in doc["providers"] if p["kind"] == "expert"]
    assert 35 <= len(doc["providers"]) - len(experts) <= 45
    assert len(experts) == 50
    assert 140 <= len(doc["initiatives"]) <= 160
    assert 380 <= len(doc["needs"]) <= 420
    assert 100 <= len(doc["capacities"]) <= 140
    assert 3 <= len(doc["meetings"]) <= 4
    assert 10 <= len(doc["partnerships"]) <= 20


def test_needs_span_sixty_countries_in_every_region(doc, countries):
    codes = _need_countries(doc)
    assert len(codes) >= 60
    regions = {countries[c].region for c in codes}
    assert {"002", "019", "142", "150", "009"} <= regions
    africa = sum(countries[n["country"]].region == "002" for n in doc["needs"])
    assert africa > len(doc["needs"]) / 3


def test_ids_are_unique_and_prefixed(doc):
    for kind in ("providers", "initiatives", "needs", "capacities", "meetings", "partnerships"):
        ids = [r["id"] for r in doc[kind]]
        assert len(ids) == len(set(ids)), kind
        assert all(i.startswith("demo-") for i in ids), kind
    profiles = [p["country"] for p in doc["profiles"]]
    assert len(profiles) == len(set(profiles))


def test_every_reference_points_to_a_record(doc):
    providers, needs = _by_id(doc, "providers"), _by_id(doc, "needs")
    initiatives, meetings = _by_id(doc, "initiatives"), _by_id(doc, "meetings")
    for ini in doc["initiatives"]:
        assert ini["providers"] and all(p["id"] in providers for p in ini["providers"]), ini["id"]
        assert _funders(ini), ini["id"]
    for p in doc["partnerships"]:
        assert p["need"] in needs
        assert p["provider"] in providers if p["provider"] else p["initiative"] in initiatives
        assert p["meeting"] is None or p["meeting"] in meetings
        assert (p["origin"] == "meeting") == (p["meeting"] is not None)
    for m in doc["meetings"]:
        assert all(pid in providers for pid in m["invitees"]["providers"])


def test_codes_are_valid(doc, countries):
    m49 = {c.region for c in countries.values()} | {c.subregion for c in countries.values()} | {
        c.intermediate_region for c in countries.values()}
    alpha3 = {c.alpha_3 for c in pycountry.countries}
    currencies = {c.alpha_3 for c in pycountry.currencies}
    languages = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    for p in doc["providers"]:
        assert p["kind"] in PROVIDER_KINDS
        assert p["country"] is None or p["country"] in alpha3
        assert set(p["focus_components"]) <= set(COMPONENTS), p["id"]
        assert set(p["focus_countries"]) <= alpha3 and set(p["focus_regions"]) <= m49, p["id"]
        assert p["languages"] and set(p["languages"]) <= languages, p["id"]
        assert p["contact"].endswith("@example.org")
    for ini in doc["initiatives"]:
        assert ini["status"] in INITIATIVE_STATUSES
        assert {p["role"] for p in ini["providers"]} <= set(PROVIDER_ROLES)
        assert 1 <= len(ini["recipient_countries"]) <= 6
        assert set(ini["recipient_countries"]) <= alpha3 and set(ini["recipient_regions"]) <= m49
        assert ini["components"] and set(ini["components"]) <= set(COMPONENTS)
    for n in doc["needs"]:
        assert n["country"] in alpha3 and n["component"] in COMPONENTS
        assert n["status"] in NEED_STATUSES and n["priority"] in (1, 2, 3, 4, 5)
    for c in doc["capacities"]:
        assert c["country"] in alpha3 and c["component"] in COMPONENTS
        assert c["level"] in CAPACITY_LEVELS and isinstance(c["can_offer"], bool)
    for p in doc["profiles"]:
        assert p["framework"] in FRAMEWORK_STAGES
    for m in doc["meetings"]:
        assert m["scope"] in MEETING_SCOPES and m["status"] in MEETING_STATUSES
        assert m["host"] in alpha3 and set(m["invitees"]["countries"]) <= alpha3
        assert set(m["components"]) <= set(COMPONENTS)
    money = [p["budget"] for p in doc["providers"] if p.get("budget")]
    money += [i["budget"] for i in doc["initiatives"]] + [n["estimated_cost"] for n in doc["needs"]]
    money += [p[k] for p in doc["profiles"] for k in ("funding_need_short", "funding_need_long")]
    for m in money:
        assert m["currency"] in currencies and m["amount"] >= 0


def test_dates_are_consistent_with_statuses(doc):
    for ini in doc["initiatives"]:
        start, end = _day(ini["start"]), _day(ini["end"])
        assert date(2012, 1, 1) <= start <= end <= date(2029, 12, 31), ini["id"]
        implied = ("completed" if end < TODAY else "planned" if start > TODAY else "ongoing")
        assert ini["status"] in (implied, "cancelled"), ini["id"]
    for n in doc["needs"]:
        assert date(2024, 1, 1) <= _day(n["start"]) <= _day(n["end"]) <= date(2031, 12, 31)
    for p in doc["profiles"]:
        assert _day(p["updated"]) <= TODAY
    for m in doc["meetings"]:
        assert m["status"] == "held" and _day(m["start"]) <= _day(m["end"]) < TODAY
        assert m["outcome"] and m["agenda"]


def test_partnership_histories_follow_the_life_cycle(doc):
    for p in doc["partnerships"]:
        steps = [h["status"] for h in p["history"]]
        assert steps[0] == "suggested" and steps[-1] == p["status"] in PARTNERSHIP_STATUSES
        moves = zip(steps, steps[1:], strict=False)
        assert all(b in PARTNERSHIP_TRANSITIONS[a] for a, b in moves), p["id"]
        times = [datetime.fromisoformat(h["at"]) for h in p["history"]]
        assert times == sorted(times) and times[-1].date() <= TODAY
        assert p["score"] is None or 0 <= p["score"] <= 1


def test_languages_and_lessons(doc):
    descriptions = [i["description"] for i in doc["initiatives"]]
    assert sum(not _is_english(d) for d in descriptions) >= 0.1 * len(descriptions)
    assert sum(not _is_english(n["description"]) for n in doc["needs"]) >= 20
    assert all(len(re.findall(r"[.!?](\s|$)", d)) >= 2 for d in descriptions if len(d) > 200)
    completed = [i for i in doc["initiatives"] if i["status"] == "completed"]
    assert sum(bool(i.get("lessons")) for i in completed) >= 0.7 * len(completed)
    assert "lorem" not in json.dumps(doc).lower()


def test_providers_cover_every_source_type(doc):
    kinds = {p["kind"] for p in doc["providers"]}
    assert kinds == set(PROVIDER_KINDS)
    assert any(p.get("budget", {}).get("amount") == 0 for p in doc["providers"])
    assert "XOF" in {p["budget"]["currency"] for p in doc["providers"] if p.get("budget")}
    assert all(p["country"] for p in doc["providers"] if p["kind"] in ("national", "country"))


def test_capacities_profiles_and_confidential_needs(doc):
    offering = {c["country"] for c in doc["capacities"] if c["can_offer"]}
    assert {"BRA", "ZAF", "IND", "MEX", "KEN", "CHN"} <= offering
    needed = {(n["country"], n["component"]) for n in doc["needs"]}
    assert not any((c["country"], c["component"]) in needed
                   for c in doc["capacities"] if c["can_offer"])
    with_profile = {p["country"] for p in doc["profiles"]}
    assert 2 <= len(_need_countries(doc) - with_profile) <= 6
    assert with_profile <= _need_countries(doc)
    stale = [p for p in doc["profiles"] if (TODAY - _day(p["updated"])).days > 365]
    assert 5 <= len(stale) < len(doc["profiles"]) / 3
    confidential = [n for n in doc["needs"] if n["confidential"]]
    assert 0.03 * len(doc["needs"]) <= len(confidential) <= 0.08 * len(doc["needs"])
    assert all(n["component"] in ("i", "l", "m") for n in confidential)


def test_meetings_are_hosted_in_their_area(doc, countries):
    for m in doc["meetings"]:
        assert m["host"] in m["invitees"]["countries"]
        if m["scope"] != "group":
            assert m["area"] in countries[m["host"]].areas
            assert all(m["area"] in countries[c].areas for c in m["invitees"]["countries"])
    assert any(p["origin"] == "meeting" for p in doc["partnerships"])


def test_planted_duplicate_and_overlapping_initiatives(doc, readme):
    initiatives = _by_id(doc, "initiatives")
    duplicates = _section(readme, "Duplicate initiative")
    overlaps = _section(readme, "Overlapping support")
    assert len(duplicates) == 8 and len(overlaps) == 8
    for _, a, b in duplicates:
        x, y = initiatives[a], initiatives[b]
        assert set(x["recipient_countries"]) & set(y["recipient_countries"])
        assert set(x["components"]) & set(y["components"]) and _overlap(x, y)
        assert _funders(x) == _funders(y) and x["title"] != y["title"]
    for _, a, b in overlaps:
        x, y = initiatives[a], initiatives[b]
        shared = {(c, k) for c in x["recipient_countries"] for k in x["components"]} & {
            (c, k) for c in y["recipient_countries"] for k in y["components"]}
        assert shared and _overlap(x, y) and not _funders(x) & _funders(y)
        assert "cancelled" not in (x["status"], y["status"])


def test_no_initiatives_meet_except_the_planted_pairs(doc, readme, countries):
    codes = _need_countries(doc)
    listed = {frozenset((a, b)) for heading in ("Duplicate initiative", "Overlapping support")
              for _, a, b in _section(readme, heading)}
    live = [i for i in doc["initiatives"] if i["status"] != "cancelled"]
    cells = {i["id"]: _cells(i, countries, codes) for i in live}
    meeting = {frozenset((x["id"], y["id"])) for x, y in combinations(live, 2)
               if _overlap(x, y) and cells[x["id"]] & cells[y["id"]]}
    assert meeting == listed
    for _, a, b in _section(readme, "Near misses"):
        assert frozenset((a, b)) not in meeting


def test_planted_needs(doc, readme, countries):
    needs = _by_id(doc, "needs")
    pairs = _section(readme, "Duplicate needs")
    assert len(pairs) == 4
    for _, a, b in pairs:
        x, y = needs[a], needs[b]
        assert (x["country"], x["component"]) == (y["country"], y["component"]) and _overlap(x, y)
    cells = [(n["country"], n["component"]) for n in doc["needs"]]
    repeated = {c for c in cells if cells.count(c) > 1}
    assert repeated == {(needs[a]["country"], needs[a]["component"]) for _, a, _b in pairs}
    (_, a, b), = _section(readme, "Near miss among needs")
    assert needs[a]["country"] == needs[b]["country"]
    assert needs[a]["component"] != needs[b]["component"]


def test_planted_gaps_have_no_support(doc, readme, countries):
    codes = _need_countries(doc)
    needs = _by_id(doc, "needs")
    gaps = readme["gaps"]
    assert len(gaps) >= 8
    reached = set().union(*(_cells(i, countries, codes) for i in doc["initiatives"]))
    supported = {p["need"] for p in doc["partnerships"]}
    for _, need_id, country, component in gaps:
        need = needs[need_id]
        assert (need["country"], need["component"]) == (country, component)
        assert need["priority"] <= 2 and need["status"] == "open"
        assert {"ldc", "sids"} & countries[country].groups
        assert (country, component) not in reached and need_id not in supported


def test_planted_partial_gap(doc, readme, countries):
    codes = _need_countries(doc)
    (need_id, ini_id), = readme["partial"]
    need = _by_id(doc, "needs")[need_id]
    cell = (need["country"], need["component"])
    reaching = [i["id"] for i in doc["initiatives"] if cell in _cells(i, countries, codes)]
    assert reaching == [ini_id] and need["status"] == "partially_met"
    table = default_table()
    budget = _by_id(doc, "initiatives")[ini_id]["budget"]
    cost = need["estimated_cost"]
    assert table.to_usd(Money(budget["amount"], budget["currency"]), 2025) < table.to_usd(
        Money(cost["amount"], cost["currency"]), 2025)
    assert any(p["need"] == need_id and p["initiative"] == ini_id and p["status"] == "funded"
               for p in doc["partnerships"])


def test_demo_countries_agree_with_reference_data(countries):
    sys.path.insert(0, str(DEMO_DIR))
    try:
        from demo_geo import OFFER_ONLY, PLACES
    finally:
        sys.path.remove(str(DEMO_DIR))
    for code, place in {**PLACES, **OFFER_ONLY}.items():
        assert set(place.areas) == set(countries[code].areas), code
        assert set(place.groups) == set(countries[code].groups) - {"cartagena"}, code


def test_build_script_reproduces_demo_json(tmp_path):
    out = tmp_path / "demo.json"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, str(DEMO_DIR / "build_demo.py"), "--out", str(out)],
                   check=True, env=env, timeout=60)
    assert out.read_bytes() == (DEMO_DIR / "demo.json").read_bytes()


def test_other_facts_listed_in_readme(doc, countries):
    text = (DEMO_DIR / "README.md").read_text(encoding="utf-8")

    def listed(label: str) -> set[str]:
        line = next(x for x in text.splitlines() if x.startswith(f"- {label}"))
        return set(re.findall(r"\b(?:[A-Z]{3}|demo-[\w-]+)\b", line.partition(":")[2]))

    codes = _need_countries(doc)
    reached = {c for i in doc["initiatives"] for c, _ in _cells(i, countries, codes)}
    assert listed("Countries that no initiative reaches") == codes - reached
    profiled = {p["country"] for p in doc["profiles"]}
    assert listed("Countries with needs but no profile") == _need_countries(doc) - profiled
    stale = {p["country"] for p in doc["profiles"] if (TODAY - _day(p["updated"])).days > 365}
    assert listed("Profiles not updated") == stale
    assert listed("Confidential needs") == {n["id"] for n in doc["needs"] if n["confidential"]}
    assert listed("Cancelled initiatives") == {
        i["id"] for i in doc["initiatives"] if i["status"] == "cancelled"}
