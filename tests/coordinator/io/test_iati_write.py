"""IATI activity XML export: valid against the IATI 2.03 schema, and read back unchanged."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pycountry
import pytest
from lxml import etree

from coordinator.errors import InvalidInput
from coordinator.io import iati_codes as codes
from coordinator.io.iati_read import read_iati
from coordinator.io.iati_write import exportable, write_iati

SHARED_IATI = Path(__file__).resolve().parents[3] / ".." / "shared" / "iati"
LOCAL_XML_XSD = Path(__file__).resolve().parents[2] / "data" / "xml.xsd"
needs_shared = pytest.mark.skipif(
    not (SHARED_IATI / "schema").is_dir(),
    reason=f"the shared IATI schema is not at {SHARED_IATI / 'schema'}",
)

ALPHA2_TO_ALPHA3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
ALPHA3_TO_ALPHA2 = {alpha3: alpha2 for alpha2, alpha3 in ALPHA2_TO_ALPHA3.items()}
KNOWN_REGIONS = {"002", "011", "014", "202"}
GENERATED = datetime(2024, 6, 1, 12, 0, 0)

DOCUMENT = {
    "format": "capacity-coordinator/1",
    "providers": [
        {"id": "GB-GOV-1", "name": "FCDO", "kind": "bilateral", "country": "GBR"},
        {"id": "XM-DAC-41114", "name": "UNDP", "kind": "multilateral"},
        {"id": "iati-org-biosafety-network", "name": "Biosafety Network",
         "kind": "other_stakeholder"},
    ],
    "initiatives": [
        {
            "id": "GB-GOV-1-BIO-001",
            "title": "National biosafety frameworks in West Africa",
            "description": "Drafting biosafety laws and training regulators.",
            "providers": [{"id": "GB-GOV-1", "role": "funding"},
                          {"id": "XM-DAC-41114", "role": "implementing"},
                          {"id": "iati-org-biosafety-network", "role": "extending"}],
            "recipient_countries": ["GHA", "NGA", "SEN"],
            "recipient_regions": ["011"],
            "components": ["a1", "a2", "a5", "b", "e", "i"],
            "budget": {"amount": 2_500_000.5, "currency": "USD"},
            "start": "2022-01-01",
            "end": "2025-12-31",
            "status": "ongoing",
            "updated": "2024-05-01T09:30:00",
        },
        {
            "id": "XM-DAC-41114-LMO-DETECT",
            "title": "LMO detection laboratories",
            "providers": [],
            "recipient_countries": ["KEN"],
            "components": ["c"],
            "budget": {"amount": 400000, "currency": "EUR"},
            "start": "2026-03-01",
            "end": "2027-02-28",
            "status": "planned",
            "unmapped_sectors": ["41030", "WB:LD"],
        },
    ],
}


class _LocalXmlSchema(etree.Resolver):
    """Resolves the schema's ``xml.xsd`` import to the copy in tests/data; nothing else."""

    def resolve(self, url, pubid, context):
        if url.endswith("/xml.xsd") or url == "xml.xsd":
            return self.resolve_filename(str(LOCAL_XML_XSD), context)
        return None


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXmlSchema())
    path = SHARED_IATI / "schema" / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path), parser))


def write(document: dict = DOCUMENT, **options) -> bytes:
    options.setdefault("generated", GENERATED)
    return write_iati(document, reporting_org_name="Secretariat", alpha3_to_alpha2=ALPHA3_TO_ALPHA2,
                      **options)


def read_back(data: bytes):
    return read_iati(data, "export.xml", alpha2_to_alpha3=ALPHA2_TO_ALPHA3,
                     known_regions=KNOWN_REGIONS)


def assert_valid(schema: etree.XMLSchema, data: bytes) -> None:
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert schema.validate(tree), schema.error_log


@needs_shared
def test_export_is_valid_iati_2_03(schema):
    data = write()
    assert_valid(schema, data)
    root = etree.fromstring(data)
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2024-06-01T12:00:00"
    assert [a.get("last-updated-datetime") for a in root] == ["2024-05-01T09:30:00", None]


@needs_shared
def test_the_schema_check_itself_rejects_a_broken_file(schema):
    root = etree.fromstring(write())
    root[0].remove(root[0].find("title"))
    assert not schema.validate(root)


def test_round_trip_keeps_what_iati_can_carry():
    result = read_back(write())
    originals = {i["id"]: i for i in DOCUMENT["initiatives"]}
    assert [i["id"] for i in result.document["initiatives"]] == list(originals)
    for initiative in result.document["initiatives"]:
        original = originals[initiative["id"]]
        for field in ("title", "recipient_countries", "components", "budget", "start", "end",
                      "status"):
            assert initiative[field] == original[field], field
        assert initiative["recipient_regions"] == original.get("recipient_regions", [])
    first, second = result.document["initiatives"]
    assert first["providers"] == DOCUMENT["initiatives"][0]["providers"]
    assert first["description"] == DOCUMENT["initiatives"][0]["description"]
    assert second["providers"] == []
    assert second["unmapped_sectors"] == ["41030"]
    kinds = {p["id"]: p["kind"] for p in result.document["providers"]}
    assert kinds["GB-GOV-1"] == "bilateral" and kinds["XM-DAC-41114"] == "multilateral"


