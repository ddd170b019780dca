"""No record page ever shows a confidential need to someone who may not read it, and every
page keeps to the Content-Security-Policy (no inline styles or scripts, nothing external)."""
from __future__ import annotations

import re
from html import unescape

import pytest

from coordinator.visibility import Viewer
from tests.web.test_pages_countries import text
from web.viewer import set_viewer

START = [
    "/", "/countries/?needs=yes", "/countries/KEN", "/countries/GHA", "/needs/",
    "/needs/?country=KEN", "/needs/?component=l", "/needs/?sort=cost&order=desc",
    "/needs/?q=confidential", "/needs/?q=enforcement+case", "/initiatives/", "/providers/",
    "/needs/?format=csv", "/needs/?format=json", "/needs/?country=KEN&format=csv",
    "/initiatives/?format=json", "/providers/?format=csv",
]
SECRETS = ("CONFIDENTIAL-MARKER", "need-ken-l", "Rules for confidential business information")


def crawl(client) -> dict[str, str]:
    """The start pages and every page they link to (one step), by address."""
    pages = {url: text(client.get(url)) for url in START}
    linked = {unescape(href) for page in list(pages.values())
              for href in re.findall(r'href="(/[^"]*)"', page)
              if not href.startswith("/static/") and "format=" not in href}
    for url in sorted(linked - set(pages)):
        pages[url] = text(client.get(url))
    return pages


def test_an_anonymous_visitor_never_sees_the_confidential_need(client):
    pages = crawl(client)
    assert len(pages) > 30
    for url, page in pages.items():
        for secret in SECRETS:
            assert secret not in page, f"{secret!r} shown on {url}"
        assert "/needs/confidential-" not in page, f"link to a redacted need on {url}"
    assert "Confidential need" in pages["/needs/?country=KEN"]
    assert "No need matches" in pages["/needs/?q=enforcement+case"]  # words of its description


@pytest.fixture
def kenya_focal_point(app):
    app.before_request(lambda: set_viewer(Viewer("focal_point", country="KEN")))
    return app


def test_the_focal_point_of_the_country_sees_it_in_full(kenya_focal_point, client):
    page = text(client.get("/needs/?country=KEN"))
    assert 'href="/needs/need-ken-l"' in page and "confidential</span>" in page
    detail = text(client.get("/needs/need-ken-l"))
    assert "CONFIDENTIAL-MARKER" in detail and "USD 90,000" in detail


def test_no_page_needs_inline_styles_scripts_or_other_hosts(client):
    for url, page in crawl(client).items():
        if "format=" in url:
            continue
        assert not re.search(r"\sstyle\s*=", page), f"inline style on {url}"
        assert "<style" not in page, f"inline stylesheet on {url}"
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
            if 'type="application/json"' in attributes:
                continue  # data for a script, never executed
            assert 'src="/static/' in attributes and not body.strip(), \
                f"inline script on {url}"
        assert not re.search(r"\son[a-z]+\s*=", page), f"inline event handler on {url}"
        assert not re.search(r'(src|href)="(https?:)?//', page), f"external resource on {url}"
