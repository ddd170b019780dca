"""Build the demo's initiatives: the planted ones plus ones drawn from the archetypes.

Drawn initiatives never share a (country, component) cell with another initiative in an
overlapping period, and never touch a cell that a planted record or a planted gap owns. So every
duplicate and every overlap in the data set is one the README lists.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from demo_archetypes import ARCHETYPES, Archetype
from demo_experts import EXPERTS
from demo_geo import PLACES, place
from demo_ini_en import TEXTS_EN
from demo_ini_es import TEXTS_ES
from demo_ini_fr import TEXTS_FR
from demo_planted import PLANTED_INITIATIVES
from demo_providers import agency, currency_of
from demo_words import partner_name, place_context

__all__ = ["TODAY", "NO_INITIATIVE", "GAP_CELLS", "USD_PER", "build_initiatives", "touches",
           "status_on", "to_money"]

#: The demo's "today": statuses and staleness are consistent with this date.
TODAY = date(2026, 11, 24)
#: Countries that receive no initiative at all (their needs are gaps).
NO_INITIATIVE = ("CAF", "COM", "KIR", "NRU", "TCD", "TLS", "TUV")
#: Planted gaps: high-priority needs in LDCs/SIDS that no initiative touches.
GAP_CELLS = (("COM", "i"), ("TCD", "a1"), ("KIR", "a1"), ("SLB", "m"), ("MDG", "i"),
             ("NER", "c"), ("BDI", "a2"), ("GNB", "e"), ("HTI", "i"))
#: Rough USD value of one unit, used only to size budgets in a provider's own currency.
USD_PER = {"USD": 1.0, "EUR": 1.08, "NOK": 0.095, "SEK": 0.095, "JPY": 0.0068, "GBP": 1.27,
           "CHF": 1.12, "KRW": 0.00075, "CAD": 0.74, "NZD": 0.6, "AUD": 0.66, "XOF": 0.00165,
           "BRL": 0.19, "ZAR": 0.055, "INR": 0.012, "MXN": 0.055, "CNY": 0.14, "PHP": 0.018}
#: Relative frequency of start years: recent years are better documented.
_YEAR_WEIGHT = {2020: 4, 2021: 4, 2022: 5, 2023: 6, 2024: 7, 2025: 7, 2026: 7, 2027: 11, 2028: 8}
_TEXTS = {"en": TEXTS_EN, "fr": TEXTS_FR, "es": TEXTS_ES}
_LAST_END = date(2029, 12, 31)
_CANCELLED_NOTE = {
    "en": "Cancelled at the request of the government after a change of the executing "
          "agency; activities were not started.",
    "fr": "Annulé à la demande du gouvernement après un changement d'agence d'exécution ; "
          "les activités n'ont pas démarré.",
    "es": "Cancelado a solicitud del gobierno tras el cambio de la agencia ejecutora; las "
          "actividades no se iniciaron.",
}


def touches(record: dict) -> set[tuple[str, str]]:
    """The (country, component) cells an initiative reaches, through countries or regions."""
    countries = set(record["recipient_countries"])
    for area in record.get("recipient_regions", []):
        countries |= {c for c, p in PLACES.items() if area in p.areas}
    return {(c, k) for c in countries for k in record["components"]}


def status_on(start: str, end: str, today: date = TODAY) -> str:
    """The status an initiative's dates imply on ``today``."""
    if date.fromisoformat(end) < today:
        return "completed"
    if date.fromisoformat(start) > today:
        return "planned"
    return "ongoing"


def to_money(usd: float, currency: str) -> dict:
    """A money object worth about ``usd`` in ``currency``, rounded to three figures."""
    amount = usd / USD_PER[currency]
    step = 10 ** max(len(str(int(amount))) - 3, 0)
    return {"amount": int(round(amount / step) * step), "currency": currency}


def _covers(pid: str, code: str) -> bool:
    provider = agency(pid)
    if provider["kind"] == "country" and provider["country"] == code:
        return False
    if provider["focus_countries"]:
        return code in provider["focus_countries"]
    if provider["focus_regions"]:
        return bool(set(place(code).areas) & set(provider["focus_regions"]))
    return True


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


