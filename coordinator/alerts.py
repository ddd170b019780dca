"""What a subscription is told: needs new or changed since a time that match it, as a digest
(text and HTML, every item with why it matches and a link) and as an Atom feed.

Pure functions over a :class:`~coordinator.domain.Snapshot` already limited to what the
subscriber may see (see :func:`coordinator.visibility.visible_snapshot`). Scores of needs for a
provider come from the matching core and are passed in, so nothing here opens a session.

A subscription is either a saved search over needs (the filters of the needs list,
:data:`coordinator.browse.FILTERS`) or "needs that fit my provider with a score of at least X".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from html import escape
from urllib.parse import quote
from xml.etree import ElementTree

from . import taxonomy
from .browse import MAX_PER_PAGE, browse, parse_filters
from .domain import Need, Snapshot
from .visibility import REDACTED_TITLE

__all__ = [
    "Subscription",
    "DigestItem",
    "Digest",
    "ATOM",
    "due",
    "changed_needs",
    "search_reasons",
    "search_matches",
    "provider_matches",
    "describe",
    "need_link",
    "digest",
    "atom_feed",
]

ATOM = "http://www.w3.org/2005/Atom"
#: A daily or weekly digest is due this much before a whole period has passed, so that a run
#: at the same hour every day (which takes a few minutes) never skips a day.
SLACK = timedelta(hours=1)
_PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass(frozen=True)
class Subscription:
    """A subscription as plain values (``filters`` for ``search``, ``provider`` and
    ``min_score`` for ``provider_match``)."""

    id: int
    name: str
    kind: str
    frequency: str = "daily"
    filters: Mapping[str, str] = field(default_factory=dict)
    provider: str | None = None
    min_score: float | None = None
    active: bool = True
    created_at: datetime | None = None
    last_sent_at: datetime | None = None


@dataclass(frozen=True)
class DigestItem:
    """One need in a digest or feed: whether it is new or changed, why it matches, a link."""

    need: Need
    change: str
    reasons: tuple[str, ...]
    link: str
    score: float | None = None


@dataclass(frozen=True)
class Digest:
    """A digest message's subject and bodies."""

    subject: str
    text: str
    html: str


def due(subscription: Subscription, now: datetime) -> bool:
    """Whether a digest of ``subscription`` may be sent at ``now`` (given its frequency)."""
    if not subscription.active:
        return False
    period = _PERIODS.get(subscription.frequency)
    if period is None or subscription.last_sent_at is None:
        return True
    return now - subscription.last_sent_at >= period - SLACK


def changed_needs(snapshot: Snapshot, since: datetime | None) -> dict[str, Need]:
    """Needs changed after ``since`` (all when None); redacted needs are never included."""
    return {need_id: need for need_id, need in snapshot.needs.items()
            if need.title != REDACTED_TITLE and need.updated is not None
            and (since is None or need.updated > since)}


def need_link(base_url: str, need_id: str) -> str:
    """The address of a need's page."""
    return f"{base_url.rstrip('/')}/needs/{quote(need_id, safe='')}"


def _country_name(snapshot: Snapshot, alpha3: str) -> str:
    country = snapshot.countries.get(alpha3)
    return f"{country.name} ({alpha3})" if country else alpha3


