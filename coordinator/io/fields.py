"""Checking one field of one raw record: each checker returns the clean value or records a problem.

A :class:`FieldReader` wraps one raw record (a dict from JSON, CSV or IATI) and collects every
problem it finds, so that an import reports all that is wrong at once, each naming the record and
the field.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pycountry

from ..domain import Money
from ..errors import Problem

__all__ = ["FieldReader", "LIMITS", "iso_currencies", "iso_languages", "MISSING"]

#: Longest text each kind of field may hold, in characters.
LIMITS = {"id": 120, "title": 500, "name": 300, "contact": 300, "text": 20_000, "note": 5_000}
MAX_AMOUNT = 1e15
MIN_YEAR, MAX_YEAR = 1990, 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# JSON's "\ud800" escape makes a lone surrogate, which no database can store as UTF-8 text
_SURROGATE = re.compile(r"[\ud800-\udfff]")
MISSING = object()
_NOT_UNICODE = "is not valid Unicode text (it holds a lone surrogate code point)"


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    """ISO 4217 currency codes known to pycountry."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=1)
def iso_languages() -> frozenset[str]:
    """ISO 639-1 two-letter language codes known to pycountry."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


class FieldReader:
    """Reads the fields of one raw record, recording a :class:`Problem` for each bad one."""

    def __init__(self, raw: Mapping[str, Any], source: str, record: str, problems: list[Problem]):
        self.raw = raw
        self.source = source
        self.record = record
        self.problems = problems
        self.failed = False

    def problem(self, field: str, message: str) -> None:
        """Record that ``field`` is wrong."""
        self.failed = True
        self.problems.append(Problem(self.source, self.record, field, message))

    def check_unknown(self, allowed: Collection[str]) -> None:
        """Report fields the format does not have (private ``_`` fields are ignored)."""
        for key in self.raw:
            if not isinstance(key, str) or (key not in allowed and not key.startswith("_")):
                self.problem(str(key), f"unknown field; allowed: {', '.join(sorted(allowed))}")

    def get(self, field: str) -> Any:
        """The raw value, or :data:`MISSING` when absent or null."""
        value = self.raw.get(field, MISSING)
        return MISSING if value is None else value

    def text(self, field: str, *, required: bool = False, limit: str = "text", default=None):
        """A string field, stripped, no control characters, no longer than ``LIMITS[limit]``."""
        value = self.get(field)
        if value is MISSING or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(field, "is required")
            return default
        if not isinstance(value, str):
            self.problem(field, f"must be text, got {_kind(value)}")
            return default
        value = value.strip()
        if _CONTROL.search(value):
            self.problem(field, "contains control characters")
            return default
        if _SURROGATE.search(value):
            self.problem(field, _NOT_UNICODE)
            return default
        maximum = LIMITS[limit]
        if len(value) > maximum:
            self.problem(field, f"is {len(value):,} characters long; at most {maximum:,} allowed")
            return default
        return value

    def identifier(self, field: str = "id") -> str | None:
        """A record identifier: required text of at most 120 characters without spaces at ends."""
        return self.text(field, required=True, limit="id")

    def choice(self, field: str, allowed: Collection[str], *, default: str | None = None,
               required: bool = False) -> str | None:
        """One of ``allowed`` (compared case-insensitively, returned as listed)."""
        value = self.get(field)
        if value is MISSING:
            if required:
                self.problem(field, "is required")
            return default
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            self.problem(field, f"{_show(value)} is not one of: {', '.join(allowed)}")
            return default
        return value.strip().lower()

    def code(self, field: str, known: Collection[str], what: str, *, required: bool = False,
             value: Any = MISSING, normalise: Callable[[str], str] = str.upper) -> str | None:
        """A code from a reference list (a country, a region, a component ...)."""
        if value is MISSING:
            value = self.get(field)
        if value is MISSING:
            if required:
                self.problem(field, "is required")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and what == "M49 region":
            value = f"{value:03d}"
        if not isinstance(value, str):
            self.problem(field, f"must be a {what} code, got {_kind(value)}")
            return None
        cleaned = normalise(value.strip())
        if cleaned not in known:
            self.problem(field, f"unknown {what} code {_show(value)}")
            return None
        return cleaned

    def codes(self, field: str, known: Collection[str], what: str, *,
              normalise: Callable[[str], str] = str.upper) -> tuple[str, ...]:
        """A list of codes, each from ``known``; duplicates are dropped, order kept."""
        values = self.get(field)
        if values is MISSING:
            return ()
        if not isinstance(values, list):
            self.problem(field, f"must be a list, got {_kind(values)}")
            return ()
        out: list[str] = []
        for index, value in enumerate(values):
            code = self.code(f"{field}[{index}]", known, what, value=value, normalise=normalise)
            if code is not None and code not in out:
                out.append(code)
        return tuple(out)

    def texts(self, field: str, *, limit: str = "text") -> tuple[str, ...]:
        """A list of strings."""
        values = self.get(field)
        if values is MISSING:
            return ()
        if not isinstance(values, list):
            self.problem(field, f"must be a list, got {_kind(values)}")
            return ()
        out = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.problem(f"{field}[{index}]", "must be non-empty text")
            elif _CONTROL.search(value):
                self.problem(f"{field}[{index}]", "contains control characters")
            elif _SURROGATE.search(value):
                self.problem(f"{field}[{index}]", _NOT_UNICODE)
            elif len(value) > LIMITS[limit]:
                self.problem(f"{field}[{index}]", f"longer than {LIMITS[limit]:,} characters")
            else:
                out.append(value.strip())
        return tuple(out)

    def boolean(self, field: str, default: bool = False) -> bool:
        """A true/false field."""
        value = self.get(field)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(field, f"must be true or false, got {_show(value)}")
            return default
        return value

    def integer(self, field: str, *, low: int | None = None, high: int | None = None,
                required: bool = False, default: int | None = None) -> int | None:
        """A whole number within ``[low, high]``."""
        value = self.get(field)
        if value is MISSING:
            if required:
                self.problem(field, "is required")
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(field, f"must be a whole number, got {_show(value)}")
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.problem(field, f"must be {bounds}, got {value}")
            return default
        return value

    def number(self, field: str, *, low: float, high: float, value: Any = MISSING) -> float | None:
        """A finite number within ``[low, high]``."""
        if value is MISSING:
            value = self.get(field)
        if value is MISSING:
            return None
        if not _finite(value):
            self.problem(field, f"must be a number, got {_show(value)}")
            return None
        if not low <= value <= high:
            self.problem(field, f"must be between {low:g} and {high:g}, got {_figure(value)}")
            return None
        return float(value)

    def money(self, field: str) -> Money | None:
        """A money object ``{"amount": number >= 0, "currency": ISO 4217}``."""
        value = self.get(field)
        if value is MISSING:
            return None
        if not isinstance(value, Mapping):
            self.problem(field, 'must be {"amount": number, "currency": "ISO 4217 code"}')
            return None
        extra = set(value) - {"amount", "currency"}
        if extra:
            self.problem(field, f"unknown field(s) {', '.join(sorted(map(str, extra)))} in money")
        amount = value.get("amount")
        ok = True
        if not _finite(amount):
            self.problem(f"{field}.amount", f"must be a number, got {_show(amount)}")
            ok = False
        elif amount < 0:
            self.problem(f"{field}.amount", f"must not be negative, got {_figure(amount)}")
            ok = False
        elif amount > MAX_AMOUNT:
            self.problem(f"{field}.amount", f"is implausibly large ({_figure(amount)})")
            ok = False
        elif round(amount, 2) != amount:
            self.problem(f"{field}.amount", f"has more than 2 decimals ({amount!r})")
            ok = False
        currency = value.get("currency")
        if not isinstance(currency, str) or currency.strip().upper() not in iso_currencies():
            self.problem(f"{field}.currency", f"unknown ISO 4217 currency {_show(currency)}")
            ok = False
        if not ok:
            return None
        return Money(float(amount), currency.strip().upper())

    def day(self, field: str) -> date | None:
        """A calendar date ``YYYY-MM-DD`` between 1990 and 2100."""
        value = self.get(field)
        if value is MISSING:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                self.problem(field, f"{_show(value)} is not a real date")
                return None
        else:
            self.problem(field, f"must be a date YYYY-MM-DD, got {_show(value)}")
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.problem(field, f"year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}")
            return None
        return parsed

    def moment(self, field: str, value: Any = MISSING) -> datetime | None:
        """A date and time in ISO 8601 (a plain date means midnight); kept as naive UTC."""
        if value is MISSING:
            value = self.get(field)
        if value is MISSING:
            return None
        if isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            self.problem(field, f"must be an ISO 8601 date and time, got {_kind(value)}")
            return None
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            self.problem(field, f"{_show(value)} is not an ISO 8601 date and time")
            return None
        if parsed.tzinfo is not None:
            try:
                parsed = (parsed - parsed.utcoffset()).replace(tzinfo=None)
            except OverflowError:  # e.g. 0001-01-01T00:00+05:00 is before the year 1 in UTC
                self.problem(field, f"year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}")
                return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.problem(field, f"year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}")
            return None
        return parsed

    def period(self, start: date | None, end: date | None) -> None:
        """Report an end before the start."""
        if start and end and end < start:
            self.problem("end", f"ends {end.isoformat()} before it starts {start.isoformat()}")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", str: "text",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _finite(value: Any) -> bool:
    """Whether ``value`` is a finite number (an int too large for a float counts as one)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _figure(value: float) -> str:
    """A number for a message, also when it is an int too large for a float."""
    try:
        return f"{value:g}"
    except OverflowError:
        return _show(value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
