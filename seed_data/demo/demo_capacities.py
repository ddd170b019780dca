"""Build the demo's capacities (with South-South offers) and national profiles."""
from __future__ import annotations

import random
from datetime import date, timedelta

from demo_geo import PLACES, place
from demo_initiatives import TODAY, USD_PER

__all__ = ["build_capacities", "build_profiles", "OFFERS", "NO_PROFILE"]

#: Countries offering capacities for South-South cooperation, with the components offered.
OFFERS = {
    "BRA": "i c n h", "ZAF": "c d i a2", "IND": "c i n b", "MEX": "j a2 i n", "KEN": "i a2 e",
    "CHN": "i h n a3", "EGY": "i c o", "ARG": "c a2 d", "CUB": "i n c", "MYS": "a2 l f",
    "PHL": "c d e", "GHA": "a2 c", "BFA": "i c", "COL": "c d", "NGA": "a2 c",
}
#: Countries that have needs but no national profile (a data gap to be found).
NO_PROFILE = ("CAF", "NRU", "SUR", "YEM")

_DESCRIPTIONS = {
    "a1": "Biosafety law and implementing regulations in force, with {k} years of practice in "
          "applying them.",
    "a2": "Competent authority with written procedures, standard forms and a decision register; "
          "applications are processed within the legal time limits.",
    "a3": "Biosafety laboratories and an information system connected to the BCH.",
    "a4": "A national budget line for biosafety and an application fee schedule.",
    "a5": "Inspection and compliance system for permits, with annual reporting.",
    "b": "National trainers and a regular biosafety training course for regulators.",
    "c": "Scientific advisory committee with experience in reviewing dossiers for {crop} and "
         "other crops.",
    "d": "Post-release monitoring of approved LMOs, including insect resistance management.",
    "e": "Public participation procedure used for applications, with plain-language summaries.",
    "f": "National BCH node kept up to date by a trained team.",
    "g": "Active member of regional biosafety networks and of joint dossier reviews.",
    "h": "Institutions able to transfer detection methods and laboratory know-how.",
    "i": "LMO detection laboratory running screening and event-specific real-time PCR methods "
         "for {crop} and other commodities.",
    "j": "Methodology and field experience in assessing socio-economic considerations.",
    "k": "Documentation checks for LMO shipments integrated in import procedures.",
    "l": "Criteria and secure procedures for confidential business information.",
    "m": "Procedure and trained staff to respond to illegal transboundary movements.",
    "n": "Public research groups working on gene flow and non-target effects.",
    "o": "Food safety authority assessing human health risks of LMOs.",
}
#: What a country that has only started (level ``basic``) can say about a component.
_BASIC = {
    "a1": "A draft biosafety bill has been prepared and validated by stakeholders; it has not "
          "yet been adopted.",
    "a2": "A competent authority has been designated; procedures are being written.",
    "a5": "Permit conditions are checked on request; there is no inspection plan yet.",
    "b": "A few officers were trained under earlier projects; there are no national trainers "
         "yet.",
    "c": "Two national scientists have reviewed risk assessments with external mentoring.",
    "e": "Awareness materials exist from an earlier project; public participation procedures "
         "have not been used.",
    "f": "A national BCH focal point is designated and has published the main national "
         "contacts; other records are incomplete.",
    "i": "A university laboratory can run qualitative PCR screening on request; it is not "
         "accredited.",
}
_LEVEL_NOTE = {
    "advanced": " Accredited or internationally benchmarked; has trained staff from other "
                "countries.",
    "established": " Working routinely, with room to extend its scope.",
}


def _describe(code: str, component: str, level: str, rng: random.Random) -> str:
    crop = place(code).crops[0]
    if level == "basic":
        return _BASIC[component]
    text = _DESCRIPTIONS[component].format(crop=crop, k=rng.randint(5, 15))
    return text + _LEVEL_NOTE[level]


def build_capacities(rng: random.Random, needs: list[dict]) -> list[dict]:
    """Capacities: offers of the South-South countries, and what others have built so far."""
    needed = {(n["country"], n["component"]) for n in needs}
    records = []
    for code, components in OFFERS.items():
        for component in components.split():
            if (code, component) in needed:
                continue
            level = "advanced" if rng.random() < 0.55 else "established"
            records.append((code, component, level, True))
    others = [c for c in sorted(PLACES) if c not in OFFERS]
    for code in others:
        stage = PLACES[code].stage
        if stage == "none" and rng.random() < 0.6:
            continue
        candidates = {"none": "e f", "drafting": "a1 f e b", "adopted": "a1 a2 f b e",
                      "operational": "a1 a2 a5 c f i b e"}[stage].split()
        candidates = [k for k in candidates if (code, k) not in needed]
        how_many = min(len(candidates), 1 if rng.random() < 0.7 else 2)
        for component in rng.sample(candidates, how_many):
            if stage in ("none", "drafting"):
                level = "basic"
            elif stage == "operational" or component == "a1":
                level = "established"
            else:
                level = rng.choice(("basic", "established"))
            records.append((code, component, level, False))
    out = []
    for number, (code, component, level, offer) in enumerate(records, start=1):
        out.append({"id": f"demo-cap-{number:03d}", "country": code, "component": component,
                    "level": level, "description": _describe(code, component, level, rng),
                    "can_offer": offer})
    return out


def _usd(money: dict) -> float:
    return money["amount"] * USD_PER[money["currency"]]


def build_profiles(rng: random.Random, needs: list[dict]) -> tuple[list[dict], list[str]]:
    """One profile per country with needs (except NO_PROFILE), and the stale ones' codes."""
    out, stale = [], []
    for code in sorted({n["country"] for n in needs}):
        if code in NO_PROFILE:
            continue
        stage = PLACES[code].stage
        mine = [n for n in needs if n["country"] == code and n["status"] != "withdrawn"]
        short = sum(_usd(n["estimated_cost"]) for n in mine if n["start"] <= "2026-12-31")
        total = sum(_usd(n["estimated_cost"]) for n in mine)
        old = rng.random() < 0.16
        days = rng.randint(380, 900) if old else rng.randint(5, 330)
        updated = TODAY - timedelta(days=days)
        if old:
            stale.append(code)
        rank = ("none", "drafting", "adopted", "operational").index(stage)
        out.append({
            "country": code,
            "focal_point": rank > 0 or rng.random() < 0.7,
            "competent_authority": rank >= 2 or (rank == 1 and rng.random() < 0.5),
            "framework": stage,
            "strategy": rank >= 2 and rng.random() < 0.6,
            "coordination_mechanism": rank >= 1 and rng.random() < 0.5 + 0.15 * rank,
            "bch_node": rank >= 2 or rng.random() < 0.3,
            "funding_need_short": {"amount": int(round(short, -4)), "currency": "USD"},
            "funding_need_long": {"amount": int(round(total, -4)), "currency": "USD"},
            "updated": date.isoformat(updated),
        })
    return out, stale