class _Board:
    """Who touches which cell when; refuses conflicts and reserved cells."""

    def __init__(self, reserved: set[tuple[str, str]]):
        self.reserved = reserved
        self.periods: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def fits(self, cells: set, start: str, end: str) -> bool:
        for cell in cells:
            if cell in self.reserved:
                return False
            if any(s <= end and start <= e for s, e in self.periods.get(cell, [])):
                return False
        return True

    def take(self, cells: set, start: str, end: str) -> None:
        for cell in sorted(cells):
            self.periods.setdefault(cell, []).append((start, end))


def _language(rng: random.Random, arch: Archetype, langs: set[str]) -> str:
    local = [lang for lang in sorted(langs) if lang in ("fr", "es") and arch.key in _TEXTS[lang]]
    return local[0] if local and rng.random() < 0.9 else "en"


def _country_weight(code: str) -> float:
    p = PLACES[code]
    weight = 1.5 if p.region == "002" else 1.0
    weight *= 1.5 if p.lang in ("fr", "es") else 1.0
    return weight * (0.5 if code in ("IND", "MYS", "ZAF", "MEX") else 1.0)


def _countries(rng: random.Random, arch: Archetype, used: set) -> tuple[list[str], str | None]:
    eligible = [c for c in PLACES if c not in NO_INITIATIVE and (arch.key, c) not in used]
    regional = arch.scope == "regional" or (arch.scope == "either" and rng.random() < 0.4)
    if not regional:
        return rng.choices(eligible, weights=[_country_weight(c) for c in eligible]), None
    area = rng.choice(arch.areas)
    pool = [c for c in eligible if area in PLACES[c].areas]
    if len(pool) < 2:
        return [], None
    if area in ("011", "017") and rng.random() < 0.6 and arch.key in TEXTS_FR:
        pool = [c for c in pool if PLACES[c].lang == "fr"] or pool
    if area in ("013", "005", "029") and rng.random() < 0.6 and arch.key in TEXTS_ES:
        pool = [c for c in pool if PLACES[c].lang == "es"] or pool
    if len(pool) < 2:
        return [], None
    k = rng.randint(2, min(6, len(pool)))
    return sorted(rng.sample(pool, k)), area


def _text(rng, arch, lang, countries, area, team) -> tuple[str, str, dict]:
    texts = _TEXTS[lang][arch.key]
    ctx = place_context([PLACES[c] for c in countries], area, lang)
    ctx["n"] = str(rng.randint(12, 45))
    partner = next((p for p, _ in team if p.startswith("demo-cty-")), None)
    ctx["partner"] = partner_name(partner, lang) if partner else ""
    title = rng.choice(texts["titles"]).format_map(ctx)
    sentences = [rng.choice(texts["intro"])] + rng.sample(texts["acts"], 2)
    if rng.random() < 0.7:
        sentences.append(rng.choice(texts["close"]))
    description = " ".join(s.format_map(ctx) for s in sentences)
    return title[0].upper() + title[1:], description, ctx


def _extending(rng, countries, components, team) -> list[dict]:
    taken = {p for p, _ in team}
    candidates = [f"demo-nat-{c.lower()}" for c in countries
                  if f"demo-nat-{c.lower()}" in ("demo-nat-ken", "demo-nat-bfa", "demo-nat-phl",
                                                  "demo-nat-mex")]
    areas = set().union(*(PLACES[c].areas for c in countries))
    candidates += [e["id"] for e in EXPERTS
                   if e["country"] not in countries and areas & set(e["focus_regions"])
                   and set(components) & set(e["focus_components"])]
    candidates = [c for c in candidates if c not in taken]
    return [{"id": rng.choice(candidates), "role": "extending"}] if candidates else []


