"""Money across currencies: the shipped ECB-based rate table and the conversions built on it."""
from __future__ import annotations

import csv
import importlib.util
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from coordinator.domain import ExchangeRate, Money
from coordinator.errors import InvalidInput
from coordinator.money import (
    DEFAULT_RATES_PATH,
    RateTable,
    default_table,
    format_money,
    load_rates,
    usd_amounts,
)

REFERENCE = Path(__file__).resolve().parents[2] / "seed_data" / "reference"


@pytest.fixture(scope="module")
def shipped() -> RateTable:
    return default_table()


@pytest.fixture()
def small() -> RateTable:
    return RateTable([
        ExchangeRate("EUR", 2018, 1.18),
        ExchangeRate("EUR", 2020, 1.14),
        ExchangeRate("EUR", 2024, 1.08),
        ExchangeRate("KES", 2020, 0.0094),
    ])


# --- the shipped table -------------------------------------------------------------------------

def test_shipped_file_is_the_one_in_seed_data():
    assert DEFAULT_RATES_PATH == REFERENCE / "exchange_rates.csv"
    assert DEFAULT_RATES_PATH.exists()


def test_shipped_eur_2020_average_matches_ecb(shipped):
    # ECB annual average EUR/USD 2020: 1.1422
    assert shipped.usd_per_unit("EUR", 2020) == pytest.approx(1.1422, abs=5e-4)


def test_shipped_ecb_currency_gbp_2020(shipped):
    # ECB 2020 averages: USD 1.1422 and GBP 0.88970 per EUR, so about 1.284 USD per GBP
    assert shipped.usd_per_unit("GBP", 2020) == pytest.approx(1.1422 / 0.8897, rel=2e-3)


@pytest.mark.parametrize("currency, per_eur", [
    ("XOF", 655.957), ("XAF", 655.957), ("KMF", 491.96775), ("CVE", 110.265),
])
def test_euro_pegs_agree_with_eur_every_year(shipped, currency, per_eur):
    years = shipped.years(currency)
    assert years[0] == 1999
    for year in years:
        assert shipped.usd_per_unit(currency, year) * per_eur == pytest.approx(
            shipped.usd_per_unit("EUR", year), rel=1e-9)


def test_stn_peg_only_from_its_redenomination(shipped):
    assert shipped.years("STN")[0] == 2018
    assert shipped.usd_per_unit("STN", 2021) * 24.5 == pytest.approx(
        shipped.usd_per_unit("EUR", 2021), rel=1e-9)


def test_shipped_file_marks_partial_years_and_sources():
    with DEFAULT_RATES_PATH.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["currency", "year", "usd_per_unit", "days", "source"]
    eur = {int(r["year"]): r for r in rows if r["currency"] == "EUR"}
    last = max(eur)
    assert all(250 <= int(eur[y]["days"]) <= 262 for y in eur if y != last)
    assert int(eur[last]["days"]) < 250  # the shipped data ends in late October of its last year
    assert {r["source"] for r in rows if r["currency"] == "XOF"} == {
        "ECB EUR/USD with fixed peg 655.957 XOF per EUR"}
    assert {r["source"] for r in rows if r["currency"] == "JPY"} == {"ECB eurofxref-hist"}


def test_usd_is_one_in_every_year(shipped):
    assert {shipped.usd_per_unit("USD", y) for y in shipped.years("USD")} == {1.0}


def test_documentation_names_every_covered_currency(shipped):
    text = (REFERENCE / "EXCHANGE_RATES.md").read_text(encoding="utf-8")
    for currency in shipped.currencies:
        assert f"`{currency}`" in text, currency


