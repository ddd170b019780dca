"""IATI activity XML import: the standard's own test files, real 1.0x publisher files, hostile
and broken files, and each mapping rule on small 2.03 activities."""
from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest
from lxml import etree

from coordinator.errors import InvalidInput
from coordinator.io import iati_codes as codes
from coordinator.io.iati_read import read_iati
from coordinator.taxonomy import COMPONENTS, PROVIDER_KINDS

SHARED_IATI = Path(__file__).resolve().parents[3] / ".." / "shared" / "iati"
needs_shared = pytest.mark.skipif(
    not SHARED_IATI.is_dir(), reason=f"the shared IATI material is not at {SHARED_IATI}"
)
SHOULD_PASS = sorted((SHARED_IATI / "tests" / "should-pass").rglob("*.xml"))

ALPHA2_TO_ALPHA3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
KNOWN_REGIONS = {"002", "202", "015", "014", "011", "005", "019", "142", "150", "009"}


def read(data: bytes, source: str = "test.xml", **options):
    return read_iati(data, source, alpha2_to_alpha3=ALPHA2_TO_ALPHA3,
                     known_regions=KNOWN_REGIONS, **options)


def messages(result) -> list[str]:
    return [str(p) for p in result.warnings]


def activity(body: str, *, identifier: str = "XM-DAC-1-1", attributes: str = "") -> bytes:
    """A 2.03 file of one activity with the given elements after its title."""
    ident = f"<iati-identifier>{identifier}</iati-identifier>" if identifier else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        f'<iati-activity xml:lang="en" default-currency="EUR" {attributes}>\n{ident}\n'
        '<reporting-org ref="XM-DAC-1" type="10"><narrative>Donor</narrative></reporting-org>\n'
        "<title><narrative>Biosafety framework</narrative></title>\n"
        f"{body}\n</iati-activity>\n</iati-activities>\n"
    ).encode()


def only_initiative(result) -> dict:
    (initiative,) = result.document["initiatives"]
    return initiative


# --- the standard's test files and the real samples -----------------------------------------

@needs_shared
@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.name)
def test_every_should_pass_file_is_read_and_its_placeholder_activity_reported(path):
    result = read(path.read_bytes(), path.name)
    assert result.activity_count >= 1
    assert result.document["format"] == "capacity-coordinator/1"
    # The standard's test files leave iati-identifier empty: each activity is skipped, by name.
    skipped = [w for w in result.warnings if w.field == "iati-identifier"]
    assert len(skipped) == result.activity_count - len(result.document["initiatives"])
    assert all("activity skipped" in w.message for w in skipped)


def sample(name: str):
    path = SHARED_IATI / "samples" / name
    return read(path.read_bytes(), name)


@needs_shared
def test_dfid_sample_builds_its_id_and_reports_non_standard_words():
    result = sample("dfid-1.0.xml")
    initiative = only_initiative(result)
    assert initiative["id"] == "uk1234-113414-103"
    assert initiative["title"] == "FA TO MINISTRY OF JUSTICE"
    assert initiative["recipient_countries"] == ["MWI"]
    assert initiative["budget"] == {"amount": 726742, "currency": "GBP"}
    assert (initiative["start"], initiative["end"]) == ("2009-09-15", "2010-09-01")
    assert initiative["status"] == "ongoing"
    assert initiative["components"] == []
    assert initiative["unmapped_sectors"] == ["15130", "15120"]
    assert initiative["providers"] == [{"id": "uk1234", "role": "funding"}]
    assert initiative["_source"] == "dfid-1.0.xml:3"
    assert result.document["providers"] == [{
        "id": "uk1234", "name": "Department for International Development",
        "kind": "bilateral", "_source": "dfid-1.0.xml:6",
    }]
    assert messages(result) == [
        ("dfid-1.0.xml:8: initiative uk1234-113414-103: field iati-identifier: no "
        "iati-identifier: the id 'uk1234-113414-103' is built from other-identifier "
        "'113414-103'"),
        ("dfid-1.0.xml:6: initiative uk1234-113414-103: field participating-org: 'Department for "
        "International Development': role 'donor' read as Funding"),
        ("dfid-1.0.xml:6: initiative uk1234-113414-103: field participating-org: 'Department for "
        "International Development': organisation type 'bilateral' read as Government "
        "(bilateral)"),
        ("dfid-1.0.xml:20: initiative uk1234-113414-103: field sector: 2 sector code(s) not "
        "mapped to a component, kept in unmapped_sectors: 15130, 15120"),
        ("dfid-1.0.xml:19: initiative uk1234-113414-103: field activity-status: 'ongoing' read "
        "as 2 Implementation (ongoing)"),
    ]


