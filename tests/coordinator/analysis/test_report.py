"""The progress report to COP-MOP: content, escaping, self-contained printable HTML, Markdown."""
import re
from datetime import date

import pytest

from coordinator.analysis.duplication import find_duplicates
from coordinator.analysis.gaps import need_coverage
from coordinator.analysis.indicators import indicators
from coordinator.analysis.report import markdown_escape, render_report
from coordinator.analysis.report_svg import bar_chart
from coordinator.domain import Initiative, Money, Need, Provider, ProviderRole, Snapshot
from coordinator.reference import load_countries, load_regions

EVIL = '<script>alert("x")</script>'


def world():
    initiatives = {
        "I1": Initiative("I1", f"Detection lab {EVIL}", "Detection of LMOs in Kenya",
                         providers=(ProviderRole("GEF", "funding"),),
                         recipient_countries=("KEN",), components=("i",),
                         budget=Money(300_000, "USD"), start=date(2020, 1, 1),
                         end=date(2022, 12, 31), status="completed",
                         lessons=f"Train customs first | {EVIL}"),
        "I2": Initiative("I2", "Awareness in Peru", "Radio programmes",
                         providers=(ProviderRole("BI", "funding"),),
                         recipient_countries=("PER",), components=("e",),
                         budget=Money(80_000, "USD"), start=date(2024, 1, 1),
                         end=date(2026, 12, 31), status="ongoing"),
    }
    needs = {"N1": Need("N1", "KEN", "c", f"Risk assessment {EVIL}", priority=1,
                        start=date(2024, 1, 1), estimated_cost=Money(50_000, "USD"))}
    providers = {"GEF": Provider("GEF", "Global Environment Facility", "gef"),
                 "BI": Provider("BI", f"Agency {EVIL}", "bilateral")}
    return Snapshot(countries=load_countries(), regions=load_regions(), providers=providers,
                    initiatives=initiatives, needs=needs, as_of=date(2025, 1, 1))


def render(fmt):
    snapshot = world()
    gaps = need_coverage(snapshot)
    duplicates = find_duplicates(snapshot)
    return render_report(snapshot, gaps=gaps, duplicates=duplicates,
                         indicators=indicators(snapshot, duplicates=duplicates, gaps=gaps),
                         fmt=fmt)


def test_html_report_has_every_section_and_escapes_all_text():
    html = render("html")
    assert html.startswith("<!DOCTYPE html>")
    for heading in ("by source of support", "by region", "Coverage of country needs",
                    "Duplication", "Indicators by year", "Lessons learned",
                    "Quality of the data"):
        assert heading in html
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "Train customs first" in html and "Global Environment Facility" in html


def test_html_report_is_self_contained_and_printable():
    html = render("html")
    assert html.count("<svg") >= 4
    assert "@media print" in html
    assert not re.search(r"""(src|href)\s*=""", html)
    assert "<link" not in html and "@import" not in html


def test_markdown_report_escapes_markup():
    md = render("md")
    assert md.startswith("# Progress report")
    assert "## 6. Lessons learned" in md
    assert "<script>" not in md
    assert r"\<script\>" in md
    assert r"Train customs first \|" in md


def test_unknown_format_is_refused():
    snapshot = world()
    with pytest.raises(ValueError):
        render_report(snapshot, gaps=[], duplicates=[], indicators={}, fmt="pdf")


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart([("A & B", 10.0), ("<C>", 5.0)], title="T <1>", unit="USD")
    assert "A &amp; B" in svg and "&lt;C&gt;" in svg and "T &lt;1&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_markdown_escape():
    assert markdown_escape("a|b*c_") == r"a\|b\*c\_"
    assert markdown_escape(None) == ""
