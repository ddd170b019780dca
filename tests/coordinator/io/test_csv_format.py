"""CSV import and export: round trip, structural errors with file and line, zip and single files."""

from __future__ import annotations

import copy
import csv
import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordinator.domain import (
    Capacity,
    Initiative,
    Invitee,
    Meeting,
    Money,
    Need,
    Partnership,
    PartnershipEvent,
    Profile,
    Provider,
    ProviderRole,
    Snapshot,
)
from coordinator.errors import InvalidInput
from coordinator.io import csv_read
from coordinator.io.csv_columns import columns
from coordinator.io.csv_format import read_csv_bundle, write_csv_bundle
from coordinator.io.csv_read import read_csv_text
from coordinator.io.csv_write import csv_text
from coordinator.io.document import snapshot_document

DOCS = Path(__file__).resolve().parents[3] / "docs" / "csv.md"


def full_document() -> dict:
    """A document that uses every field of every record type, with awkward text."""
    return {
        "format": "capacity-coordinator/1",
        "providers": [
            {
                "id": "AFD",
                "name": 'Agence française de développement, "AFD"',
                "kind": "bilateral",
                "country": "FRA",
                "focus_components": ["c", "i"],
                "focus_countries": ["SEN", "CIV"],
                "focus_regions": ["011"],
                "budget": {"amount": 2000000, "currency": "EUR"},
                "languages": ["fr", "en"],
                "contact": "biosafety@afd.example",
                "updated": "2024-05-01T10:00:00+00:00",
            },
            {
                "id": "EXP-1",
                "name": '=HYPERLINK("http://evil.example")',
                "kind": "expert",
                "country": "ESP",
                "focus_components": [],
                "focus_countries": [],
                "focus_regions": [],
                "languages": [],
                "contact": "-- ask the secretariat",
                "updated": "2024-05-02T10:00:00+00:00",
            },
        ],
        "initiatives": [
            {
                "id": "XM-DAC-41114-BS-01",
                "title": "Détection des OGM, 中文 title",
                "description": 'Line one, with a comma\nLine two with "quotes"\r\nand ñ; done',
                "providers": [
                    {"id": "GEF", "role": "funding"},
                    {"id": "urn:un:unep", "role": "implementing"},
                ],
                "recipient_countries": ["SEN", "CIV", "GHA"],
                "recipient_regions": ["002", "011"],
                "components": ["i", "c", "a1"],
                "budget": {"amount": 1500000.75, "currency": "USD"},
                "start": "2024-01-01",
                "end": "2026-12-31",
                "status": "ongoing",
                "lessons": "'Start' with the lab; then train",
                "aliases": ["BS;WA;01", "back\\slash", "plain"],
                "unmapped_sectors": ["31120", "Agricultural development; other"],
                "updated": "2024-06-30T08:00:00+00:00",
            }
        ],
        "needs": [
            {
                "id": "KE-001",
                "country": "KEN",
                "component": "i",
                "title": "LMO detection laboratory",
                "description": "Equip, accredit; train 6 analysts — niño 中文",
                "priority": 1,
                "sequence": 2,
                "start": "2025-01-01",
                "end": "2026-06-30",
                "estimated_cost": {"amount": 250000, "currency": "USD"},
                "status": "open",
                "confidential": True,
                "updated": "2024-11-02T09:30:00+00:00",
            },
            {
                "id": "KE-002",
                "country": "KEN",
                "component": "e",
                "title": "+ Public awareness",
                "priority": 5,
                "sequence": 1,
                "start": "2025-02-01",
                "end": "2025-12-31",
                "status": "partially_met",
                "confidential": False,
                "updated": "2024-11-03T09:30:00+00:00",
            },
        ],
        "capacities": [
            {
                "id": "ZA-C-03",
                "country": "ZAF",
                "component": "c",
                "level": "advanced",
                "description": "Risk assessment of GM maize, cotton",
                "can_offer": True,
                "updated": "2024-03-15T12:00:00+00:00",
            }
        ],
        "profiles": [
            {
                "country": "KEN",
                "focal_point": True,
                "competent_authority": False,
                "framework": "operational",
                "strategy": True,
                "coordination_mechanism": False,
                "bch_node": True,
                "funding_need_short": {"amount": 400000, "currency": "USD"},
                "updated": "2024-10-01",
            }
        ],
        "meetings": [
            {
                "id": "M-011-2025",
                "title": "Réunion sous-régionale, Afrique de l'Ouest",
                "scope": "subregion",
                "area": "011",
                "host": "SEN",
                "start": "2025-03-10",
                "end": "2025-03-12",
                "status": "scheduled",
                "invitees": {"countries": ["SEN", "CIV"], "providers": ["GEF", "AFD"]},
                "agenda": ["Shared gaps; detection", "Overlaps, GEF and AFD", "@ the end"],
                "components": ["i", "c"],
                "outcome": "Agreed:\n1. a network\n2. a roster",
            }
        ],
        "partnerships": [
            {
                "id": "PS-17",
                "need": "KE-001",
                "provider": "AFD",
                "initiative": "XM-DAC-41114-BS-01",
                "status": "accepted",
                "origin": "meeting",
                "meeting": "M-011-2025",
                "score": 0.82,
                "history": [
                    {"status": "suggested", "at": "2025-01-05T10:00:00+00:00", "note": None},
                    {
                        "status": "accepted",
                        "at": "2025-01-20T15:30:00+00:00",
                        "note": 'Fits | the call @ 2025, "yes"; 中文',
                        "by": "officer@afd.example",
                    },
                ],
            },
            {
                "id": "PS-18",
                "need": "KE-002",
                "provider": "EXP-1",
                "initiative": "XM-DAC-41114-BS-01",
                "status": "suggested",
                "origin": "suggestion",
                "meeting": "M-011-2025",
                "score": 1,
                "history": [],
            },
        ],
    }