@needs_shared
def test_undp_sample_finds_the_gef_and_cleans_spreadsheet_codes():
    result = sample("undp-1.0.xml")
    initiative = only_initiative(result)
    assert initiative["id"] == "undp-00013616"
    assert initiative["recipient_countries"] == ["MWI"]
    assert initiative["budget"] == {"amount": 502262.11, "currency": "USD"}
    assert initiative["status"] == "completed"
    assert initiative["providers"] == [
        {"id": "00012", "role": "funding"},
        {"id": "001415", "role": "implementing"},
        {"id": "10003", "role": "funding"},
    ]
    kinds = {p["id"]: p["kind"] for p in result.document["providers"]}
    assert kinds == {"00012": "other_stakeholder", "001415": "other_stakeholder", "10003": "gef"}
    text = messages(result)
    assert ("undp-1.0.xml:5: initiative undp-00013616: field recipient-country: code 'MWI' is "
            "alpha-3, not the alpha-2 IATI asks for: read as MWI") in text
    assert ("undp-1.0.xml:18: initiative undp-00013616: field activity-status: 'Operationally "
            "Closed' read as 4 Closed (completed)") in text
    assert ("undp-1.0.xml:7: initiative undp-00013616: field participating-org: "
            "'UNITED NATIONS DEVELOPMENT PRO' has no type: provider kind set to "
            "other_stakeholder") in text


@needs_shared
def test_world_bank_sample_reads_country_names_and_commitments():
    result = sample("worldbank-1.0.xml")
    assert result.activity_count == 16
    initiatives = result.document["initiatives"]
    assert len(initiatives) == 16
    first, second = initiatives[:2]
    assert first["id"] == "world-bank-P084404"
    assert first["recipient_countries"] == []
    assert first["budget"] == {"amount": 93_000_000, "currency": "USD"}
    assert first["unmapped_sectors"][:3] == ["WB:LD", "WB:LX", "WB:45"]
    assert second["recipient_countries"] == ["MWI"]
    assert "budget" not in second
    assert result.document["providers"][0] == {
        "id": "iati-org-world-bank", "name": "World Bank", "kind": "multilateral",
        "_source": "worldbank-1.0.xml:10",
    }
    text = messages(result)
    assert ("worldbank-1.0.xml:9: initiative world-bank-P084404: field recipient-country: "
            "'Africa' has no code and names no known country: left out") in text
    assert ("worldbank-1.0.xml:56: initiative world-bank-P107545: field recipient-country: the "
            "name 'Malawi' in place of a code: read as MWI") in text
    assert ("worldbank-1.0.xml:3: initiative world-bank-P084404: field budget: no budget: the "
            "budget is the sum of 2 commitment transaction(s)") in text
    assert ("worldbank-1.0.xml:10: initiative world-bank-P084404: field participating-org: "
            "'World Bank': organisation type 'multilateral' read as Multilateral "
            "(multilateral)") in text
    assert ("worldbank-1.0.xml:11: initiative world-bank-P084404: field participating-org: "
            "'MULTIPLE GOVERNMENTS' has the role 'beneficiary', not an IATI organisation role: "
            "not linked") in text


@needs_shared
def test_worked_example_single_activity_root_in_the_activity_language():
    result = sample("worked-example-1.0.xml")
    initiative = only_initiative(result)
    assert initiative["id"] == "http://www.example.org/activities/12345.xml"
    assert initiative["title"] == "Worked example of an activity report"
    assert initiative["description"].startswith("This is a worked example")
    assert initiative["recipient_countries"] == ["HTI"]
    assert initiative["budget"] == {"amount": 1_000_000, "currency": "GBP"}
    assert "status" not in initiative
    assert messages(result)[0] == (
        "worked-example-1.0.xml:3: field iati-activities: the root element is a single "
        "<iati-activity>, not <iati-activities>: read as a file of one activity"
    )


# --- files that are refused -------------------------------------------------------------------

