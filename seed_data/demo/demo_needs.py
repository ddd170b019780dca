"""Build the demo's country needs: planted ones first, then drawn per country and stage.

A need's status follows the initiatives that reach its cell during its time frame: needs that
nothing reaches stay open (or were withdrawn); covered ones are partially met or met.
"""
from __future__ import annotations

import random

from demo_geo import PLACES
from demo_initiatives import GAP_CELLS, USD_PER, touches
from demo_need_en import CONFIDENTIAL_EN, NEEDS_EN
from demo_need_fr_es import CONFIDENTIAL_ES, CONFIDENTIAL_FR, NEEDS_ES, NEEDS_FR
from demo_planted_needs import OVERLAP_NEED_CELLS, PLANTED_NEEDS
from demo_words import crop, place_context

__all__ = ["build_needs", "CONFIDENTIAL_COUNTRIES"]

_TEXTS = {"en": NEEDS_EN, "fr": NEEDS_FR, "es": NEEDS_ES}
_CONFIDENTIAL = {"en": CONFIDENTIAL_EN, "fr": CONFIDENTIAL_FR, "es": CONFIDENTIAL_ES}

#: Countries with one confidential need (an enforcement case or a suspected illegal movement).
CONFIDENTIAL_COUNTRIES = ("BEN", "CMR", "COD", "EGY", "GIN", "IDN", "KEN", "LKA", "MDG", "MMR",
                          "NPL", "PAK", "PER", "PHL", "SDN", "SEN", "TZA", "VNM", "ZMB", "ECU")

_STAGE_WEIGHTS = {
    "none": "a1:6 a2:5 a3:2 a4:2 b:3 e:3 f:3 g:1 i:1 k:1 m:2 c:1",
    "drafting": "a1:5 a2:4 a3:1 a4:1 b:3 c:2 e:3 f:2 g:1 i:2 j:1 k:1 m:2 l:1",
    "adopted": "a2:3 a3:1 a5:2 b:2 c:3 d:2 e:2 f:1 g:1 h:1 i:3 j:2 k:2 l:1 m:2 o:1 a4:1",
    "operational": "a5:2 c:2 d:3 g:2 h:2 i:2 j:3 k:1 l:2 m:1 n:3 o:2",
}
_COST_USD = {
    "a1": (60, 250), "a2": (80, 300), "a3": (150, 900), "a4": (30, 120), "a5": (60, 250),
    "b": (50, 300), "c": (80, 400), "d": (60, 300), "e": (40, 250), "f": (30, 150),
    "g": (50, 300), "h": (100, 600), "i": (200, 1200), "j": (50, 200), "k": (40, 180),
    "l": (20, 90), "m": (80, 450), "n": (150, 800), "o": (60, 250),
}
_ADVANCED = ("IND", "MYS", "ZAF", "MEX")


def _weights(spec: str) -> dict[str, int]:
    return {k: int(w) for k, w in (item.split(":") for item in spec.split())}


def _need_count(code: str) -> int:
    p = PLACES[code]
    if code in _ADVANCED:
        return 2
    count = 5 if p.region == "002" else 4
    if "ldc" in p.groups:
        count += 1
    if "sids" in p.groups and p.region in ("009", "019"):
        count -= 1
    return count


def _counts(rng: random.Random, total: int) -> dict[str, int]:
    counts = {c: _need_count(c) for c in PLACES}
    codes = sorted(PLACES)
    while sum(counts.values()) < total:
        c = rng.choice(codes)
        if counts[c] < 9 and c not in _ADVANCED:
            counts[c] += 1
    while sum(counts.values()) > total:
        c = rng.choice(codes)
        if counts[c] > 2:
            counts[c] -= 1
    return counts


def _frame(rng: random.Random, priority: int) -> tuple[str, str]:
    first = 2024 + min(rng.randint(0, 2) + (priority > 2) + rng.randint(0, 1), 4)
    half = rng.random() < 0.4
    years = rng.randint(1, 4)
    start = f"{first}-07-01" if half else f"{first}-01-01"
    last = min(first + years - (0 if half else 1), 2031)
    return start, f"{last}-06-30" if half and last > first else f"{last}-12-31"


def _cost(rng: random.Random, code: str, component: str) -> dict:
    low, high = _COST_USD[component]
    usd = rng.randint(low, high) * 1000
    euro = PLACES[code].region == "150" and rng.random() < 0.7 or rng.random() < 0.05
    currency = "EUR" if euro else "USD"
    return {"amount": int(round(usd / USD_PER[currency] / 5000) * 5000) or 5000,
            "currency": currency}


def _language(rng: random.Random, code: str, component: str, texts: dict) -> str:
    lang = PLACES[code].lang
    return lang if lang in ("fr", "es") and component in texts[lang] and rng.random() < 0.85 \
        else "en"


