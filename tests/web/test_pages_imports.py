"""Imports from the browser (secretariat only): upload, the validation report (problems with
file, line, record and field; or what would be created and updated, with IATI warnings), then
commit; a broken file changes nothing; uploads are forgotten after commit or a day."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from coordinator import accounts
from coordinator.services.catalog import snapshot_for
from coordinator.visibility import SYSTEM
from tests.web.test_auth import QUICK_COST, add_people, csrf_from, in_database, page_text, sign_in
from tests.web.test_pages_countries import text
from web import create_app

NEEDS_CSV = (
    "id,country,component,title,description,priority,sequence,start,end,"
    "estimated_cost_amount,estimated_cost_currency,status,confidential\n"
    "need-csv-1,SEN,i,Border detection kits,Kits and training,2,,2026-01-01,2027-12-31,"
    "80000,USD,open,false\n"
)
IATI = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
<iati-activity xml:lang="en" default-currency="EUR">
<iati-identifier>XM-DAC-7-PPR-1</iati-identifier>
<reporting-org ref="XM-DAC-7" type="10"><narrative>Donor Agency</narrative></reporting-org>
<title><narrative>Biosafety framework support in Ghana</narrative></title>
<participating-org ref="XM-DAC-7" role="1" type="10">
<narrative>Donor Agency</narrative></participating-org>
<activity-status code="2"/>
<activity-date iso-date="2025-01-01" type="2"/>
<recipient-country code="GH" percentage="100"/>
<recipient-country code="ZZ"/>
</iati-activity>
</iati-activities>
"""


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "uploads"


@pytest.fixture
def officer(app, folder):
    app.config["UPLOAD_FOLDER"] = str(folder)
    add_people(app)
    client = app.test_client()
    assert sign_in(client, "officer@cbd.example").status_code == 302
    return client


