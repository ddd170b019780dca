"""Build the illustrative demo data set of Capacity Coordinator (``coordinator seed``).

Deterministic: the same code always writes the same bytes. Usage::

    python seed_data/demo/build_demo.py                # writes demo.json and README's planted list
    python seed_data/demo/build_demo.py --out FILE     # writes only FILE
    python seed_data/demo/build_demo.py --check        # fails if demo.json is out of date

Standard library only; the modules beside this file hold the tables and texts.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from demo_capacities import NO_PROFILE, build_capacities, build_profiles  # noqa: E402
from demo_experts import EXPERTS  # noqa: E402
from demo_initiatives import (  # noqa: E402
    GAP_CELLS,
    NO_INITIATIVE,
    TODAY,
    build_initiatives,
    touches,
)
from demo_meetings import MEETINGS, PARTNERSHIP_CELLS, build_partnerships  # noqa: E402
from demo_needs import build_needs  # noqa: E402
from demo_planted import PAIRS  # noqa: E402
from demo_planted_needs import NEED_PAIRS, OVERLAP_NEED_CELLS, PLANTED_NEEDS  # noqa: E402
from demo_providers import AGENCIES  # noqa: E402

__all__ = ["build_document", "planted_markdown", "main"]

SEED = "capacity-coordinator-demo-1"
FORMAT = "capacity-coordinator/1"
DEFAULT_OUT = HERE / "demo.json"
README = HERE / "README.md"
BEGIN, END = "<!-- planted:begin -->", "<!-- planted:end -->"


def _rng(part: str) -> random.Random:
    return random.Random(f"{SEED}/{part}")


def build_document() -> tuple[dict, dict]:
    """The demo document, and the facts about what was planted (ids, stale profiles...)."""
    initiatives, ini_keys = build_initiatives(_rng("initiatives"))
    needs, need_keys = build_needs(_rng("needs"), initiatives, PARTNERSHIP_CELLS)
    partnerships = build_partnerships(needs, initiatives, ini_keys)
    capacities = build_capacities(_rng("capacities"), needs)
    profiles, stale = build_profiles(_rng("profiles"), needs)
    document = {
        "format": FORMAT,
        "providers": AGENCIES + EXPERTS,
        "initiatives": initiatives,
        "needs": needs,
        "capacities": capacities,
        "profiles": profiles,
        "meetings": MEETINGS,
        "partnerships": partnerships,
    }
    facts = {"initiatives": ini_keys, "needs": need_keys, "stale": stale}
    return document, facts


def render(document: dict) -> str:
    """The document as the committed JSON text."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _need_cell_ids(document: dict, cells) -> list[str]:
    wanted = set(cells)
    return [n["id"] for n in document["needs"] if (n["country"], n["component"]) in wanted]


def _unreached(document: dict) -> list[str]:
    reached = {c for i in document["initiatives"] for c, _ in touches(i)}
    return sorted({n["country"] for n in document["needs"]} - reached)


def planted_markdown(document: dict, facts: dict) -> str:
    """The README section listing every planted truth with its ids."""
    ini, need = facts["initiatives"], facts["needs"]
    by_key = {n["key"]: n for n in PLANTED_NEEDS}
    lines = [BEGIN, "", "### Duplicate initiative records (relation `duplicate_record`)", "",
             "| pair | a | b | what |", "|---|---|---|---|"]
    lines += [f"| {a[:2]} | {ini[a]} | {ini[b]} | {what} |" for a, b, what in
              PAIRS["duplicate_record"]]
    lines += ["", "### Overlapping support (relation `overlapping_support`)", "",
              "| pair | a | b | what |", "|---|---|---|---|"]
    lines += [f"| {a[:2]} | {ini[a]} | {ini[b]} | {what} |" for a, b, what in
              PAIRS["overlapping_support"]]
    lines += ["", "### Near misses: initiatives that must NOT be flagged", "",
              "| pair | a | b | what |", "|---|---|---|---|"]
    lines += [f"| {a[:2]} | {ini[a]} | {ini[b]} | {what} |" for a, b, what in
              PAIRS["near_miss"]]
    lines += ["", "### Duplicate needs", "", "| pair | a | b | what |", "|---|---|---|---|"]
    lines += [f"| {a[:3]} | {need[a]} | {need[b]} | {what} |" for a, b, what in
              NEED_PAIRS["duplicate_record"]]
    lines += ["", "### Near miss among needs: must NOT be flagged", "",
              "| pair | a | b | what |", "|---|---|---|---|"]
    lines += [f"| NN1 | {need[a]} | {need[b]} | {what} |" for a, b, what in
              NEED_PAIRS["near_miss"]]
    lines += ["", "### Gaps: high-priority needs in LDCs/SIDS that no initiative reaches", "",
              "| gap | need | country | component | priority |", "|---|---|---|---|---|"]
    for key in [f"G{i}" for i in range(1, len(GAP_CELLS) + 1)]:
        n = by_key[key]
        lines.append(f"| {key} | {need[key]} | {n['country']} | {n['component']} | "
                     f"{n['priority']} |")
    p1 = by_key["P1"]
    lines += ["", "### A gap partly closed by one initiative", "",
              "| gap | need | initiative | what |", "|---|---|---|---|",
              f"| P1 | {need['P1']} | {ini['P1']} | {p1['country']}, {p1['component']}: need of "
              f"USD {p1['estimated_cost']['amount']:,}, one South-South initiative of BRL 900,000 "
              "(about USD 170,000); status partially_met |", ""]
    lines += ["### Other things to find", "",
              "- Countries that no initiative reaches: " + ", ".join(_unreached(document))
              + f" (on purpose: {', '.join(NO_INITIATIVE)}; the others by chance).",
              f"- Countries with needs but no profile: {', '.join(NO_PROFILE)}.",
              f"- Profiles not updated for more than a year (before {TODAY.replace(year=2025)}): "
              f"{', '.join(sorted(facts['stale']))}.",
              "- Providers with an exhausted budget (amount 0): "
              + ", ".join(p["id"] for p in document["providers"]
                          if p.get("budget") and p["budget"]["amount"] == 0) + ".",
              "- Needs the overlapping-support pairs concern: "
              + ", ".join(_need_cell_ids(document, OVERLAP_NEED_CELLS)) + ".",
              "- Confidential needs: "
              + ", ".join(n["id"] for n in document["needs"] if n["confidential"]) + ".",
              "- Cancelled initiatives: "
              + ", ".join(i["id"] for i in document["initiatives"]
                          if i["status"] == "cancelled") + ".",
              "", END]
    return "\n".join(lines)


def _update_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(head + section + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the document here only")
    parser.add_argument("--check", action="store_true", help="compare with demo.json")
    args = parser.parse_args(argv)
    document, facts = build_document()
    text = render(document)
    if args.check:
        same = DEFAULT_OUT.read_text(encoding="utf-8") == text
        print("demo.json is up to date" if same else "demo.json is out of date", file=sys.stderr)
        return 0 if same else 1
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        return 0
    DEFAULT_OUT.write_text(text, encoding="utf-8")
    _update_readme(planted_markdown(document, facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
