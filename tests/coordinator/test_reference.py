"""Reference data: the shipped M49 regions, ISO countries and country groups, and their loader."""
from __future__ import annotations

import csv
import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import pytest

from coordinator.domain import Country, Region
from coordinator.errors import InvalidInput
from coordinator.reference import (
    CARTAGENA_FILE,
    GROUP_FILES,
    REFERENCE_DIR,
    alpha2_to_alpha3,
    countries_in_area,
    load_countries,
    load_regions,
)
from coordinator.taxonomy import COUNTRY_GROUPS


@pytest.fixture(scope="module")
def regions() -> dict[str, Region]:
    return load_regions()


@pytest.fixture(scope="module")
def countries() -> dict[str, Country]:
    return load_countries()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def members(countries: dict[str, Country], group: str) -> set[str]:
    return {a for a, c in countries.items() if group in c.groups}


# --- the shipped files ------------------------------------------------------------------------


def test_every_iso_entry_is_there_with_its_un_status(countries):
    assert len(countries) == 249
    status = Counter(c.un_status for c in countries.values())
    assert status == {"member": 193, "observer": 2, "other": 54}
    assert {a for a, c in countries.items() if c.un_status == "observer"} == {"VAT", "PSE"}
    assert countries["COK"].un_status == "other"
    assert countries["NIU"].un_status == "other"
    assert all(len(c.numeric) == 3 and c.numeric.isdigit() for c in countries.values())
    assert countries["AFG"].numeric == "004"


def test_names_are_the_un_m49_short_names(countries):
    assert countries["BOL"].name == "Bolivia (Plurinational State of)"
    assert countries["TZA"].name == "United Republic of Tanzania"
    assert countries["GBR"].name == "United Kingdom of Great Britain and Northern Ireland"
    assert countries["PSE"].name == "State of Palestine"
    assert countries["KEN"].name == "Kenya"


def test_m49_hierarchy_has_world_regions_subregions_and_intermediates(regions):
    assert regions["001"] == Region("001", "World", "world", None)
    top = {code for code, r in regions.items() if r.level == "region"}
    assert top == {"002", "019", "142", "150", "009"}
    assert all(regions[code].parent == "001" for code in top)
    assert regions["202"] == Region("202", "Sub-Saharan Africa", "subregion", "002")
    assert regions["419"].parent == "019" and regions["021"].parent == "019"
    intermediates = {code: r.parent for code, r in regions.items() if r.level == "intermediate"}
    assert intermediates == {
        "014": "202", "017": "202", "018": "202", "011": "202",
        "029": "419", "013": "419", "005": "419", "830": "154",
    }


def test_every_placement_is_an_existing_area_of_the_right_level(countries, regions):
    for country in countries.values():
        for code, level in (
            (country.region, "region"),
            (country.subregion, "subregion"),
            (country.intermediate_region, "intermediate"),
        ):
            if code is not None:
                assert regions[code].level == level, country.alpha3
        if country.intermediate_region:
            assert regions[country.intermediate_region].parent == country.subregion
        if country.subregion:
            assert regions[country.subregion].parent == country.region
    unplaced = {a for a, c in countries.items() if c.region is None}
    assert unplaced == {"ATA", "TWN"}


def test_spot_checks_of_placement(countries):
    assert countries["KEN"].areas == ("014", "202", "002")
    assert countries["BRA"].areas == ("005", "419", "019")
    assert countries["USA"].areas == ("021", "019")
    assert countries["EGY"].areas == ("015", "002")
    assert countries["NRU"].subregion == "057"
    assert countries["JEY"].areas == ("830", "154", "150")


def test_group_counts_and_spot_checks(countries):
    counts = {group: len(members(countries, group)) for group in GROUP_FILES}
    assert counts == {"ldc": 44, "lldc": 32, "sids": 58, "eit": 23, "centre_of_origin": 30}
    assert "sids" in countries["FJI"].groups
    assert {"ldc", "lldc"} <= countries["ETH"].groups
    sids = members(countries, "sids")
    assert len({a for a in sids if countries[a].un_status == "member"}) == 38
    assert {"COK", "NIU", "PRI"} <= sids
    assert members(countries, "eit") >= {"RUS", "UKR", "POL", "ALB"}
    assert "KAZ" not in members(countries, "eit")
    assert countries["KEN"].groups == frozenset({"centre_of_origin"})


def test_ldc_list_reflects_graduations(countries):
    ldc = members(countries, "ldc")
    assert "BTN" not in ldc and "STP" not in ldc and "VUT" not in ldc
    assert {"BGD", "LAO", "NPL", "SLB"} <= ldc
    notes = {row["alpha3"]: row["note"] for row in read_csv(REFERENCE_DIR / "groups" / "ldc.csv")}
    for alpha3 in ("BGD", "LAO", "NPL"):
        assert "24 November 2026" in notes[alpha3]


def test_cartagena_parties(countries):
    parties = {a for a, c in countries.items() if c.cartagena_party}
    assert {"BRA", "KEN", "CHN", "IND", "URY", "BHR", "LBN", "UZB", "NIU", "PSE"} <= parties
    known_non_parties = {"USA", "CAN", "ARG", "AUS", "CHL", "RUS", "ISR", "AND", "HTI", "COK"}
    assert not known_non_parties & parties
    assert {a for a, c in countries.items() if c.cartagena_party is False} == known_non_parties
    assert countries["SGP"].cartagena_party is None  # status not confirmed: neither yes nor no
    assert all(countries[a].un_status in ("member", "observer") or a == "NIU" for a in parties)