def without_sources(document: dict) -> dict:
    """The document with every record's ``_source`` removed."""
    result = copy.deepcopy(document)
    for records in result.values():
        if isinstance(records, list):
            for record in records:
                record.pop("_source", None)
    return result


def problems_of(error: pytest.ExceptionInfo) -> list[tuple[str, str, str]]:
    return [(p.source, p.field, p.message) for p in error.value.problems]


def write_file(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# Round trip


def test_round_trip_through_a_directory_gives_the_same_document(tmp_path):
    document = full_document()
    written = write_csv_bundle(document, tmp_path / "export")
    assert [path.name for path in written] == [
        "providers.csv",
        "initiatives.csv",
        "needs.csv",
        "capacities.csv",
        "profiles.csv",
        "meetings.csv",
        "partnerships.csv",
    ]
    back = read_csv_bundle(tmp_path / "export")
    assert without_sources(back) == document


def test_round_trip_through_a_zip_gives_the_same_document(tmp_path):
    document = full_document()
    assert write_csv_bundle(document, tmp_path / "export.zip") == [tmp_path / "export.zip"]
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        assert len(archive.namelist()) == 7
    back = read_csv_bundle(tmp_path / "export.zip")
    assert without_sources(back) == document


def test_export_is_deterministic_and_documented(tmp_path):
    write_csv_bundle(full_document(), tmp_path / "a.zip")
    write_csv_bundle(full_document(), tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    write_csv_bundle(full_document(), tmp_path / "dir")
    needs = (tmp_path / "dir" / "needs.csv").read_bytes()
    assert not needs.startswith(b"\xef\xbb\xbf")
    header = needs.split(b"\r\n", 1)[0].decode()
    assert header.split(",") == list(columns("needs"))
    assert f"`{', '.join(columns('needs'))}`".replace(" ", "") in DOCS.read_text().replace(
        "\n", ""
    ).replace(" ", "")


def test_records_carry_their_physical_line(tmp_path):
    write_csv_bundle(full_document(), tmp_path)
    back = read_csv_bundle(tmp_path)
    # The initiative's description spans two lines, so a second initiative would start on line 4.
    assert [r["_source"] for r in back["needs"]] == ["needs.csv:2", "needs.csv:3"]
    assert back["initiatives"][0]["_source"] == "initiatives.csv:2"
    text = 'id,title,description\nI-1,One,"two\nlines"\n\nI-2,Two,\n'
    write_file(tmp_path / "initiatives.csv", text)
    lines = [r["_source"] for r in read_csv_bundle(tmp_path / "initiatives.csv")["initiatives"]]
    assert lines == ["initiatives.csv:2", "initiatives.csv:5"]


def test_spreadsheet_formulas_are_defused_in_the_file_and_restored_on_import(tmp_path):
    write_csv_bundle(full_document(), tmp_path)
    with (tmp_path / "providers.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[2][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[2][10] == "'-- ask the secretariat"
    assert read_csv_bundle(tmp_path)["providers"][1]["name"].startswith("=HYPERLINK")


def test_null_and_empty_values_export_as_empty_cells_and_import_as_absent(tmp_path):
    need = {
        "id": "N1",
        "country": "KEN",
        "component": "c",
        "title": "T",
        "description": "",
        "estimated_cost": None,
        "sequence": None,
        "confidential": None,
    }
    partnership = {
        "id": "P1",
        "need": "N1",
        "status": "suggested",
        "provider": None,
        "score": None,
        "history": None,
    }
    write_csv_bundle({"needs": [need], "partnerships": [partnership]}, tmp_path)
    document = without_sources(read_csv_bundle(tmp_path))
    assert document["needs"] == [{"id": "N1", "country": "KEN", "component": "c", "title": "T"}]
    assert document["partnerships"] == [
        {"id": "P1", "need": "N1", "status": "suggested", "history": []}
    ]


def test_the_document_of_a_snapshot_survives_the_round_trip(tmp_path):
    stamp = datetime(2024, 5, 1, 10, 0, 0)
    snapshot = Snapshot(
        providers={
            "AFD": Provider(
                "AFD",
                "AFD",
                "bilateral",
                "FRA",
                ("c",),
                ("SEN",),
                ("011",),
                Money(100.5, "EUR"),
                ("fr",),
                "x@afd.example",
                stamp,
            )
        },
        initiatives={
            "I1": Initiative(
                "I1",
                "Détection",
                "a, b",
                (ProviderRole("AFD", "funding"),),
                ("SEN",),
                ("011",),
                ("i",),
                None,
                date(2024, 1, 1),
                date(2025, 1, 1),
                "ongoing",
                "l",
                ("A",),
                ("31120",),
                stamp,
            )
        },
        needs={
            "N1": Need(
                "N1",
                "SEN",
                "i",
                "Lab",
                "d",
                1,
                2,
                date(2024, 1, 1),
                date(2025, 1, 1),
                Money(5),
                "open",
                True,
                stamp,
            )
        },
        capacities={"C1": Capacity("C1", "SEN", "c", "advanced", "d", True, stamp)},
        profiles={
            "SEN": Profile(
                "SEN", True, False, "adopted", True, False, True, Money(1), None, date(2024, 1, 1)
            )
        },
        meetings={
            "M1": Meeting(
                "M1",
                "T",
                "subregion",
                "011",
                "SEN",
                date(2025, 1, 1),
                date(2025, 1, 2),
                "held",
                (Invitee("country", "SEN"), Invitee("provider", "AFD")),
                ("x; y",),
                ("c",),
                "o",
            )
        },
        partnerships={
            "P1": Partnership(
                "P1",
                "N1",
                "accepted",
                "AFD",
                "I1",
                "meeting",
                "M1",
                0.5,
                (PartnershipEvent("suggested", stamp, None, "me"),),
            )
        },
    )
    document = json.loads(json.dumps(snapshot_document(snapshot)))
    write_csv_bundle(document, tmp_path / "export.zip")
    assert without_sources(read_csv_bundle(tmp_path / "export.zip")) == document


def test_export_refuses_a_field_it_cannot_write(tmp_path):
    with pytest.raises(ValueError, match="need N1: field 'colour' has no CSV column"):
        write_csv_bundle({"needs": [{"id": "N1", "colour": "red"}]}, tmp_path)


def test_export_into_a_directory_removes_files_of_types_no_longer_exported(tmp_path):
    write_csv_bundle(full_document(), tmp_path)
    written = write_csv_bundle({"needs": full_document()["needs"]}, tmp_path)
    assert written == [tmp_path / "needs.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["needs.csv"]


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_code = _text.map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    identifier=_code,
    title=_text.filter(bool),
    description=_text.filter(bool),
    agenda=st.lists(_code, max_size=4),
    amount=st.one_of(
        st.integers(min_value=0, max_value=10**12),
        st.floats(min_value=0, max_value=1e18, allow_nan=False, allow_infinity=False),
    ),
)
def test_any_text_and_amount_survive_the_round_trip(identifier, title, description, agenda, amount):
    need = {
        "id": identifier,
        "country": "KEN",
        "component": "c",
        "title": title,
        "description": description,
        "estimated_cost": {"amount": amount, "currency": "USD"},
    }
    meeting = {"id": identifier, "title": title, "scope": "region", "area": "002", "agenda": agenda}
    for record_type, record in (("needs", need), ("meetings", meeting)):
        problems: list = []
        text = csv_text(record_type, [record]).encode("utf-8")
        found, records = read_csv_text(f"{record_type}.csv", text, problems)
        assert problems == [] and found == record_type
        back = records[0]
        del back["_source"]
        assert {key: back.get(key) for key in record} == record


# Reading: conversions and single files


def test_cells_convert_to_json_types_and_unconvertible_values_stay_text(tmp_path):
    text = (
        "id,country,component,title,priority,sequence,estimated_cost_amount,"
        "estimated_cost_currency,confidential\n"
        "N1, KEN ,c,Title, 2 ,,1e6,USD,YES\n"
        "N2,KEN,c,Title,high,3.5,12abc,,maybe\n"
        "N3,KEN,c,Title,1,0,,EUR,No\n"
    )
    needs = read_csv_bundle(write_file(tmp_path / "needs.csv", text))["needs"]
    assert needs[0]["country"] == "KEN"
    assert needs[0]["priority"] == 2 and "sequence" not in needs[0]
    assert needs[0]["estimated_cost"] == {"amount": 1000000.0, "currency": "USD"}
    assert needs[0]["confidential"] is True
    assert needs[1]["priority"] == "high" and needs[1]["sequence"] == "3.5"
    assert needs[1]["estimated_cost"] == {"amount": "12abc"}
    assert needs[1]["confidential"] == "maybe"
    assert needs[2]["estimated_cost"] == {"currency": "EUR"}
    assert needs[2]["confidential"] is False and needs[2]["sequence"] == 0


def test_lists_roles_invitees_and_history_cells(tmp_path):
    write_file(
        tmp_path / "initiatives.csv",
        "id,title,providers,components\nI1,T, GEF:funding ; urn:x:implementing;UNEP ;,c ; i;\n",
    )
    write_file(
        tmp_path / "meetings.csv",
        "id,title,scope,area,invitee_countries\nM1,T,region,002,KEN;UGA\n",
    )
    write_file(
        tmp_path / "partnerships.csv",
        "id,need,status,history\nP1,N1,suggested,not json\n",
    )
    document = read_csv_bundle(tmp_path)
    initiative = document["initiatives"][0]
    assert initiative["providers"] == [
        {"id": "GEF", "role": "funding"},
        {"id": "urn:x", "role": "implementing"},
        {"id": "UNEP"},
    ]
    assert initiative["components"] == ["c", "i"]
    assert document["meetings"][0]["invitees"] == {"countries": ["KEN", "UGA"]}
    assert document["partnerships"][0]["history"] == "not json"


def test_a_missing_column_leaves_the_field_out_and_an_empty_cell_too(tmp_path):
    path = write_file(tmp_path / "capacities.csv", "ID, Country ,component,level\nC1,KEN,c,\n")
    document = read_csv_bundle(path)
    assert document == {
        "format": "capacity-coordinator/1",
        "capacities": [
            {"_source": "capacities.csv:2", "id": "C1", "country": "KEN", "component": "c"}
        ],
    }


def test_single_file_type_comes_from_its_name_or_else_its_header(tmp_path):
    named = write_file(tmp_path / "2024-Needs.csv", "id,country,component,title\nN1,KEN,c,T\n")
    assert read_csv_bundle(named)["needs"][0]["_source"] == "2024-Needs.csv:2"
    anonymous = write_file(tmp_path / "export.csv", "country,focal_point\nKEN,true\n")
    assert read_csv_bundle(anonymous)["profiles"] == [
        {"_source": "export.csv:2", "country": "KEN", "focal_point": True}
    ]


def test_utf8_byte_order_mark_and_blank_rows_are_accepted(tmp_path):
    path = write_file(
        tmp_path / "needs.csv",
        "\ufeffid,country,component,title\r\n,,,\r\nN1,KEN,c,Café\r\n\r\n".encode("utf-8"),
    )
    needs = read_csv_bundle(path)["needs"]
    assert needs == [
        {"_source": "needs.csv:3", "id": "N1", "country": "KEN", "component": "c", "title": "Café"}
    ]


def test_zip_members_in_folders_are_read_and_macos_metadata_skipped(tmp_path):
    archive_path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("export/needs.csv", "id,country,component,title\nN1,KEN,c,T\n")
        archive.writestr("export/providers.csv", "id,name,kind\nP1,GEF,gef\n")
        archive.writestr("__MACOSX/export/._needs.csv", b"\x00\x05\x16\x07\xff")
        archive.writestr("export/", b"")
    document = read_csv_bundle(archive_path)
    assert document["needs"][0]["_source"] == "export/needs.csv:2"
    assert document["providers"][0]["name"] == "GEF"


def test_examples_in_the_documentation_read_without_problems():
    sections = re.findall(r"### (\w+\.csv)\n.*?```csv\n(.*?)```", DOCS.read_text(), re.DOTALL)
    assert len(sections) == 7
    for file_name, example in sections:
        problems: list = []
        record_type, records = read_csv_text(file_name, example.encode("utf-8"), problems)
        assert problems == [] and len(records) == 1, file_name
        assert record_type == file_name.removesuffix(".csv")
        assert example.splitlines()[0].split(",") == list(columns(record_type))
        [record] = records
        assert read_csv_text(file_name, csv_text(record_type, [record]).encode(), [])[1] == [record]


# Reading: structural errors


def test_unknown_and_missing_columns_name_the_file_and_column(tmp_path):
    path = write_file(tmp_path / "needs.csv", "id,country,colour,title\nN1,KEN,red,T\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(path)
    found = problems_of(error)
    assert ("needs.csv:1", "colour") in [(s, f) for s, f, _ in found]
    assert ("needs.csv:1", "component") in [(s, f) for s, f, _ in found]
    assert any("required column 'component'" in m for _, _, m in found)


def test_repeated_and_unnamed_columns_are_rejected(tmp_path):
    path = write_file(tmp_path / "needs.csv", "id,country,component,title,title,\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(path)
    messages = [m for _, _, m in problems_of(error)]
    assert any("'title' appears twice" in m for m in messages)
    assert any("column 6 of the header has no name" in m for m in messages)


def test_a_row_with_more_cells_than_the_header_names_its_line(tmp_path):
    text = 'id,title,description\nI1,"Two\nlines",ok\nI2,Hello, world,more\n'
    path = write_file(tmp_path / "initiatives.csv", text)
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(path)
    [problem] = error.value.problems
    assert problem.source == "initiatives.csv:4"
    assert problem.record == "initiative I2"
    assert "4 cells but the header has 3 columns" in problem.message


def test_bytes_that_are_not_utf8_are_reported_with_their_line(tmp_path):
    data = b"id,country,component,title\nN1,KEN,c,ok\nN2,KEN,c,Caf" + b"\xe9\n"
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(write_file(tmp_path / "needs.csv", data))
    [(source, _, message)] = problems_of(error)
    assert source == "needs.csv:3"
    assert "must be UTF-8" in message and "0xe9" in message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n  \r\n"])
def test_an_empty_file_is_rejected(tmp_path, content):
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(write_file(tmp_path / "needs.csv", content))
    [(source, _, message)] = problems_of(error)
    assert source == "needs.csv" and "empty" in message


def test_an_unknown_name_with_an_unrecognisable_header_is_rejected(tmp_path):
    path = write_file(tmp_path / "data.csv", "id,colour\n1,red\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(path)
    [(source, _, message)] = problems_of(error)
    assert source == "data.csv:1" and "cannot tell which records" in message
    near = write_file(tmp_path / "export.csv", "id,country,component,titel,priority\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(near)
    [(_, _, message)] = problems_of(error)
    assert "closest: needs.csv, with unknown columns 'titel' and missing columns 'title'" in message


def test_semicolon_separated_files_get_a_hint(tmp_path):
    path = write_file(tmp_path / "needs.csv", "id;country;component;title\nN1;KEN;c;T\n")
    with pytest.raises(InvalidInput, match="separated by commas"):
        read_csv_bundle(path)


def test_an_oversized_cell_is_reported_and_the_global_limit_restored(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_read, "MAX_CELL_CHARS", 50)
    before = csv.field_size_limit()
    text = 'id,country,component,title\nN1,KEN,c,short\nN2,KEN,c,"' + "x" * 80 + '"\n'
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(write_file(tmp_path / "needs.csv", text))
    [(source, _, message)] = problems_of(error)
    assert source == "needs.csv:3" and "longer than the limit of 50 characters" in message
    assert csv.field_size_limit() == before


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("../needs.csv", "'..'"),
        ("/etc/needs.csv", "absolute path"),
        ("data\\..\\needs.csv", "backslash"),
        ("notes.txt", "only .csv files"),
    ],
)
def test_unsafe_or_foreign_zip_members_are_rejected(tmp_path, member, expected):
    archive_path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("needs.csv", "id,country,component,title\nN1,KEN,c,T\n")
        archive.writestr(member, "id,country,component,title\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(archive_path)
    [(source, _, message)] = problems_of(error)
    assert source == "bundle.zip" and repr(member) in message and expected in message


def test_a_damaged_zip_is_rejected(tmp_path):
    with pytest.raises(InvalidInput, match="not a readable zip archive"):
        read_csv_bundle(write_file(tmp_path / "bundle.zip", b"PK\x03\x04 broken"))


def test_every_problem_of_every_file_is_reported_together(tmp_path):
    write_file(tmp_path / "needs.csv", "id,country,component\n")
    write_file(tmp_path / "providers.csv", b"id,name,kind\nP1,Soci\xe9t\xe9,gef\n")
    write_file(tmp_path / "capacities.csv", "id,country,component\nC1,KEN,c\n")
    with pytest.raises(InvalidInput) as error:
        read_csv_bundle(tmp_path)
    assert sorted(source for source, _, _ in problems_of(error)) == [
        "needs.csv:1",
        "providers.csv:2",
    ]


def test_paths_that_are_not_csv_are_rejected(tmp_path):
    with pytest.raises(InvalidInput, match="no such file"):
        read_csv_bundle(tmp_path / "missing.csv")
    with pytest.raises(InvalidInput, match="expected a directory"):
        read_csv_bundle(write_file(tmp_path / "data.json", "{}"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match="no .csv files"):
        read_csv_bundle(tmp_path / "empty")


def test_export_refuses_a_value_no_cell_can_hold(tmp_path):
    need = {"id": "N1", "estimated_cost": {"amount": 5, "currency": "USD", "year": 2024}}
    with pytest.raises(TypeError, match="need N1, field estimated_cost: money must be"):
        write_csv_bundle({"needs": [need]}, tmp_path)
    with pytest.raises(TypeError, match="need N2, field title: a dict has no CSV form"):
        write_csv_bundle({"needs": [{"id": "N2", "title": {"en": "x"}}]}, tmp_path)