def sectors(data: bytes, index: int = 0) -> list[tuple[str, str, str]]:
    activity = etree.fromstring(data)[index]
    return [(s.get("vocabulary"), s.get("code"), s.get("percentage"))
            for s in activity.iter("sector")]


def test_components_are_written_in_the_component_vocabulary_with_round_tripping_dac_codes():
    data = write()
    assert sectors(data) == [
        ("99", "a1", "16.66"), ("99", "a2", "16.66"), ("99", "a5", "16.66"),
        ("99", "b", "16.66"), ("99", "e", "16.66"), ("99", "i", "16.7"),
        ("1", "41010", "33.33"), ("1", "41081", "33.33"), ("1", "15127", "33.34"),
    ]
    activity = etree.fromstring(data)[0]
    component_sectors = [s for s in activity.iter("sector") if s.get("vocabulary") == "99"]
    assert {s.get("vocabulary-uri") for s in component_sectors} == {
        codes.COMPONENT_VOCABULARY_URI}
    assert component_sectors[0].findtext("narrative") == "Legislative and regulatory framework"
    # No DAC code maps to "c" alone; the unmapped DAC code of the record goes back out.
    assert sectors(data, 1) == [("99", "c", "100"), ("1", "41030", "100")]


def test_percentages_of_countries_and_regions_add_up_to_100():
    activity = etree.fromstring(write())[0]
    shares = [float(e.get("percentage")) for e in activity
              if e.tag in ("recipient-country", "recipient-region")]
    assert shares == [25, 25, 25, 25]
    regions = [(e.get("code"), e.get("vocabulary")) for e in activity.iter("recipient-region")]
    assert regions == [("011", "2")]


def test_dates_are_actual_only_when_past_and_begun():
    first, second = etree.fromstring(write())
    assert [(d.get("type"), d.get("iso-date")) for d in first.iter("activity-date")] == [
        ("2", "2022-01-01"), ("3", "2025-12-31")]
    assert [d.get("type") for d in second.iter("activity-date")] == ["1", "3"]
    assert first.find("activity-status").get("code") == "2"
    assert second.find("activity-status").get("code") == "1"


@needs_shared
def test_an_initiative_without_providers_names_the_reporting_organisation_as_accountable(schema):
    data = write(reporting_org_ref="XM-DAC-9-9")
    assert_valid(schema, data)
    second = etree.fromstring(data)[1]
    (org,) = second.iter("participating-org")
    assert (org.get("ref"), org.get("role"), org.findtext("narrative")) == (
        "XM-DAC-9-9", "2", "Secretariat")
    assert etree.fromstring(data)[0].find("reporting-org").get("ref") == "XM-DAC-9-9"


def test_what_iati_cannot_carry_is_refused_by_record():
    document = {"initiatives": [
        {"id": "A", "title": "No dates", "recipient_countries": ["KEN"]},
        {"id": "B", "title": "Odd country", "start": "2024-01-01",
         "recipient_countries": ["XKX"]},
    ]}
    with pytest.raises(InvalidInput) as caught:
        write(document)
    assert [str(p) for p in caught.value.problems] == [
        ("input: initiative A: field start: IATI needs at least one activity date: give the "
        "initiative a start or end date"),
        "input: initiative B: field recipient_countries: country 'XKX' has no ISO alpha-2 code",
    ]


def test_exportable_leaves_out_only_what_iati_cannot_carry():
    document = {"initiatives": [
        {"id": "A", "title": "No dates"},
        {"id": "B", "title": "Dated", "end": "2024-01-01"},
    ]}
    kept, problems = exportable(document, alpha3_to_alpha2=ALPHA3_TO_ALPHA2)
    assert [i["id"] for i in kept["initiatives"]] == ["B"]
    assert [p.record for p in problems] == ["initiative A"]
    assert [i["id"] for i in read_back(write(kept)).document["initiatives"]] == ["B"]


@needs_shared
def test_an_imported_publisher_file_exports_as_valid_2_03(schema):
    imported = read_iati((SHARED_IATI / "samples" / "dfid-1.0.xml").read_bytes(), "dfid.xml",
                         alpha2_to_alpha3=ALPHA2_TO_ALPHA3, known_regions=KNOWN_REGIONS)
    data = write(imported.document)
    assert_valid(schema, data)
    again = read_back(data).document["initiatives"][0]
    assert again["unmapped_sectors"] == ["15130", "15120"]
    assert again["budget"] == {"amount": 726742, "currency": "GBP"}
