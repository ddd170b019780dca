"""A coordination meeting on paper: the printable agenda (HTML) and the invitee list (CSV).

Both take a meeting as ``coordinator.meetings`` shapes it (a proposal or a recorded meeting).
The agenda is meant to be sent to everyone invited, so it shows no contacts; the invitee list is
for whoever sends the invitations and carries the contacts the reader may see.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from jinja2 import Environment

from ..taxonomy import COMPONENTS
from .csv_columns import guard_cell

__all__ = ["SECTION_TITLES", "INVITEE_COLUMNS", "agenda_html", "invitees_csv"]

#: Headings of the agenda's sections, in the order they are taken.
SECTION_TITLES = {
    "follow_up": "Follow-up of the last meeting",
    "gap": "Shared gaps",
    "overlap": "Duplications and overlaps to resolve",
    "suggestion": "Partnerships to discuss",
    "south_south": "South-South cooperation",
    "lesson": "Lessons learned (decision paragraph 18)",
    "presentation": "Presentations",
    "agenda": "Agenda",
}
INVITEE_COLUMNS = ("kind", "ref", "name", "side", "contact", "why")

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ m.title }}</title>
<style>
  body { font-family: Georgia, "Times New Roman", serif; max-width: 48rem; margin: 2rem auto;
         padding: 0 1rem; color: #111; line-height: 1.45; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  h2 { font-size: 1.1rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
  h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
  .meta { color: #333; margin: 0 0 1rem; }
  .meta dt { font-weight: bold; float: left; clear: left; width: 7rem; }
  .meta dd { margin: 0 0 .2rem 7.5rem; }
  ol.agenda > li { margin: .35rem 0; }
  table { border-collapse: collapse; width: 100%; font-size: .92rem; }
  th, td { text-align: left; border-bottom: 1px solid #ccc; padding: .25rem .4rem;
           vertical-align: top; }
  .notes { font-size: .9rem; color: #444; }
  footer { margin-top: 2rem; font-size: .8rem; color: #666; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
                 tr, li { break-inside: avoid; } }
</style>
</head>
<body>
<header>
<h1>{{ m.title }}</h1>
<dl class="meta">
  <dt>Status</dt><dd>{{ m.status or "proposed" }}</dd>
  {% if m.window and m.window.start %}<dt>Dates</dt><dd>{{ dates }}</dd>{% endif %}
  {% if m.host_name %}<dt>Host</dt><dd>{{ m.host_name }}</dd>{% endif %}
  <dt>Area</dt><dd>{{ m.area_name or m.area }}</dd>
  {% if themes %}<dt>Themes</dt><dd>{{ themes | join("; ") }}</dd>{% endif %}
</dl>
</header>
{% if m.reasons %}
<h2>Why this meeting</h2>
<ul>{% for reason in m.reasons %}<li>{{ reason }}</li>{% endfor %}</ul>
{% endif %}
<h2>Agenda</h2>
{% for title, items in sections %}
<h3>{{ title }}</h3>
<ol class="agenda" start="{{ items[0][0] }}">
{% for number, text in items %}<li>{{ text }}</li>
{% endfor %}</ol>
{% else %}
<p>No agenda items yet.</p>
{% endfor %}
{% if m.outcome %}
<h2>Outcome</h2>
<p>{{ m.outcome }}</p>
{% endif %}
{% if m.agreed %}
<h2>Agreed partnerships</h2>
<ul>{% for p in m.agreed %}<li>{{ p.text }} ({{ p.status }})</li>{% endfor %}</ul>
{% endif %}
<h2>Invited ({{ invitees | length }})</h2>
<table>
<thead><tr><th>Invitee</th><th>Taking part as</th>
{% if show_why %}<th>Why invited</th>{% endif %}</tr></thead>
<tbody>
{% for row in invitees %}<tr><td>{{ row.name }}</td><td>{{ row.role }}</td>
{% if show_why %}<td>{{ row.why }}</td>{% endif %}</tr>
{% endfor %}</tbody>
</table>
{% if m.notes %}
<h2>Notes</h2>
<ul class="notes">{% for note in m.notes %}<li>{{ note }}</li>{% endfor %}</ul>
{% endif %}
<footer>Prepared with Capacity Coordinator on {{ today }} from the capacity-building record
(decision paragraphs 18-20 of the Action Plan for Building Capacities for the Effective
Implementation of the Cartagena Protocol on Biosafety).</footer>
</body>
</html>
"""

_SIDES = {
    "country": {"host": "Host country", "recipient": "Country"},
    "provider": {"support": "Donor or support provider"},
    "expert": {"support": "Expert (presenting)"},
}
_ENVIRONMENT = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _dates(window: Mapping[str, Any]) -> str:
    start, end = window.get("start"), window.get("end")
    if not end or end == start:
        return str(start)
    return f"{start} to {end}"


def _sections(meeting: Mapping[str, Any]) -> list[tuple[str, list[tuple[int, str]]]]:
    items = meeting.get("agenda_items") or [
        {"section": "agenda", "text": text} for text in meeting.get("agenda") or []]
    grouped: dict[str, list[str]] = {}
    for item in items:
        grouped.setdefault(item.get("section") or "agenda", []).append(item["text"])
    order = [s for s in SECTION_TITLES if s in grouped] + \
        [s for s in grouped if s not in SECTION_TITLES]
    sections, number = [], 1
    for section in order:
        numbered = []
        for text in grouped[section]:
            numbered.append((number, text))
            number += 1
        sections.append((SECTION_TITLES.get(section, section.replace("_", " ").capitalize()),
                         numbered))
    return sections


def agenda_html(meeting: Mapping[str, Any], *, today: date | None = None) -> str:
    """The printable agenda of a meeting: why, what (by section), who (without contacts)."""
    template = _ENVIRONMENT.from_string(_TEMPLATE)
    themes = [f"{COMPONENTS.get(c, c)} ({c})" for c in meeting.get("components") or []]
    invitees = [{"name": row.get("name") or row.get("ref"), "why": row.get("why") or "",
                 "role": _SIDES.get(row.get("kind"), {}).get(row.get("side"), row.get("kind"))}
                for row in meeting.get("invitation_list") or []]
    return template.render(
        m=meeting, dates=_dates(meeting.get("window") or {}), themes=themes,
        sections=_sections(meeting), invitees=invitees,
        show_why=any(row["why"] for row in invitees),
        today=(today or date.today()).isoformat(),
    )


def invitees_csv(meeting: Mapping[str, Any]) -> str:
    """The invitee list as CSV (one row per invitee, with the contacts the reader may see),
    safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(INVITEE_COLUMNS)
    for row in meeting.get("invitation_list") or []:
        writer.writerow([guard_cell(str(row.get(column) or "")) for column in INVITEE_COLUMNS])
    return buffer.getvalue()