def _text(rng, code, component, lang, confidential) -> tuple[str, str]:
    pool = _CONFIDENTIAL if confidential else _TEXTS
    stage = PLACES[code].stage
    fitting = [t for t in pool[lang][component] if len(t) < 3 or stage in t[2].split()]
    title, description = rng.choice(fitting or pool[lang][component])[:2]
    ctx = place_context([PLACES[code]], None, lang)
    ctx["cna_cap"] = ctx["cna"][0].upper() + ctx["cna"][1:]
    ctx["n"] = str(rng.randint(8, 40))
    ctx["year"] = str(rng.choice((2025, 2026)))
    if confidential:
        traded = [c for c in PLACES[code].crops if c in ("maize", "soybean", "cotton", "rice")]
        ctx["crop"] = crop((traded or ["maize"])[0], lang)
    return title.format_map(ctx), description.format_map(ctx)


def _coverage(need: dict, initiatives: list[dict]) -> list[dict]:
    cell = (need["country"], need["component"])
    return [i for i in initiatives if i["status"] != "cancelled" and cell in touches(i)
            and i["start"] <= need["end"] and need["start"] <= i["end"]]


def _status(rng: random.Random, covering: list[dict]) -> str:
    statuses = {i["status"] for i in covering}
    if "completed" in statuses:
        return "met" if rng.random() < 0.45 else "partially_met"
    if "ongoing" in statuses:
        draw = rng.random()
        return "met" if draw < 0.15 else "partially_met" if draw < 0.75 else "open"
    return "open" if covering or rng.random() < 0.93 else "withdrawn"


def build_needs(rng: random.Random, initiatives: list[dict], forced: list[tuple[str, str]],
                total: int = 400) -> tuple[list[dict], dict[str, str]]:
    """All needs with public ids, and the map from planted keys to those ids."""
    planted = [dict(n) for n in PLANTED_NEEDS]
    extra = len(planted) - len({(n["country"], n["component"]) for n in planted})
    counts = _counts(rng, total - extra)
    cells: dict[str, list[str]] = {c: [] for c in PLACES}
    for n in planted:
        if n["component"] not in cells[n["country"]]:
            cells[n["country"]].append(n["component"])
    taken = set(OVERLAP_NEED_CELLS) | set(forced) | {(n["country"], n["component"])
                                                      for n in planted}
    confidential = set()
    for code in CONFIDENTIAL_COUNTRIES:
        first = rng.choice(("m", "m", "m", "i", "l"))
        component = next(k for k in (first, "m", "i", "l") if (code, k) not in taken)
        confidential.add((code, component))
    for code, component in list(OVERLAP_NEED_CELLS) + list(forced) + sorted(confidential):
        if component not in cells[code]:
            cells[code].append(component)
    needs = planted
    active = {cell for i in initiatives if i["status"] != "cancelled" and i["end"] >= "2024-01-01"
              for cell in touches(i)}
    for code in sorted(PLACES):
        weights = _weights(_STAGE_WEIGHTS[PLACES[code].stage])
        weights = {k: w * (4 if (code, k) in active else 1) for k, w in weights.items()}
        chosen = [k for k in cells[code] if k not in {n["component"] for n in planted
                                                      if n["country"] == code}]
        while len(cells[code]) < counts[code]:
            options = [k for k in sorted(weights) if k not in cells[code]]
            pick = rng.choices(options, weights=[weights[k] for k in options])[0]
            cells[code].append(pick)
            chosen.append(pick)
        for component in chosen:
            secret = (code, component) in confidential
            lang = _language(rng, code, component, _CONFIDENTIAL if secret else _TEXTS)
            title, description = _text(rng, code, component, lang, secret)
            priority = rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 3, 2, 1))[0]
            if secret:
                priority = min(priority, 2)
            start, end = _frame(rng, priority)
            cost = _cost(rng, code, "l" if secret else component)
            need = {"key": None, "country": code, "component": component, "title": title,
                    "description": description, "priority": priority, "start": start,
                    "end": end, "estimated_cost": cost,
                    "status": "open", "confidential": secret}
            if (code, component) in OVERLAP_NEED_CELLS:
                need.update(start="2025-01-01", end="2027-12-31", status="partially_met")
            elif not secret:
                need["status"] = _status(rng, _coverage(need, initiatives))
            needs.append(need)
    for need in planted:
        if (need["country"], need["component"]) in GAP_CELLS:
            assert not _coverage(need, initiatives), need["key"]
    return _with_ids(rng, needs)


def _with_ids(rng: random.Random, needs: list[dict]) -> tuple[list[dict], dict[str, str]]:
    by_country: dict[str, list[dict]] = {}
    for need in needs:
        by_country.setdefault(need["country"], []).append(need)
    out, keys = [], {}
    for code in sorted(by_country):
        ranked = sorted(by_country[code], key=lambda n: (n["priority"], n["start"], rng.random()))
        for sequence, need in enumerate(ranked, start=1):
            need_id = f"demo-need-{len(out) + 1:04d}"
            key = need.pop("key")
            if key:
                keys[key] = need_id
            out.append({"id": need_id, "country": need["country"],
                        "component": need["component"], "title": need["title"],
                        "description": need["description"], "priority": need["priority"],
                        "sequence": sequence, "start": need["start"], "end": need["end"],
                        "estimated_cost": need["estimated_cost"], "status": need["status"],
                        "confidential": need["confidential"]})
    return out, keys
