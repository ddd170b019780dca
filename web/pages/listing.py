"""What every record list of the pages shares: reading the query string, the options of the
filter forms, sorting and paging links, and downloading the whole filtered list as CSV or JSON.

The filters themselves are :mod:`coordinator.browse`'s; this module only carries them between
the query string, the form and the links. Page modules call :func:`install_template_helpers`
through ``bp.record_once`` so templates and ``_macros.html`` find the helpers below.
"""
from __future__ import annotations

import json
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from flask import Response, request, url_for
from flask.blueprints import BlueprintSetupState

from coordinator import taxonomy
from coordinator.browse import FILTERS, MAX_PER_PAGE, SORTS, Page, browse
from coordinator.domain import Initiative, Money, Need, Snapshot
from coordinator.errors import InvalidInput, Problem
from coordinator.io.csv_write import csv_text
from coordinator.io.document import record_dict
from coordinator.io.records import FORMAT
from coordinator.money import default_table, format_money
from coordinator.visibility import can_see_need

from ..viewer import current_viewer

__all__ = [
    "list_view",
    "PER_PAGE_CHOICES",
    "GROUP_ABBREVIATIONS",
    "DEFAULT_PER_PAGE",
    "DOWNLOAD_FORMATS",
    "Option",
    "FilterField",
    "ListQuery",
    "read_list_query",
    "browse_page",
    "all_matching",
    "download_response",
    "page_numbers",
    "country_options",
    "region_options",
    "component_options",
    "provider_options",
    "choice_options",
    "humanize",
    "name_key",
    "usd_equivalent",
    "is_redacted",
    "roles_by_provider",
    "install_template_helpers",
]

PER_PAGE_CHOICES = (10, 25, 50, 100)
#: Short names of the country groups, for badges.
GROUP_ABBREVIATIONS = {"ldc": "LDC", "lldc": "LLDC", "sids": "SIDS", "eit": "EIT",
                       "centre_of_origin": "Centre of origin"}
DEFAULT_PER_PAGE = 25
DOWNLOAD_FORMATS = ("csv", "json")
_CONTROLS = ("page", "per_page", "sort", "order", "format")


@dataclass(frozen=True)
class Option:
    """One choice of a filter's drop-down list."""

    value: str
    label: str