def test_group_files_list_known_countries_once_under_their_names(countries):
    for filename in (*GROUP_FILES.values(), CARTAGENA_FILE, "cartagena_non_parties.csv"):
        rows = read_csv(REFERENCE_DIR / "groups" / filename)
        codes = [row["alpha3"] for row in rows]
        assert len(codes) == len(set(codes)), filename
        for row in rows:
            assert row["name"] == countries[row["alpha3"]].name, (filename, row["alpha3"])


def test_no_duplicate_codes_in_the_country_and_region_files():
    rows = read_csv(REFERENCE_DIR / "countries.csv")
    for column in ("alpha3", "alpha2", "numeric", "name"):
        values = [row[column] for row in rows]
        assert len(values) == len(set(values)), column
    codes = [row["code"] for row in read_csv(REFERENCE_DIR / "regions.csv")]
    assert len(codes) == len(set(codes))


def test_every_country_group_of_the_taxonomy_has_a_file():
    assert set(GROUP_FILES) == set(COUNTRY_GROUPS)


def test_build_script_reproduces_countries_csv():
    spec = importlib.util.spec_from_file_location(
        "build_countries", REFERENCE_DIR / "build_countries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build_rows() == read_csv(REFERENCE_DIR / "countries.csv")


# --- helpers ----------------------------------------------------------------------------------


def test_countries_in_area(countries):
    assert countries_in_area(countries, "001") == set(countries)
    africa_south = countries_in_area(countries, "202")
    assert "KEN" in africa_south and "EGY" not in africa_south
    latin = countries_in_area(countries, "419")
    parts = set().union(*(countries_in_area(countries, code) for code in ("029", "013", "005")))
    assert latin == parts and "BRA" in latin and "USA" not in latin
    assert countries_in_area(countries, "999") == set()


def test_alpha2_to_alpha3(countries):
    mapping = alpha2_to_alpha3(countries)
    assert len(mapping) == 249
    assert mapping["KE"] == "KEN" and mapping["GB"] == "GBR" and mapping["NA"] == "NAM"


def test_default_loaders_hand_out_copies():
    first = load_countries()
    first.pop("KEN")
    assert "KEN" in load_countries()
    regions = load_regions()
    regions.clear()
    assert "001" in load_regions()


# --- bad files --------------------------------------------------------------------------------


@pytest.fixture()
def reference_copy(tmp_path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copied_files_load_like_the_shipped_ones(reference_copy, countries):
    assert load_countries(reference_copy / "countries.csv") == countries


def test_bad_country_rows_are_named_by_line_record_and_field(reference_copy):
    path = reference_copy / "countries.csv"
    rewrite(path, "KEN,KE,404,Kenya,member,002,202,014", "KEN,KE,404,Kenya,member,002,202,999")
    rewrite(path, "BRA,BR,076,Brazil,member,", "BRA,BR,76,Brazil,member,")
    with pytest.raises(InvalidInput) as caught:
        load_countries(path)
    problems = {(p.record, p.field): p for p in caught.value.problems}
    assert set(problems) == {("country KEN", "intermediate_region"), ("country BRA", "numeric")}
    kenya = problems[("country KEN", "intermediate_region")]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "KEN," in text)
    assert kenya.source == f"countries.csv:{line}"
    assert "999" in kenya.message


def test_country_placed_in_an_area_of_another_region_is_refused(reference_copy):
    path = reference_copy / "countries.csv"
    rewrite(path, "KEN,KE,404,Kenya,member,002,202,014", "KEN,KE,404,Kenya,member,002,202,029")
    with pytest.raises(InvalidInput) as caught:
        load_countries(path)
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("country KEN", "subregion")


def test_duplicate_country_is_refused(reference_copy):
    path = reference_copy / "countries.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("KEN,KE,404,Kenya,member,002,202,014\n")
    with pytest.raises(InvalidInput) as caught:
        load_countries(path)
    fields = {p.field for p in caught.value.problems}
    assert "alpha3" in fields


def test_group_file_with_an_unknown_country_is_refused(reference_copy):
    path = reference_copy / "groups" / "sids.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("XKX,Kosovo,\n")
    with pytest.raises(InvalidInput) as caught:
        load_countries(reference_copy / "countries.csv")
    (problem,) = caught.value.problems
    assert problem.source.startswith("sids.csv:")
    assert (problem.record, problem.field) == ("sids member XKX", "alpha3")


def test_missing_group_file_is_named(reference_copy):
    (reference_copy / "groups" / "eit.csv").unlink()
    with pytest.raises(InvalidInput) as caught:
        load_countries(reference_copy / "countries.csv")
    assert [p.source for p in caught.value.problems] == ["eit.csv"]


def test_region_with_a_parent_of_the_wrong_level_is_refused(reference_copy):
    path = reference_copy / "regions.csv"
    rewrite(path, "014,Eastern Africa,intermediate,202", "014,Eastern Africa,intermediate,002")
    with pytest.raises(InvalidInput) as caught:
        load_regions(path)
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("region 014", "parent")
    assert problem.source.startswith("regions.csv:")
