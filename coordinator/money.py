"""Comparing money across currencies with a dated table of annual average exchange rates.

A :class:`~coordinator.domain.Money` keeps its own currency; it is only turned into another one
here, for comparisons and totals, with the rate of a given year. The rates shipped with the
project are the ECB-based annual averages in ``seed_data/reference/exchange_rates.csv`` (see
EXCHANGE_RATES.md there for the source and which currencies are covered). A currency missing from
the table cannot be converted: the functions here say so (``None``, NaN, or a list of the amounts
left out) rather than guess.
"""
from __future__ import annotations

import bisect
import csv
import math
import operator
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from coordinator.domain import ExchangeRate, Money
from coordinator.errors import InvalidInput, Problem

__all__ = [
    "DEFAULT_RATES_PATH",
    "RateTable",
    "default_table",
    "format_money",
    "load_rates",
    "usd_amounts",
]

DEFAULT_RATES_PATH = (
    Path(__file__).resolve().parent.parent / "seed_data" / "reference" / "exchange_rates.csv"
)
_SOURCE = "exchange rates"


def _year_of(on: date | int | None) -> int | None:
    if on is None:
        return None
    if isinstance(on, date):
        return on.year
    if not isinstance(on, bool):
        try:
            return operator.index(on)
        except TypeError:
            pass
    raise TypeError(f"'on' must be a date, a year or None, not {type(on).__name__}")


class RateTable:
    """Annual average USD rates by currency and year, with nearest-year lookup.

    Built from :class:`~coordinator.domain.ExchangeRate` values, e.g. ``RateTable(load_rates())``
    or ``RateTable(snapshot.rates)``. USD is always convertible (one unit is one dollar).

    Examples
    --------
    >>> from coordinator.domain import ExchangeRate, Money
    >>> table = RateTable([ExchangeRate("EUR", 2020, 1.25), ExchangeRate("EUR", 2022, 1.05)])
    >>> table.to_usd(Money(100.0, "EUR"), 2020)
    125.0
    >>> table.usd_per_unit("EUR", 2023)
    1.05
    >>> table.to_usd(Money(100.0, "GHS"), 2020) is None
    True
    """

    def __init__(self, rates: Iterable[ExchangeRate]):
        by_currency: dict[str, dict[int, float]] = {}
        problems: list[Problem] = []
        for rate in rates:
            currency = rate.currency.strip().upper()
            record = f"rate {currency} {rate.year}"
            value = float(rate.usd_per_unit)
            if not (math.isfinite(value) and value > 0):
                problems.append(Problem(_SOURCE, record, "usd_per_unit",
                                        f"must be a positive number, got {rate.usd_per_unit!r}"))
                continue
            years = by_currency.setdefault(currency, {})
            if rate.year in years and years[rate.year] != value:
                problems.append(Problem(_SOURCE, record, "year",
                                        f"given twice, as {years[rate.year]!r} and {value!r}"))
                continue
            years[rate.year] = value
        if problems:
            raise InvalidInput(problems)
        self._rates = by_currency
        self._years = {currency: sorted(years) for currency, years in by_currency.items()}

    def __len__(self) -> int:
        return sum(len(years) for years in self._years.values())

    def __repr__(self) -> str:
        return f"RateTable({len(self._years)} currencies, {len(self)} rates)"

    @property
    def currencies(self) -> frozenset[str]:
        """The currencies that can be converted (always including USD)."""
        return frozenset(self._rates) | {"USD"}

    def years(self, currency: str) -> tuple[int, ...]:
        """The years with a rate for ``currency``, oldest first (empty if unknown)."""
        return tuple(self._years.get(currency.strip().upper(), ()))

    def rate_year(self, currency: str, year: int | None = None) -> int | None:
        """The year whose rate is used for ``currency`` in ``year``.

        That is ``year`` itself when present, else the nearest year in the table (the earlier one
        on a tie); with ``year`` None, the latest year. None for a currency not in the table.
        """
        years = self._years.get(currency.strip().upper())
        if not years:
            return None
        if year is None:
            return years[-1]
        at = bisect.bisect_left(years, year)
        if at < len(years) and years[at] == year:
            return year
        if at == 0:
            return years[0]
        if at == len(years):
            return years[-1]
        before, after = years[at - 1], years[at]
        return before if year - before <= after - year else after

    def usd_per_unit(self, currency: str, year: int | None = None) -> float | None:
        """USD per unit of ``currency`` in ``year`` (nearest year if missing; None if unknown)."""
        code = currency.strip().upper()
        used = self.rate_year(code, year)
        if used is None:
            return 1.0 if code == "USD" else None
        return self._rates[code][used]

    def to_usd(self, money: Money, on: date | int | None = None) -> float | None:
        """``money`` in USD at the rate of ``on``'s year (latest if None); None if not convertible."""
        if money.currency.strip().upper() == "USD":
            return money.amount
        rate = self.usd_per_unit(money.currency, _year_of(on))
        return None if rate is None else money.amount * rate

    def convert(self, money: Money, currency: str, on: date | int | None = None) -> Money | None:
        """``money`` in ``currency`` through USD at ``on``'s year rates; None if not convertible.

        An amount already in ``currency`` comes back unchanged.
        """
        target = currency.strip().upper()
        if money.currency.strip().upper() == target:
            return money
        year = _year_of(on)
        usd = self.to_usd(money, year)
        rate = self.usd_per_unit(target, year)
        if usd is None or rate is None:
            return None
        return Money(usd / rate, target)

    def sum_usd(
        self, monies: Iterable[Money | None], on: date | int | None = None
    ) -> tuple[float, list[Money]]:
        """Total in USD of the convertible amounts, and the amounts that could not be converted.

        ``None`` entries (no amount known) are skipped; they are neither counted nor reported.
        """
        year = _year_of(on)
        total = 0.0
        not_convertible: list[Money] = []
        for money in monies:
            if money is None:
                continue
            usd = self.to_usd(money, year)
            if usd is None:
                not_convertible.append(money)
            else:
                total += usd
        return total, not_convertible

    def usd_amounts(
        self,
        amounts: Sequence[float] | np.ndarray,
        currencies: Sequence[str] | np.ndarray,
        years: Sequence[int | None] | np.ndarray | int | None = None,
    ) -> np.ndarray:
        """Many amounts in USD at once: a float array with NaN where not convertible.

        ``years`` is one year per amount (None for the latest rate), or a single year or None
        for all of them.
        """
        values = np.asarray(amounts, dtype=float)
        codes = np.asarray([str(c).strip().upper() for c in currencies], dtype=object)
        if codes.shape != values.shape:
            raise ValueError(f"{codes.size} currencies for {values.size} amounts")
        if years is None or isinstance(years, (int, np.integer)):
            year_list = [None if years is None else int(years)] * values.size
        else:
            year_list = [None if _missing(y) else int(y) for y in years]
            if len(year_list) != values.size:
                raise ValueError(f"{len(year_list)} years for {values.size} amounts")
        latest = -1  # stands for "no year given" in the integer key array
        year_keys = np.asarray([latest if y is None else y for y in year_list], dtype=np.int64)
        unique_codes, code_index = np.unique(codes.astype(str), return_inverse=True)
        unique_years, year_index = np.unique(year_keys, return_inverse=True)
        factors = np.full((unique_codes.size, unique_years.size), np.nan)
        for i, code in enumerate(unique_codes):
            for j, year in enumerate(unique_years):
                rate = self.usd_per_unit(str(code), None if year == latest else int(year))
                if rate is not None:
                    factors[i, j] = rate
        return values * factors[code_index.reshape(-1), year_index.reshape(-1)].reshape(
            values.shape
        )


