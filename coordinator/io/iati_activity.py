"""Reading the values of one IATI activity: texts, money, budget, dates, status.

Used by :mod:`coordinator.io.iati_read`; every value that cannot be read is reported as a
warning on the activity and left out.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from coordinator.errors import Problem
from coordinator.io import iati_codes as codes
from coordinator.io.fields import LIMITS, MAX_AMOUNT, MAX_YEAR, MIN_YEAR

__all__ = ["Activity", "clean", "slug", "read_description", "read_budget", "read_dates",
           "read_status"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_GENERAL_DESCRIPTION = {"", "1", "general"}

@dataclass(frozen=True)
class _Money:
    amount: Decimal
    currency: str
    line: int


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")
    return slug or hashlib.sha1(text.encode()).hexdigest()[:10]


def _number(amount: Decimal) -> int | float:
    rounded = amount.quantize(Decimal("0.01"))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


class Activity:
    """One activity being read: where it is, its defaults, and how to report on it."""

    def __init__(self, source: str, element: etree._Element, record: str, lang: str,
                 warnings: list[Problem]):
        self.source, self.element, self.record, self.lang = source, element, record, lang
        self.currency = (element.get("default-currency") or "").strip().upper()
        self._warnings = warnings

    def where(self, element: etree._Element) -> str:
        return f"{self.source}:{element.sourceline}"

    def warn(self, element: etree._Element, field: str, message: str) -> None:
        self._warnings.append(Problem(self.where(element), self.record, field, message))

    def texts(self, elements: Iterable[etree._Element]) -> list[str]:
        """The non-empty texts of ``elements`` (their narratives, or their own text in 1.0x)
        in one language: the activity's, else English, else the first given."""
        options: list[tuple[str, str]] = []
        for element in elements:
            own = element.get(_XML_LANG) or self.lang
            narratives = list(element.iterchildren("narrative"))
            for holder in narratives or [element]:
                text = clean(holder.text)
                if text:
                    options.append(((holder.get(_XML_LANG) or own).lower(), text))
        if not options:
            return []
        langs = [lang for lang, _ in options]
        chosen = next((x for x in (self.lang.lower(), "en") if x in langs), langs[0])
        return [text for lang, text in options if lang == chosen]

    def text(self, element: etree._Element) -> str:
        return next(iter(self.texts([element])), "")

    def fit(self, element: etree._Element, field: str, text: str, limit: str) -> str:
        """``text`` cut to the length the document format allows, saying so if it was cut."""
        if len(text) <= LIMITS[limit]:
            return text
        self.warn(element, field, f"{len(text):,} characters long: cut to {LIMITS[limit]:,}")
        return text[: LIMITS[limit]]

    def unquote(self, element: etree._Element, field: str, value: str) -> str:
        """``value`` without the leading apostrophe that spreadsheets leave on codes."""
        if not value.startswith("'"):
            return value
        stripped = value.lstrip("'").strip()
        self.warn(element, field, f"{value!r} starts with a stray apostrophe (a spreadsheet "
                                  f"artefact): read as {stripped!r}")
        return stripped

    def money(self, holder: etree._Element, field: str) -> _Money | None:
        """The ``value`` of a budget or transaction, in its currency or the activity's."""
        element = holder.find("value")
        if element is None:
            self.warn(holder, field, f"a {field} without a value: left out")
            return None
        raw = (element.text or "").strip()
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or amount < 0:
            self.warn(element, field, f"value {raw!r} is not a number ≥ 0: left out")
            return None
        currency = (element.get("currency") or "").strip().upper() or self.currency
        if not currency:
            self.warn(element, field, f"value {raw} has no currency and the activity no "
                                      "default-currency: left out")
            return None
        if not codes.is_currency(currency):
            self.warn(element, field, f"unknown currency {currency!r}: value {raw} left out")
            return None
        return _Money(amount, currency, element.sourceline)



def read_description(act: Activity) -> str:
    descriptions = list(act.element.iterchildren("description"))
    general = [d for d in descriptions
               if (d.get("type") or "").strip().lower() in _GENERAL_DESCRIPTION]
    return "\n\n".join(dict.fromkeys(act.texts(general) or act.texts(descriptions)))