@dataclass(frozen=True)
class FilterField:
    """One labelled field of a filter form: ``input`` is select, search, text or date."""

    name: str
    label: str
    input: str = "select"
    options: tuple[Option, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class ListQuery:
    """A list's filters, sort order, page and download format, as read from the query string."""

    endpoint: str
    filters: Mapping[str, str]
    sort: str
    descending: bool
    page: int
    per_page: int
    default_sort: str
    download: str | None = None

    @property
    def active(self) -> bool:
        """True when at least one filter is set."""
        return bool(self.filters)

    def url(self, **changes: Any) -> str:
        """This list's address with ``changes`` (sort, order, page, per_page, format) applied;
        settings left at their default are left out of the address."""
        state: dict[str, Any] = {"sort": self.sort, "order": "desc" if self.descending else "asc",
                                 "page": self.page, "per_page": self.per_page}
        state.update(changes)
        defaults = {"sort": self.default_sort, "order": "asc", "page": 1,
                    "per_page": DEFAULT_PER_PAGE, "format": None}
        args = dict(self.filters)
        args.update({k: v for k, v in state.items() if v is not None and v != defaults.get(k)})
        return url_for(self.endpoint, **args)

    def sort_url(self, column: str) -> str:
        """The address sorting by ``column``: ascending first, descending when clicked again."""
        descending = self.sort == column and not self.descending
        return self.url(sort=column, order="desc" if descending else "asc", page=1)

    def page_url(self, page: int) -> str:
        """The address of page ``page`` of this list."""
        return self.url(page=page)

    def download_url(self, download: str) -> str:
        """The address downloading every matching record (all pages) as ``csv`` or ``json``."""
        return self.url(format=download, page=1, per_page=DEFAULT_PER_PAGE)

    def aria_sort(self, column: str) -> str:
        """The ``aria-sort`` value of ``column``'s header."""
        if self.sort != column:
            return "none"
        return "descending" if self.descending else "ascending"


def _whole_number(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(Problem("query", "", name, f"{raw!r} is not a whole number")) \
            from None


def read_list_query(kind: str, *, filters: Mapping[str, str] | None = None,
                    sorts: Sequence[str] | None = None,
                    args: Mapping[str, str] | None = None,
                    endpoint: str | None = None) -> ListQuery:
    """Read and check a list's query string; ``kind`` names the list in error messages.

    ``filters`` and ``sorts`` default to :mod:`coordinator.browse`'s for ``kind``. Unknown
    filters, sorts, orders, formats and bad page numbers raise :class:`InvalidInput` naming the
    field.
    """
    allowed = FILTERS[kind] if filters is None else filters
    sorts = tuple(SORTS[kind] if sorts is None else sorts)
    args = request.args if args is None else args
    clean: dict[str, str] = {}
    for key in args:
        if key in _CONTROLS:
            continue
        if key not in allowed:
            raise InvalidInput(Problem("query", kind, key, "unknown filter; allowed: "
                                       + ", ".join(sorted(allowed))))
        value = (args.get(key) or "").strip()
        if value:
            clean[key] = value
    sort = args.get("sort") or sorts[0]
    if sort not in sorts:
        raise InvalidInput(Problem("query", kind, "sort", f"{sort!r}: sort by one of "
                                   + ", ".join(sorts)))
    order = args.get("order") or "asc"
    if order not in ("asc", "desc"):
        raise InvalidInput(Problem("query", kind, "order", "asc or desc"))
    download = args.get("format") or None
    if download is not None and download not in DOWNLOAD_FORMATS:
        raise InvalidInput(Problem("query", kind, "format", "csv or json"))
    page = _whole_number(args.get("page"), "page", 1)
    per_page = _whole_number(args.get("per_page"), "per_page", DEFAULT_PER_PAGE)
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(Problem("query", kind, "page",
                                   f"page ≥ 1 and per_page 1..{MAX_PER_PAGE}"))
    return ListQuery(endpoint or request.endpoint or "", clean, sort, order == "desc", page,
                     per_page, sorts[0], download)


def browse_page(snapshot: Snapshot, kind: str, query: ListQuery) -> Page:
    """One page of ``kind`` through :func:`coordinator.browse.browse`."""
    return browse(snapshot, kind, query.filters, sort=query.sort, descending=query.descending,
                  page=query.page, per_page=query.per_page)


def all_matching(snapshot: Snapshot, kind: str, query: ListQuery) -> list[Any]:
    """Every record matching the query's filters, in its sort order, all pages together."""
    records: list[Any] = []
    number = 1
    while True:
        chunk = browse(snapshot, kind, query.filters, sort=query.sort,
                       descending=query.descending, page=number, per_page=MAX_PER_PAGE)
        records.extend(chunk.items)
        if number >= chunk.pages:
            return records
        number += 1


def download_response(kind: str, records: Iterable[Any], download: str) -> Response:
    """The records as an attachment: the project's CSV file of ``kind`` (importable again),
    or a ``capacity-coordinator/1`` JSON document holding them."""
    documents = [record_dict(r) for r in records]
    if download == "csv":
        body, mimetype = csv_text(kind, documents), "text/csv"
    else:
        body = json.dumps({"format": FORMAT, kind: documents}, ensure_ascii=False, indent=2)
        mimetype = "application/json"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.{download}"'
    return response


def list_view(kind: str, template: str, fields: Sequence[Any],
              **context: Any) -> str | Response:
    """The list page of ``kind``: filtered, sorted, one page of it, or all of it downloaded."""
    from flask import render_template

    from coordinator.services.catalog import snapshot_for

    from ..database import get_session

    snapshot = snapshot_for(get_session(), current_viewer())
    query = read_list_query(kind)
    if query.download:
        return download_response(kind, all_matching(snapshot, kind, query), query.download)
    resolved = {name: value(snapshot) if callable(value) else value
                for name, value in context.items()}
    return render_template(template, snapshot=snapshot, query=query,
                           page=browse_page(snapshot, kind, query),
                           fields=fields(snapshot) if callable(fields) else fields, **resolved)


def page_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: first, last and ``around`` each side of ``current``;
    None marks a gap.

    >>> page_numbers(6, 12)
    [1, None, 4, 5, 6, 7, 8, None, 12]
    """
    shown = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def humanize(code: str | None) -> str:
    """A code for people: ``partially_met`` -> ``partially met``."""
    return "" if code is None else str(code).replace("_", " ")


def name_key(name: str) -> str:
    """A key sorting names as people expect: accents and case ignored (Åland after Albania).

    >>> sorted(["Zambia", "Åland Islands", "Albania"], key=name_key)
    ['Åland Islands', 'Albania', 'Zambia']
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _per_snapshot(build: Callable[[Snapshot], tuple[Option, ...]]
                  ) -> Callable[[Snapshot], tuple[Option, ...]]:
    """``build(snapshot)`` made once per snapshot object: the snapshots are themselves kept per
    data version and viewer, so the options of every filter form are sorted once, not on each
    page (a few milliseconds each with 10,000s of records). Forgotten with the snapshot."""
    made: dict[int, tuple[weakref.ref, tuple[Option, ...]]] = {}
    lock = threading.Lock()

    def forget(key: int) -> Callable[[weakref.ref], None]:
        def drop(_: weakref.ref) -> None:
            with lock:
                made.pop(key, None)
        return drop

    @wraps(build)
    def options(snapshot: Snapshot) -> tuple[Option, ...]:
        key = id(snapshot)
        with lock:
            found = made.get(key)
        if found is not None and found[0]() is snapshot:
            return found[1]
        value = build(snapshot)
        with lock:
            made[key] = (weakref.ref(snapshot, forget(key)), value)
        return value

    return options


@_per_snapshot
def country_options(snapshot: Snapshot) -> tuple[Option, ...]:
    """Every country and area, by name."""
    return tuple(Option(c.alpha3, c.name)
                 for c in sorted(snapshot.countries.values(), key=lambda c: name_key(c.name)))


@_per_snapshot
def region_options(snapshot: Snapshot) -> tuple[Option, ...]:
    """The M49 regions, each followed by its subregions (indented), then theirs."""
    children: dict[str | None, list[str]] = {}
    for region in snapshot.regions.values():
        children.setdefault(region.parent, []).append(region.code)
    out: list[Option] = []

    def add(code: str, depth: int) -> None:
        out.append(Option(code, "\u2003" * depth + snapshot.regions[code].name))
        for child in sorted(children.get(code, ()), key=lambda c: snapshot.regions[c].name):
            add(child, depth + 1)

    top = [c for c, r in snapshot.regions.items() if r.level == "region"]
    for code in sorted(top, key=lambda c: snapshot.regions[c].name):
        add(code, 0)
    return tuple(out)


def component_options(*, with_institutional: bool = True) -> tuple[Option, ...]:
    """The Action Plan components, ``a`` (a1..a5 together) first when asked."""
    options = [Option("a", f"a — {taxonomy.INSTITUTIONAL} (a1–a5)")] if with_institutional \
        else []
    return tuple(options + [Option(code, taxonomy.component_label(code))
                            for code in taxonomy.COMPONENTS])


@_per_snapshot
def provider_options(snapshot: Snapshot) -> tuple[Option, ...]:
    """Every provider the viewer may see, by name."""
    return tuple(Option(p.id, p.name)
                 for p in sorted(snapshot.providers.values(),
                                 key=lambda p: (name_key(p.name), p.id)))


def choice_options(values: Iterable[str], labels: Mapping[str, str] | None = None
                   ) -> tuple[Option, ...]:
    """Options for codes, labelled from ``labels`` or else the code in words."""
    return tuple(Option(v, (labels or {}).get(v, humanize(v).capitalize())) for v in values)


def usd_equivalent(money: Money | None, on: date | int | None = None) -> float | None:
    """``money`` in USD at the shipped annual rate of ``on``'s year (latest when None);
    None when the amount is unknown or its currency cannot be converted."""
    if money is None:
        return None
    return default_table().to_usd(money, on)


def is_redacted(need: Need) -> bool:
    """True for a confidential need the current viewer sees only as "Confidential need"."""
    return not can_see_need(current_viewer(), need)


def roles_by_provider(initiative: Initiative) -> list[tuple[str, list[str]]]:
    """Each provider of ``initiative`` once, with its roles, in the order recorded."""
    roles: dict[str, list[str]] = {}
    for part in initiative.providers:
        roles.setdefault(part.id, []).append(part.role)
    return list(roles.items())


def _money_text(money: Money | None) -> str:
    return "" if money is None else format_money(money)


def install_template_helpers(state: BlueprintSetupState) -> None:
    """Make the helpers of the record pages available to every template of the application."""
    app = state.app
    app.add_template_filter(_money_text, "money")
    app.add_template_filter(humanize, "humanize")
    app.add_template_global(usd_equivalent, "usd_equivalent")
    app.add_template_global(is_redacted, "is_redacted")
    app.add_template_global(roles_by_provider, "roles_by_provider")
    app.add_template_global(taxonomy.component_label, "component_label")
    app.add_template_global(taxonomy.COMPONENTS, "COMPONENTS")
    app.add_template_global(taxonomy.COUNTRY_GROUPS, "COUNTRY_GROUPS")
    app.add_template_global(taxonomy.PROVIDER_KINDS, "PROVIDER_KINDS")
    app.add_template_global(page_numbers, "page_numbers")
    app.add_template_global(PER_PAGE_CHOICES, "PER_PAGE_CHOICES")
    app.add_template_global(GROUP_ABBREVIATIONS, "GROUP_ABBREVIATIONS")
