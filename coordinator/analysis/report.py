"""The progress report to COP-MOP (Action Plan paragraph 8), in HTML or Markdown.

The report says what steps were taken, by source type (the six of 4(d)) and by region, how far
country needs are covered and where the gaps are, what duplication was found, the indicators,
the lessons learned recorded for completed initiatives (decision paragraph 18) and the quality
of the data. The HTML is one self-contained, printable page: styles inline, charts as inline
SVG, no script and no external resource; every piece of text is escaped (Jinja2 with
autoescape). The Markdown escapes the characters Markdown would read as markup.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from coordinator.analysis.duplication import DuplicatePair
from coordinator.analysis.gaps import NeedGap
from coordinator.analysis.report_data import report_context
from coordinator.analysis.report_svg import bar_chart
from coordinator.domain import Snapshot
from coordinator.money import RateTable
from coordinator.taxonomy import COUNTRY_GROUPS

__all__ = ["FORMATS", "render_report", "markdown_escape"]

FORMATS = ("html", "md")
TEMPLATES = Path(__file__).resolve().parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_escape(value) -> str:
    """``value`` as Markdown text: characters Markdown would treat as markup are escaped.

    >>> markdown_escape("<script>|*x*")
    '\\\\<script\\\\>\\\\|\\\\*x\\\\*'
    """
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _usd(value) -> str:
    if value is None:
        return "—"
    return f"USD {float(value):,.0f}"


def _percent(value) -> str:
    return "—" if value is None else f"{float(value):.0%}"


def _environment(fmt: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=fmt == "html",
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["usd"] = _usd
    environment.filters["percent"] = _percent
    environment.filters["md"] = markdown_escape
    environment.globals["group_name"] = lambda code: COUNTRY_GROUPS.get(code, code)
    return environment


def _charts(context: dict) -> dict[str, Markup]:
    """The report's charts (the SVG is built with every label escaped)."""
    return {
        "by_source": Markup(bar_chart(
            [(row["label"], row["committed_usd"]) for row in context["by_source"]],
            title="Committed funding by source type (USD)", unit="USD")),
        "by_region": Markup(bar_chart(
            [(row["label"], row["committed_usd"]) for row in context["by_region"]],
            title="Committed funding by region (USD)", unit="USD")),
        "gaps_by_component": Markup(bar_chart(
            [(row["label"], row["funding_gap_usd"]) for row in context["gaps_by_component"]],
            title="Funding gap of open needs by component (USD)", unit="USD")),
        "coverage_by_group": Markup(bar_chart(
            [(COUNTRY_GROUPS.get(row["key"], "Other countries"), row["mean_coverage"])
             for row in context["gaps_by_group"]],
            title="Mean coverage of open needs by priority group", unit="%")),
    }


def render_report(snapshot: Snapshot, *, gaps: Iterable[NeedGap],
                  duplicates: Iterable[DuplicatePair], indicators: dict, fmt: str = "html",
                  rates: RateTable | None = None, title: str | None = None) -> str:
    """The progress report as HTML (``fmt="html"``) or Markdown (``fmt="md"``)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    context = report_context(snapshot, gaps=gaps, duplicates=duplicates,
                             indicators=indicators, rates=rates)
    context["title"] = title or ("Progress report on the implementation of the Action Plan "
                                 "for Building Capacities for the Effective Implementation "
                                 "of the Cartagena Protocol on Biosafety")
    if fmt == "html":
        context["charts"] = _charts(context)
    template = _environment(fmt).get_template(f"report.{fmt}.j2")
    return template.render(**context)