def read_budget(act: Activity) -> dict | None:
    values = _budget_values(act)
    if not values:
        commitments = [t for t in act.element.iterchildren("transaction")
                       if codes.is_commitment(_transaction_type(t))]
        values = [m for t in commitments if (m := act.money(t, "transaction"))]
        if values:
            act.warn(act.element, "budget", f"no budget: the budget is the sum of "
                                            f"{len(values)} commitment transaction(s)")
    if not values:
        act.warn(act.element, "budget", "no budget and no commitment: budget not set")
        return None
    currency = values[0].currency
    kept = [v for v in values if v.currency == currency]
    if len(kept) < len(values):
        others = ", ".join(sorted({v.currency for v in values} - {currency}))
        act.warn(act.element, "budget", f"{len(values) - len(kept)} value(s) in {others} left "
                 f"out: the budget is summed in {currency}, the currency of the first value")
    total = sum((v.amount for v in kept), Decimal(0))
    if total > MAX_AMOUNT:
        act.warn(act.element, "budget", f"{total:,.0f} {currency} is implausibly large: "
                                        "budget not set")
        return None
    return {"amount": _number(total), "currency": currency}


def _budget_values(act: Activity) -> list[_Money]:
    """One value per budget period: the revised budget where there is one, else the original."""
    periods: dict[tuple, dict[str, list[_Money]]] = {}
    for element in act.element.iterchildren("budget", "budget-planned"):
        start, end = (_period(element, tag) for tag in ("period-start", "period-end"))
        raw_type = (element.get("type") or "").strip().lower()
        kind = "revised" if raw_type == "2" or "revis" in raw_type else "original"
        money = act.money(element, "budget")
        if money:
            key = (start, end) if start and end else (f"line {element.sourceline}", "")
            periods.setdefault(key, {}).setdefault(kind, []).append(money)
    chosen = []
    for (start, end), by_kind in periods.items():
        kind = "revised" if "revised" in by_kind else "original"
        first, *rest = by_kind[kind]
        if rest:
            act.warn(act.element, "budget", f"{len(rest) + 1} {kind} budgets for the period "
                     f"{start} to {end}: only the first (line {first.line}) is counted")
        chosen.append(first)
    return chosen


def _period(budget: etree._Element, tag: str) -> str:
    found = budget.find(tag)
    return "" if found is None else (found.get("iso-date") or found.text or "").strip()


def _transaction_type(transaction: etree._Element) -> str:
    found = transaction.find("transaction-type")
    if found is not None:
        return found.get("code") or found.text or ""
    return transaction.get("type") or ""


def read_dates(act: Activity) -> dict[str, str]:
    """``start`` and ``end``: the actual date where given, else the planned one."""
    best: dict[str, tuple[int, date]] = {}
    for element in act.element.iterchildren("activity-date"):
        raw_type = (element.get("type") or "").strip()
        raw = (element.get("iso-date") or element.text or "").strip()
        kind, value = codes.DATE_TYPES.get(raw_type.lower()), _date(raw)
        if kind is None:
            act.warn(element, "activity-date",
                     f"type {raw_type!r} is not an activity date type: date {raw!r} left out")
        elif value is None:
            act.warn(element, "activity-date", f"{raw_type}: {raw!r} is not an ISO date: "
                                               "left out")
        elif not MIN_YEAR <= value.year <= MAX_YEAR:
            act.warn(element, "activity-date",
                     f"{raw_type}: {raw} is outside {MIN_YEAR}-{MAX_YEAR}: left out")
        elif kind[0] not in best or kind[1] > best[kind[0]][0]:
            best[kind[0]] = (kind[1], value)
    if "start" in best and "end" in best and best["end"][1] < best["start"][1]:
        act.warn(act.element, "activity-date", f"the end {best['end'][1]} is before the start "
                                               f"{best['start'][1]}: end left out")
        del best["end"]
    for end in ("start", "end"):
        if end not in best:
            act.warn(act.element, "activity-date", f"no {end} date")
    return {end: value.isoformat() for end, (_, value) in sorted(best.items(), reverse=True)}


def read_status(act: Activity) -> str | None:
    element = act.element.find("activity-status")
    if element is None:
        act.warn(act.element, "activity-status", "no activity-status: status not set")
        return None
    raw = (element.get("code") or element.get("ref") or clean(element.text)).strip()
    code, exact = codes.status_code(raw)
    if code is None:
        act.warn(element, "activity-status", f"{raw!r} is not an activity status: status not set")
        return None
    status = codes.STATUS_OF_CODE[code]
    if not exact:
        act.warn(element, "activity-status",
                 f"{raw!r} read as {code} {codes.STATUSES.names[code]} ({status})")
    if code == "6":
        act.warn(element, "activity-status", "6 Suspended has no status of its own: read as "
                                             "ongoing")
    return status
