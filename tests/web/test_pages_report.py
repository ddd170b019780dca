"""The report page: the progress report to COP-MOP, printable HTML or Markdown to edit."""
from __future__ import annotations

import pytest

from coordinator import accounts
from tests.web.analysis_documents import MARKER, TITLE, analysis_app  # noqa: F401
from tests.web.test_auth import QUICK_COST, add_people, page_text, sign_in


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_COST", QUICK_COST)


def test_the_report_page_offers_both_formats(analysis_app):  # noqa: F811
    page = page_text(analysis_app.test_client().get("/report/"))
    assert "Progress report to COP-MOP" in page
    assert 'href="/report/view"' in page
    assert 'href="/report/download?format=html"' in page
    assert 'href="/report/download?format=md"' in page
    assert "confidential needs are counted but not described" in page


def test_the_printable_report_is_one_page_without_script(analysis_app):  # noqa: F811
    response = analysis_app.test_client().get("/report/view")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].startswith("inline;")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    body = page_text(response)
    assert "<script" not in body and "<svg" in body
    assert "<b>3</b>initiatives" in body  # ini-1, ini-2 and ini-3


def test_downloads_are_files_named_by_date_and_format(analysis_app):  # noqa: F811
    client = analysis_app.test_client()
    markdown = client.get("/report/download?format=md")
    assert markdown.mimetype == "text/markdown"
    disposition = markdown.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.md"')
    assert page_text(markdown).startswith("# Progress report")
    html = client.get("/report/download?format=html")
    assert html.headers["Content-Disposition"].endswith('.html"')
    refused = client.get("/report/download?format=docx")
    assert refused.status_code == 422 and "format" in page_text(refused)


def test_the_report_never_describes_the_confidential_need_to_others(analysis_app):  # noqa: F811
    add_people(analysis_app)
    for email in (None, "donor@gef.example", "fp@gha.example"):
        client = analysis_app.test_client()
        if email:
            sign_in(client, email)
        for url in ("/report/view", "/report/download?format=md"):
            body = page_text(client.get(url))
            assert MARKER not in body and TITLE not in body and "need-ken-l\"" not in body