def _draw(rng: random.Random, board: _Board, used: set) -> dict | None:
    keys = list(ARCHETYPES)
    arch = ARCHETYPES[rng.choices(keys, weights=[ARCHETYPES[k].weight for k in keys])[0]]
    countries, area = _countries(rng, arch, used)
    if not countries:
        return None
    teams = [t for t in arch.teams if all(_covers(p, c) for p, _ in t for c in countries)]
    if not teams:
        return None
    team = rng.choice(teams)
    optional = list(arch.components[arch.core:])
    components = list(arch.components[:arch.core]) + rng.sample(
        optional, rng.randint(0, len(optional)))
    components = [k for k in arch.components if k in components]
    years = list(range(arch.years[0], arch.years[1] + 1))
    year = rng.choices(years, weights=[_YEAR_WEIGHT.get(y, 3) for y in years])[0]
    start_d = date(year, rng.choice((1, 3, 4, 6, 7, 9, 10)), 1)
    end_d = min(_add_months(start_d, rng.randint(*arch.months)), _LAST_END)
    start, end = start_d.isoformat(), end_d.isoformat()
    record = {"recipient_countries": countries, "recipient_regions": [area] if area else [],
              "components": components}
    if not board.fits(touches(record), start, end):
        record["recipient_regions"] = []
        if not board.fits(touches(record), start, end):
            return None
    langs = {PLACES[c].lang for c in countries}
    lang = _language(rng, arch, langs) if len(langs) == 1 else "en"
    title, description, _ = _text(rng, arch, lang, countries, area, team)
    providers = [{"id": p, "role": r} for p, r in team]
    if team[0][0] == team[1][0]:
        providers = [{"id": team[0][0], "role": "funding"},
                     {"id": team[0][0], "role": "implementing"}]
    if rng.random() < 0.18:
        providers += _extending(rng, countries, components, team)
    funder = next(p["id"] for p in providers if p["role"] == "funding")
    usd = rng.uniform(*arch.budget_usd)
    record.update({
        "key": None, "lang": lang, "arch": arch.key, "title": title,
        "description": description, "providers": providers,
        "budget": to_money(usd, currency_of(funder)), "start": start, "end": end,
    })
    board.take(touches(record), start, end)
    for c in countries:
        used.add((arch.key, c))
    return record


def _finish(rng: random.Random, record: dict) -> dict:
    status = status_on(record["start"], record["end"])
    lang, arch = record.get("lang", "en"), record.get("arch")
    record["status"] = status
    if status == "completed" and arch and "lessons" not in record and rng.random() < 0.85:
        record["lessons"] = rng.choice(_TEXTS[lang][arch]["lessons"])
    return record


def build_initiatives(rng: random.Random, total: int = 150) -> tuple[list[dict], dict]:
    """All initiatives with public ids, and the map from planted keys to those ids."""
    reserved = set(GAP_CELLS) | {(c, k) for c in NO_INITIATIVE for k in
                                 ("a1", "a2", "a3", "a4", "a5", "b", "c", "d", "e", "f", "g",
                                  "h", "i", "j", "k", "l", "m", "n", "o")}
    planted = [dict(r) for r in PLANTED_INITIATIVES]
    for record in planted:
        reserved |= touches(record)
    board, used, drawn = _Board(reserved), set(), []
    for _ in range(50_000):
        if len(drawn) == total - len(planted):
            break
        record = _draw(rng, board, used)
        if record:
            drawn.append(record)
    else:
        raise RuntimeError("could not place enough initiatives without conflicts")
    records = [_finish(rng, r) for r in planted + drawn]
    candidates = [r for r in records if r["key"] is None and r["status"] == "ongoing"]
    for record in rng.sample(candidates, 4):
        record["status"] = "cancelled"
        record["lessons"] = _CANCELLED_NOTE[record["lang"]]
    records.sort(key=lambda r: (r["start"], r["title"]))
    keys = {}
    out = []
    for number, record in enumerate(records, start=1):
        ini_id = f"demo-ini-{number:03d}"
        key = record.pop("key")
        if key:
            keys[key] = ini_id
        ordered = {"id": ini_id}
        for field in ("title", "description", "providers", "recipient_countries",
                      "recipient_regions", "components", "budget", "start", "end", "status",
                      "lessons", "aliases"):
            if field in record:
                ordered[field] = record[field]
        out.append(ordered)
    return out, keys