def _build_module(monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "build_exchange_rates", REFERENCE / "build_exchange_rates.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_a_completed_year(monkeypatch):
    build = _build_module(monkeypatch)
    zip_path, _version = build.ecb_data_file()
    rows = build.annual_rates(build.ecb_daily_rates(zip_path))
    rebuilt = {(r.currency, r.year): r.usd_per_unit for r in rows if r.year == 2019}
    shipped = {(r.currency, r.year): r.usd_per_unit for r in load_rates() if r.year == 2019}
    assert rebuilt.keys() == shipped.keys()
    for key, value in rebuilt.items():
        assert shipped[key] == pytest.approx(value, rel=1e-11), key


# --- lookups -----------------------------------------------------------------------------------

def test_unknown_currency_is_not_convertible(small):
    assert small.usd_per_unit("GHS", 2020) is None
    assert small.to_usd(Money(10.0, "GHS"), 2020) is None
    assert small.convert(Money(10.0, "GHS"), "EUR", 2020) is None
    assert small.convert(Money(10.0, "EUR"), "GHS", 2020) is None


def test_nearest_year_when_exact_one_is_missing(small):
    assert small.usd_per_unit("EUR", 2020) == 1.14
    assert small.usd_per_unit("EUR", 2021) == 1.14
    assert small.usd_per_unit("EUR", 2023) == 1.08
    assert small.usd_per_unit("EUR", 2019) == 1.18  # tie between 2018 and 2020: the earlier
    assert small.usd_per_unit("EUR", 1990) == 1.18
    assert small.usd_per_unit("EUR", 2050) == 1.08
    assert small.usd_per_unit("EUR") == 1.08  # no year: the latest
    assert small.rate_year("EUR", 2021) == 2020


def test_to_usd_takes_dates_years_or_latest(small):
    assert small.to_usd(Money(100.0, "EUR"), date(2018, 6, 30)) == pytest.approx(118.0)
    assert small.to_usd(Money(100.0, "EUR"), 2020) == pytest.approx(114.0)
    assert small.to_usd(Money(100.0, "EUR")) == pytest.approx(108.0)
    assert small.to_usd(Money(100.0, "eur"), np.int64(2020)) == pytest.approx(114.0)
    with pytest.raises(TypeError):
        small.to_usd(Money(100.0, "EUR"), "2020")


def test_usd_amounts_need_no_rate(small):
    assert small.to_usd(Money(1_250_000.0, "USD"), 1950) == 1_250_000.0
    assert RateTable([]).to_usd(Money(5.0, "USD")) == 5.0


def test_convert_goes_through_usd(small):
    shillings = small.convert(Money(100.0, "EUR"), "KES", 2020)
    assert shillings.currency == "KES"
    assert shillings.amount == pytest.approx(100 * 1.14 / 0.0094)
    assert small.convert(Money(114.0, "USD"), "EUR", 2020).amount == pytest.approx(100.0)
    same = Money(7.0, "EUR")
    assert small.convert(same, "EUR", 2020) is same


def test_sum_usd_reports_what_it_could_not_convert(small):
    cedis = Money(500.0, "GHS")
    total, left_out = small.sum_usd(
        [Money(100.0, "USD"), Money(100.0, "EUR"), cedis, None], on=2020)
    assert total == pytest.approx(214.0)
    assert left_out == [cedis]


def test_sum_usd_of_nothing(small):
    assert small.sum_usd([]) == (0.0, [])


def test_bad_rates_are_refused_with_record_and_field():
    with pytest.raises(InvalidInput) as caught:
        RateTable([ExchangeRate("EUR", 2020, 1.1), ExchangeRate("EUR", 2020, 1.2),
                   ExchangeRate("GBP", 2020, 0.0)])
    where = {(p.record, p.field) for p in caught.value.problems}
    assert where == {("rate EUR 2020", "year"), ("rate GBP 2020", "usd_per_unit")}


def test_load_rates_names_bad_lines(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,year,usd_per_unit\nEUR,2020,1.14\nEURO,2021,1.2\nGBP,20x0,-1\n",
                    encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_rates(path)
    found = {(p.source, p.field) for p in caught.value.problems}
    assert found == {("rates.csv:3", "currency"), ("rates.csv:4", "year"),
                     ("rates.csv:4", "usd_per_unit")}


def test_load_rates_reads_a_minimal_file(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,year,usd_per_unit\neur,2020,1.14\n", encoding="utf-8")
    assert load_rates(path) == (ExchangeRate("EUR", 2020, 1.14),)


# --- vectorised amounts ------------------------------------------------------------------------

def test_usd_amounts_marks_unconvertible_as_nan(small):
    result = usd_amounts([100, 200, 300, 400], ["EUR", "USD", "GHS", "EUR"],
                         [2020, 2020, 2020, None], table=small)
    assert result[:2].tolist() == pytest.approx([114.0, 200.0])
    assert math.isnan(result[2])
    assert result[3] == pytest.approx(432.0)  # no year: the latest rate, 2024


def test_usd_amounts_agree_with_to_usd(shipped):
    amounts = np.array([1000.0, 2_500_000.0, 75_000.0])
    currencies = ["XOF", "ZAR", "EUR"]
    years = np.array([2015, 2021, 2024])
    expected = [shipped.to_usd(Money(a, c), y) for a, c, y in zip(amounts, currencies, years)]
    assert usd_amounts(amounts, currencies, years).tolist() == pytest.approx(expected)


def test_usd_amounts_single_year_and_length_check(small):
    assert small.usd_amounts([10, 10], ["EUR", "KES"], 2020).tolist() == pytest.approx(
        [11.4, 0.094])
    with pytest.raises(ValueError):
        small.usd_amounts([10, 10], ["EUR"], 2020)


# --- formatting --------------------------------------------------------------------------------

@pytest.mark.parametrize("money, text", [
    (Money(1_250_000, "USD"), "USD 1,250,000"),
    (Money(1_250_000.0, "USD"), "USD 1,250,000"),
    (Money(12_500.5, "EUR"), "EUR 12,500.50"),
    (Money(999.999, "XOF"), "XOF 1,000"),
    (Money(0.004, "KES"), "KES 0"),
    (Money(-0.001, "KES"), "KES 0"),
    (Money(3.25, "ZAR"), "ZAR 3.25"),
])
def test_format_money(money, text):
    assert format_money(money) == text