def _missing(year: object) -> bool:
    return year is None or (isinstance(year, float) and math.isnan(year))


def load_rates(path: str | Path | None = None) -> tuple[ExchangeRate, ...]:
    """Read an exchange-rate CSV (``currency,year,usd_per_unit[,days,source]``).

    ``path`` defaults to the shipped ``seed_data/reference/exchange_rates.csv``. Every bad line
    is reported at once as :class:`~coordinator.errors.InvalidInput`, naming line and field.
    """
    file = Path(path) if path is not None else DEFAULT_RATES_PATH
    rates: list[ExchangeRate] = []
    problems: list[Problem] = []
    with file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"currency", "year", "usd_per_unit"} - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput(Problem(file.name, "header", ", ".join(sorted(missing)),
                                       "column missing"))
        for row in reader:
            where = f"{file.name}:{reader.line_num}"
            currency = (row.get("currency") or "").strip().upper()
            record = f"rate {currency or '?'} {(row.get('year') or '?').strip()}"
            before = len(problems)
            if not (len(currency) == 3 and currency.isalpha() and currency.isascii()):
                problems.append(Problem(where, record, "currency",
                                        f"not an ISO 4217 code: {row.get('currency')!r}"))
            try:
                year = int((row.get("year") or "").strip())
            except ValueError:
                problems.append(Problem(where, record, "year",
                                        f"not a year: {row.get('year')!r}"))
            try:
                value = float((row.get("usd_per_unit") or "").strip())
                if not (math.isfinite(value) and value > 0):
                    raise ValueError
            except ValueError:
                problems.append(Problem(where, record, "usd_per_unit",
                                        f"not a positive number: {row.get('usd_per_unit')!r}"))
            if len(problems) == before:
                days = (row.get("days") or "").strip()
                rates.append(ExchangeRate(currency, year, value,
                                          days=int(days) if days.isdigit() else None,
                                          source=(row.get("source") or "").strip()))
    if problems:
        raise InvalidInput(problems)
    return tuple(rates)


@lru_cache(maxsize=1)
def default_table() -> RateTable:
    """The table of the shipped rates, read once."""
    return RateTable(load_rates())


def format_money(money: Money) -> str:
    """``money`` for people: ``"USD 1,250,000"``, ``"EUR 12,500.50"`` (cents only when needed)."""
    amount = round(money.amount, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    if amount.is_integer():
        return f"{money.currency} {amount:,.0f}"
    return f"{money.currency} {amount:,.2f}"


def usd_amounts(
    amounts: Sequence[float] | np.ndarray,
    currencies: Sequence[str] | np.ndarray,
    years: Sequence[int | None] | np.ndarray | int | None = None,
    table: RateTable | None = None,
) -> np.ndarray:
    """Many amounts in USD at once, NaN where not convertible (shipped rates unless ``table``).

    Examples
    --------
    >>> from coordinator.domain import ExchangeRate
    >>> table = RateTable([ExchangeRate("EUR", 2020, 1.25)])
    >>> usd_amounts([100, 100, 100], ["EUR", "USD", "GHS"], [2020, 2020, 2020], table).tolist()
    [125.0, 100.0, nan]
    """
    return (table or default_table()).usd_amounts(amounts, currencies, years)