@needs_shared
def test_truncated_file_is_refused_naming_the_line():
    data = (SHARED_IATI / "samples" / "worldbank-1.0.xml").read_bytes()
    cut = data[: len(data) // 2]
    with pytest.raises(InvalidInput) as caught:
        read(cut, "wb.xml")
    (problem,) = caught.value.problems
    last_line = cut.count(b"\n") + 1
    assert problem.source == f"wb.xml:{last_line}"
    assert problem.message.startswith("not well-formed XML: Premature end of data")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<title><narrative>&lol9;</narrative></title></iati-activity></iati-activities>
"""


def test_entity_declarations_are_refused_before_parsing():
    with pytest.raises(InvalidInput) as caught:
        read(BILLION_LAUGHS, "lol.xml")
    (problem,) = caught.value.problems
    assert problem.source == "lol.xml:3"
    assert problem.message.startswith("a DOCTYPE declaration (a DTD or entities) at line 3")


def test_external_dtd_is_refused():
    data = b'<!DOCTYPE iati-activities SYSTEM "http://example.org/x.dtd"><iati-activities/>'
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        read(data)


@pytest.mark.parametrize("data, expected", [
    (b'<?xml version="1.0"?>\n<iati-organisations version="2.03"/>',
     ("test.xml:2: the root element is <iati-organisations>, not <iati-activities>: not an "
     "IATI activity file")),
    ((b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities>\n<x>caf\xe9</x>'
     b"</iati-activities>"), ("test.xml:3: not well-formed XML: Invalid bytes in character "
                            "encoding, line 3, column 7")),
    (b"", "test.xml:1: not well-formed XML: Document is empty, line 1, column 1"),
])
def test_files_that_are_not_iati_activity_xml_are_refused(data, expected):
    with pytest.raises(InvalidInput) as caught:
        read(data)
    assert [str(p) for p in caught.value.problems] == [expected]


# --- mapping rules on 2.03 activities -----------------------------------------------------------

@pytest.mark.parametrize("code, status, warned", [
    ("1", "planned", False), ("2", "ongoing", False), ("3", "ongoing", False),
    ("4", "completed", False), ("5", "cancelled", False), ("6", "ongoing", True),
])
def test_activity_status_codes(code, status, warned):
    result = read(activity(f'<activity-status code="{code}"/>'))
    assert only_initiative(result)["status"] == status
    suspended = [w for w in result.warnings if w.field == "activity-status"]
    assert bool(suspended) is warned


def test_a_status_name_in_place_of_its_code_is_read_and_reported():
    result = read(activity('<activity-status code="Implementation"/>'))
    assert only_initiative(result)["status"] == "ongoing"
    assert messages(result)[-1] == ("test.xml:7: initiative XM-DAC-1-1: field activity-status: "
                                    "'Implementation' read as 2 Implementation (ongoing)")


def test_texts_are_taken_in_the_activity_language():
    data = activity(
        '<description><narrative xml:lang="en">In English</narrative>'
        "<narrative>En français</narrative></description>"
        '<description type="2"><narrative>Objectifs</narrative></description>',
        attributes='xml:lang="fr"',
    ).replace(b'<iati-activity xml:lang="en"', b"<iati-activity")
    data = data.replace(b"<title><narrative>Biosafety framework</narrative></title>",
                        '<title><narrative xml:lang="en">Biosafety framework</narrative>'
                        "<narrative>Cadre de biosécurité</narrative></title>".encode())
    initiative = only_initiative(read(data))
    assert initiative["title"] == "Cadre de biosécurité"
    assert initiative["description"] == "En français"


def test_actual_dates_win_over_planned_and_bad_dates_are_reported():
    result = read(activity(
        '<activity-date type="1" iso-date="2020-01-01"/>\n'
        '<activity-date type="2" iso-date="2020-03-15"/>\n'
        '<activity-date type="3" iso-date="2022-12-31"/>\n'
        '<activity-date type="9" iso-date="2021-01-01"/>\n'
        '<activity-date type="4" iso-date="31/12/2022"/>'
    ))
    initiative = only_initiative(result)
    assert (initiative["start"], initiative["end"]) == ("2020-03-15", "2022-12-31")
    text = messages(result)
    assert "test.xml:10: initiative XM-DAC-1-1: field activity-date: type '9' is not an " \
           "activity date type: date '2021-01-01' left out" in text
    assert "test.xml:11: initiative XM-DAC-1-1: field activity-date: 4: '31/12/2022' is not " \
           "an ISO date: left out" in text


def test_an_end_before_the_start_is_left_out():
    result = read(activity('<activity-date type="2" iso-date="2020-03-15"/>'
                           '<activity-date type="4" iso-date="2019-01-01"/>'))
    assert "end" not in only_initiative(result)
    assert any("the end 2019-01-01 is before the start 2020-03-15" in m for m in messages(result))


def test_revised_budget_replaces_the_original_of_its_period_and_currencies_are_not_mixed():
    def budget(kind: str, start: str, value: str, currency: str = "") -> str:
        money = f' currency="{currency}"' if currency else ""
        return (f'<budget type="{kind}"><period-start iso-date="{start}-01-01"/>'
                f'<period-end iso-date="{start}-12-31"/>'
                f'<value value-date="{start}-01-01"{money}>{value}</value></budget>')

    result = read(activity(
        budget("1", "2020", "1000") + budget("2", "2020", "1500") + budget("1", "2021", "500.25")
        + budget("1", "2022", "700", "USD") + budget("1", "2023", "9", "XYZ")
    ))
    assert only_initiative(result)["budget"] == {"amount": 2000.25, "currency": "EUR"}
    text = messages(result)
    assert any("unknown currency 'XYZ': value 9 left out" in m for m in text)
    assert any("1 value(s) in USD left out: the budget is summed in EUR" in m for m in text)


def test_sectors_map_through_the_table_and_the_component_vocabulary():
    uri = codes.COMPONENT_VOCABULARY_URI
    result = read(activity(
        '<sector vocabulary="1" code="41010"/>\n'
        f'<sector vocabulary="99" vocabulary-uri="{uri}" code="i"/>\n'
        '<sector vocabulary="99" code="i"/>\n'
        '<sector code="41030"/>\n'
        '<sector vocabulary="2" code="410"/>\n'
        '<sector><narrative>Biodiversity</narrative></sector>'
    ))
    initiative = only_initiative(result)
    assert initiative["components"] == ["a1", "a2", "i"]
    assert initiative["unmapped_sectors"] == ["99:i", "41030", "2:410"]
    assert "test.xml:12: initiative XM-DAC-1-1: field sector: the name 'Biodiversity' in " \
           "place of a code: not mapped" in messages(result)


def test_sectors_given_in_transactions_are_read_when_the_activity_has_none():
    result = read(activity(
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/>'
        '<value value-date="2021-01-01">10</value><sector code="33120"/></transaction>'
    ))
    assert only_initiative(result)["components"] == ["k", "m"]


def test_a_file_without_activities_says_so():
    result = read(b'<iati-activities version="2.03"/>')
    assert result.activity_count == 0 and result.document["initiatives"] == []
    assert messages(result) == ["test.xml:1: field iati-activities: the file holds no "
                                "iati-activity"]


def test_regions_from_dac_and_m49_vocabularies():
    result = read(activity(
        '<recipient-region code="289"/>\n'
        '<recipient-region vocabulary="2" code="14"/>\n'
        '<recipient-region vocabulary="1" code="589"/>\n'
        '<recipient-region vocabulary="2" code="013"/>\n'
        '<recipient-region vocabulary="99" code="SAH"/>'
    ))
    assert only_initiative(result)["recipient_regions"] == ["202", "014"]
    assert [w.message for w in result.warnings if w.field == "recipient-region"] == [
        "DAC region 589 has no clear UN M49 equivalent: left out",
        "M49 area 013 (region 013) is not a known region: left out",
        "region 'SAH' of vocabulary '99' (neither DAC 1 nor UN M49 2): left out",
    ]


def test_countries_by_code_and_unknown_codes():
    result = read(activity('<recipient-country code="ke"/><recipient-country code="KE"/>'
                           '<recipient-country code="QQ"><narrative>Atlantis</narrative>'
                           "</recipient-country>"))
    assert only_initiative(result)["recipient_countries"] == ["KEN"]
    assert any("unknown country code 'QQ' (Atlantis): left out" in m for m in messages(result))


def test_participating_organisations_become_providers_by_the_documented_rule():
    result = read(activity(
        '<recipient-country code="KE"/>\n'
        '<participating-org ref="GB-GOV-1" type="10" role="1"><narrative>FCDO</narrative>'
        "</participating-org>\n"
        '<participating-org ref="KE-GOV-7" type="10" role="4"><narrative>NEMA</narrative>'
        "</participating-org>\n"
        '<participating-org ref="XM-DAC-41114" type="40" role="3"><narrative>UNDP</narrative>'
        "</participating-org>\n"
        '<participating-org type="21" role="4"><narrative>Réseau Biosécurité</narrative>'
        "</participating-org>\n"
        '<participating-org type="40" role="1"><narrative>Global Environment Facility'
        "</narrative></participating-org>\n"
        '<participating-org ref="KE-GOV-7" type="10" role="2"/>'
    ))
    initiative = only_initiative(result)
    assert initiative["providers"] == [
        {"id": "GB-GOV-1", "role": "funding"},
        {"id": "KE-GOV-7", "role": "implementing"},
        {"id": "XM-DAC-41114", "role": "extending"},
        {"id": "iati-org-reseau-biosecurite", "role": "implementing"},
        {"id": "iati-org-global-environment-facility", "role": "funding"},
    ]
    providers = {p["id"]: (p["kind"], p.get("country")) for p in result.document["providers"]}
    assert providers == {
        "GB-GOV-1": ("bilateral", "GBR"),
        "KE-GOV-7": ("national", "KEN"),
        "XM-DAC-41114": ("multilateral", None),
        "iati-org-reseau-biosecurite": ("other_stakeholder", None),
        "iati-org-global-environment-facility": ("gef", None),
    }
    assert any("'KE-GOV-7' is Accountable, which is not a provider role" in m
               for m in messages(result))


def test_an_activity_without_a_title_or_with_a_repeated_id_is_skipped():
    data = activity("").replace(b"<title><narrative>Biosafety framework</narrative></title>",
                                b"<title><narrative> </narrative></title>")
    result = read(data)
    assert result.document["initiatives"] == []
    assert messages(result) == [("test.xml:6: initiative XM-DAC-1-1: field title: no title: "
                                "activity skipped")]
    twice = activity("").replace(b"</iati-activities>", b"") + activity("").split(
        b"<iati-activities version=\"2.03\">")[1]
    result = read(twice)
    assert len(result.document["initiatives"]) == 1 and result.activity_count == 2
    assert any("'XM-DAC-1-1' was already read at line 3: activity skipped" in m
               for m in messages(result))


def test_progress_bar_goes_to_stderr_only_when_asked(capsys):
    read(activity(""), progress=False)
    assert capsys.readouterr().err == ""
    read(activity(""), progress=True)
    captured = capsys.readouterr()
    assert "IATI test.xml" in captured.err and captured.out == ""


# --- the code tables against the IATI codelists ---------------------------------------------------

def codelist(name: str) -> dict[str, tuple[str, str]]:
    tree = etree.parse(str(SHARED_IATI / "codelists" / f"{name}.xml"))
    return {item.findtext("code"): (item.findtext("name/narrative"), item.get("status", ""))
            for item in tree.iter("codelist-item")}


@needs_shared
def test_sector_table_uses_active_dac_codes_with_their_names():
    sectors = codelist("Sector")
    with (codes.DATA_DIR / "dac_sector_components.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert sectors[row["dac_code"]] == (row["dac_name"], "active"), row["dac_code"]
    assert {c for mapped in codes.load_sector_components().values() for c in mapped} <= set(
        COMPONENTS)


@needs_shared
def test_region_table_uses_dac_region_codes_with_their_names():
    regions = codelist("Region")
    with (codes.DATA_DIR / "dac_region_m49.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["dac_code"] for row in rows] == list(codes.load_region_m49())
    for row in rows:
        assert regions[row["dac_code"]][0] == row["dac_name"], row["dac_code"]
    assert codes.load_region_m49()["289"] == ("202",)
    assert codes.load_region_m49()["389"] == ("013", "029")


@needs_shared
def test_organisation_types_and_roles_match_the_codelists():
    types = codelist("OrganisationType")
    assert {code: name for code, (name, _) in types.items()} == dict(
        codes.ORGANISATION_TYPES.names)
    for code in types:
        kind = codes.provider_kind(code, name="Some body", ref="", roles=["funding"],
                                   country=None, recipient_countries=[])
        assert kind in PROVIDER_KINDS


def test_a_mapping_table_without_rationale_is_refused(tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("dac_code,dac_name,components,rationale\n41010,Env,a1,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv:2: a mapping needs its rationale"):
        codes.load_sector_components(table)