def _period(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


def search_reasons(snapshot: Snapshot, need: Need, filters: Mapping[str, str]) -> tuple[str, ...]:
    """Why ``need`` matches a saved search, one sentence per filter."""
    reasons = []
    if "country" in filters:
        reasons.append(f"in {_country_name(snapshot, need.country)}")
    if "region" in filters:
        region = snapshot.regions.get(filters["region"])
        reasons.append(f"{_country_name(snapshot, need.country)} is in "
                       f"{region.name if region else filters['region']}")
    if "component" in filters:
        reasons.append(f"component {taxonomy.component_label(need.component)}")
    if "priority" in filters:
        reasons.append(f"priority {need.priority} (you asked for {filters['priority']} "
                       "or higher)")
    if "group" in filters:
        label = taxonomy.COUNTRY_GROUPS.get(filters["group"], filters["group"])
        reasons.append(f"{_country_name(snapshot, need.country)} is among the {label}")
    if "status" in filters:
        reasons.append(f"status {need.status.replace('_', ' ')}")
    if "from" in filters or "to" in filters:
        reasons.append(f"its time frame ({_period(need.start, need.end)}) overlaps "
                       f"{filters.get('from', '…')} to {filters.get('to', '…')}")
    if "q" in filters:
        reasons.append(f"mentions “{filters['q']}”")
    if not reasons:
        reasons.append("your search has no filters: every new or changed need")
    return tuple(reasons)


def _change(need: Need, since: datetime | None, created: Mapping[str, datetime]) -> str:
    made = created.get(need.id)
    return "new" if made is not None and (since is None or made > since) else "changed"


def _ordered(items: Iterable[DigestItem]) -> list[DigestItem]:
    return sorted(items, key=lambda i: (-(i.score or 0.0), i.need.priority,
                                        -(i.need.updated or datetime.min).timestamp(), i.need.id))


def search_matches(snapshot: Snapshot, filters: Mapping[str, str], since: datetime | None, *,
                   base_url: str, created: Mapping[str, datetime] | None = None
                   ) -> list[DigestItem]:
    """Needs changed after ``since`` that a saved search (need filters) finds, explained.

    Raises :class:`~coordinator.errors.InvalidInput` for an unknown filter or a bad value.
    """
    clean = parse_filters("needs", filters)
    changed = replace(snapshot, needs=changed_needs(snapshot, since))
    found: list[Need] = []
    page = 1
    while True:
        result = browse(changed, "needs", clean, page=page, per_page=MAX_PER_PAGE)
        found.extend(result.items)
        if page >= result.pages:
            break
        page += 1
    return _ordered(DigestItem(n, _change(n, since, created or {}),
                               search_reasons(snapshot, n, clean), need_link(base_url, n.id))
                    for n in found)


def provider_matches(snapshot: Snapshot, scored: Sequence[tuple[str, float, Sequence[str]]],
                     since: datetime | None, min_score: float, *, base_url: str,
                     created: Mapping[str, datetime] | None = None) -> list[DigestItem]:
    """Needs changed after ``since`` that fit a provider with at least ``min_score``.

    ``scored`` is ``(need id, score, reasons)`` from the matching core (best first or not).
    """
    changed = changed_needs(snapshot, since)
    items = []
    for need_id, score, reasons in scored:
        need = changed.get(need_id)
        if need is None or score < min_score or need.status not in ("open", "partially_met"):
            continue
        items.append(DigestItem(need, _change(need, since, created or {}),
                                (f"fit score {score:.2f} (at least {min_score:.2f})",
                                 *reasons), need_link(base_url, need_id), score))
    return _ordered(items)


def describe(subscription: Subscription, snapshot: Snapshot | None = None) -> str:
    """The subscription in words (``needs in Ghana, component i``)."""
    if subscription.kind == "provider_match":
        provider = snapshot.providers.get(subscription.provider or "") if snapshot else None
        name = provider.name if provider else subscription.provider
        return f"needs that fit {name} with a score of at least {subscription.min_score or 0:.2f}"
    parts = []
    for key, value in sorted(subscription.filters.items()):
        if key == "country" and snapshot is not None:
            value = _country_name(snapshot, value.upper())
        elif key == "region" and snapshot is not None and value in snapshot.regions:
            value = snapshot.regions[value].name
        elif key == "component" and value in taxonomy.COMPONENTS:
            value = taxonomy.component_label(value)
        parts.append(f"{'words' if key == 'q' else key} {value}")
    return "needs" + (" with " + ", ".join(parts) if parts else " (all)")


def _need_line(item: DigestItem, snapshot: Snapshot) -> str:
    need = item.need
    return (f"{need.title} — {_country_name(snapshot, need.country)}, component "
            f"{need.component}, priority {need.priority}")


def digest(subscription: Subscription, items: Sequence[DigestItem], snapshot: Snapshot, *,
           unsubscribe_url: str, feed_url: str, manage_url: str) -> Digest:
    """The digest message for ``items`` (text and HTML), with the unsubscribe link."""
    title = subscription.name or describe(subscription, snapshot)
    count = len(items)
    subject = f"{count} new or changed need{'s' if count != 1 else ''}: {title}"[:300]
    what = describe(subscription, snapshot)
    intro = f"Your subscription “{title}” ({what})" if subscription.name else \
        f"Your subscription to {what}"
    lines = [f"{intro} found {count} new or changed need{'s' if count != 1 else ''}.", ""]
    for number, item in enumerate(items, 1):
        lines.append(f"{number}. [{item.change}] {_need_line(item, snapshot)}")
        lines += [f"   - {reason}" for reason in item.reasons]
        lines += [f"   {item.link}", ""]
    lines += ["--", f"Atom feed of this subscription: {feed_url}",
              f"Your subscriptions: {manage_url}",
              f"Stop receiving these messages: {unsubscribe_url}"]
    rows = []
    for item in items:
        reasons = "".join(f"<li>{escape(r)}</li>" for r in item.reasons)
        rows.append(f'<li><p><span class="change">{escape(item.change)}</span> '
                    f'<a href="{escape(item.link)}">{escape(_need_line(item, snapshot))}</a></p>'
                    f"<ul>{reasons}</ul></li>")
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(subject)}</title></head><body>"
            f"<p>{escape(intro)} found {count} new or changed "
            f"need{'s' if count != 1 else ''}.</p>"
            f"<ol>{''.join(rows)}</ol><hr><p>"
            f'<a href="{escape(feed_url)}">Atom feed</a> · '
            f'<a href="{escape(manage_url)}">Your subscriptions</a> · '
            f'<a href="{escape(unsubscribe_url)}">Unsubscribe</a></p></body></html>')
    return Digest(subject, "\n".join(lines) + "\n", html)


def _sub(parent: ElementTree.Element, tag: str, text: str | None = None,
         **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def atom_feed(subscription: Subscription, items: Sequence[DigestItem], snapshot: Snapshot, *,
              feed_url: str, site_url: str, generated: datetime) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of ``items``: one entry per need, updated when it changes.

    Times are UTC (stored without tzinfo, written with ``Z``).
    """
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    title = subscription.name or describe(subscription, snapshot)
    _sub(feed, "id", f"urn:capacity-coordinator:subscription:{subscription.id}")
    _sub(feed, "title", f"Capacity Coordinator: {title}")
    _sub(feed, "subtitle", describe(subscription, snapshot))
    newest = max((i.need.updated for i in items if i.need.updated), default=generated)
    _sub(feed, "updated", _stamp(newest))
    _sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "Capacity Coordinator")
    _sub(feed, "generator", "Capacity Coordinator")
    for item in items:
        need = item.need
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:capacity-coordinator:need:{quote(need.id, safe='')}")
        _sub(entry, "title", f"[{item.change}] {need.title}")
        _sub(entry, "updated", _stamp(need.updated or generated))
        _sub(entry, "link", rel="alternate", href=item.link, type="text/html")
        _sub(entry, "category", term=need.component,
             label=taxonomy.COMPONENTS.get(need.component, need.component))
        reasons = "; ".join(item.reasons)
        summary = (f"{_need_line(item, snapshot)}. Why it matches: {reasons}."
                   + (f" {need.description}" if need.description else ""))
        _sub(entry, "summary", summary, type="text")
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