def upload(client, name: str, data: bytes, fmt: str = ""):
    token = csrf_from(page_text(client.get("/imports/")))
    return client.post("/imports/", data={"csrf_token": token, "format": fmt,
                                          "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def record_ids(app, kind: str) -> set[str]:
    return set(in_database(app, lambda s: getattr(snapshot_for(s, SYSTEM), kind)))


def broken_document() -> bytes:
    return json.dumps({"format": "capacity-coordinator/1", "needs": [
        {"id": "need-ok", "country": "GHA", "component": "i", "title": "Fine", "priority": 2},
        {"id": "need-bad", "country": "XXX", "component": "i", "title": "Wrong",
         "priority": 9}]}, indent=1).encode()


def test_only_the_secretariat_may_import(app, folder):
    app.config["UPLOAD_FOLDER"] = str(folder)
    add_people(app)
    anonymous = text(app.test_client().get("/imports/"))
    assert "Only the secretariat imports records" in anonymous and 'type="file"' not in anonymous
    assert 'href="/account/sign-in?next=/imports/"' in anonymous
    for email in ("donor@gef.example", "fp@ken.example", "reader@example.org"):
        client = app.test_client()
        sign_in(client, email)
        page = text(client.get("/imports/"))
        assert "Only the secretariat imports records" in page and 'type="file"' not in page
        token = csrf_from(page_text(client.get("/account/")))
        response = client.post("/imports/", data={
            "csrf_token": token, "file": (io.BytesIO(NEEDS_CSV.encode()), "needs.csv")},
            content_type="multipart/form-data")
        assert response.status_code == 403
    assert not folder.exists() or not any(folder.iterdir())


def test_reports_and_commits_are_for_the_secretariat_only(app, officer, folder):
    location = upload(officer, "needs.csv", NEEDS_CSV.encode()).location
    token = location.rsplit("/", 1)[1]
    assert app.test_client().get(location).status_code == 302
    other = app.test_client()
    sign_in(other, "donor@gef.example")
    assert other.get(location).status_code == 403
    csrf = csrf_from(page_text(other.get("/account/")))
    assert other.post(f"/imports/{token}/commit", data={"csrf_token": csrf}).status_code == 403
    assert other.post(f"/imports/{token}/discard", data={"csrf_token": csrf}).status_code == 403
    assert (folder / token).is_dir() and "need-csv-1" not in record_ids(app, "needs")


def test_a_broken_file_shows_every_problem_where_it_is_and_changes_nothing(app, officer):
    before = record_ids(app, "needs")
    response = upload(officer, "broken.json", broken_document())
    assert response.status_code == 302 and response.location.startswith("/imports/")
    page = text(officer.get(response.location))
    assert "problems found: nothing can be imported" in page
    rows = page[page.index("<tbody>"):page.index("</tbody>")]
    assert '<td class="where">broken.json</td><td class="number">' in rows
    assert "need need-bad" in rows and ">country<" in rows and ">priority<" in rows
    assert "Commit" not in page and "Upload a corrected file" in page
    token = response.location.rsplit("/", 1)[1]
    commit = officer.post(f"/imports/{token}/commit", data={"csrf_token": csrf_from(page)})
    assert commit.status_code == 422
    assert record_ids(app, "needs") == before


def test_a_valid_file_is_reported_then_committed(app, officer, folder):
    response = upload(officer, "needs.csv", NEEDS_CSV.encode())
    page = text(officer.get(response.location))
    assert "The file is valid: 1 record — 1 would be created, 0 updated" in page
    assert "need-csv-1" not in record_ids(app, "needs")  # the dry run kept nothing
    token = response.location.rsplit("/", 1)[1]
    assert (folder / token / "needs.csv").is_file()
    done = officer.post(f"/imports/{token}/commit", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 302 and done.location == "/imports/"
    assert "Imported needs.csv: 1 created, 0 updated, 0 unchanged." in \
        text(officer.get(done.location))
    assert "need-csv-1" in record_ids(app, "needs")
    assert not (folder / token).exists()
    assert officer.get(f"/imports/{token}").status_code == 404


def test_a_zip_of_csv_files_and_problems_with_their_lines(app, officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("needs.csv", NEEDS_CSV + "need-csv-2,SEN,zz,Bad component,,3,,,,,,"
                                                 "open,false\n")
    page = text(officer.get(upload(officer, "records.zip", buffer.getvalue()).location))
    assert '<td class="where">needs.csv</td><td class="number">3</td>' in page
    assert "need need-csv-2" in page and ">component<" in page
    assert "need-csv-1" not in record_ids(app, "needs")


def test_iati_warnings_are_shown_before_committing(app, officer):
    page = text(officer.get(upload(officer, "activities.xml", IATI).location))
    assert "IATI" in page and "would be created" in page
    assert "unknown country code &#39;ZZ&#39;: left out" in page
    assert '<td class="where">activities.xml</td><td class="number">12</td>' in page
    assert "XM-DAC-7-PPR-1" not in record_ids(app, "initiatives")


def test_unusable_uploads_are_refused_with_the_reason(app, officer, folder):
    response = upload(officer, "notes.txt", b"hello")
    assert response.status_code == 422
    assert "upload a .json, .csv, .zip or IATI .xml file" in page_text(response)
    response = officer.post("/imports/", data={"csrf_token": csrf_from(
        page_text(officer.get("/imports/")))}, content_type="multipart/form-data")
    assert response.status_code == 422 and "choose a file" in page_text(response)
    assert upload(officer, "needs.csv", b"x", fmt="excel").status_code == 422
    assert not folder.exists() or not any(folder.iterdir())
    assert officer.get("/imports/not-a-token").status_code == 404
    assert officer.get("/imports/" + "A" * 22).status_code == 404


def test_discarding_and_expiry_forget_the_upload(app, officer, folder):
    first = upload(officer, "needs.csv", NEEDS_CSV.encode()).location.rsplit("/", 1)[1]
    page = text(officer.get(f"/imports/{first}"))
    assert officer.post(f"/imports/{first}/discard", data={"csrf_token": csrf_from(page)}
                        ).status_code == 302
    assert not (folder / first).exists()
    second = upload(officer, "needs.csv", NEEDS_CSV.encode()).location.rsplit("/", 1)[1]
    meta = folder / second / "upload.json"
    stored = json.loads(meta.read_text())
    stored["at"] = (datetime.now(UTC) - timedelta(days=1, minutes=1)).isoformat()
    meta.write_text(json.dumps(stored))
    assert officer.get(f"/imports/{second}").status_code == 404
    assert not (folder / second).exists()


def test_commit_needs_the_csrf_token(app, officer):
    location = upload(officer, "needs.csv", NEEDS_CSV.encode()).location
    token = location.rsplit("/", 1)[1]
    assert officer.post(f"/imports/{token}/commit").status_code == 400
    assert "need-csv-1" not in record_ids(app, "needs")


def test_the_size_limit_is_enforced(sqlite_url, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test",
                      "MAX_CONTENT_LENGTH": 2048, "UPLOAD_FOLDER": str(tmp_path / "up")})
    add_people(app, {"officer@cbd.example": ("secretariat", {})})
    client = app.test_client()
    sign_in(client, "officer@cbd.example")
    response = upload(client, "needs.csv", NEEDS_CSV.encode() * 40)
    assert response.status_code == 413
    assert not (tmp_path / "up").exists()
    app.extensions["coordinator.engine"].dispose()
