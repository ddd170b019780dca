"""The demo's past coordination meetings and the partnerships agreed at them or elsewhere."""
from __future__ import annotations

from demo_geo import PLACES

__all__ = ["MEETINGS", "PARTNERSHIP_SPECS", "PARTNERSHIP_CELLS", "build_partnerships"]


def _countries(*areas: str) -> list[str]:
    return sorted(c for c, p in PLACES.items() if set(areas) & set(p.areas))


MEETINGS = [
    {
        "id": "demo-mtg-2024-eeca",
        "title": "Regional coordination meeting on biosafety capacity building for Central and "
                 "Eastern Europe and Central Asia",
        "scope": "group", "area": "eit", "host": "MDA",
        "start": "2024-10-08", "end": "2024-10-10", "status": "held",
        "invitees": {"countries": sorted(_countries("151", "039", "143") + ["ARM", "GEO"]),
                     "providers": ["demo-eu", "demo-gef", "demo-unep", "demo-giz", "demo-sdc",
                                   "demo-fao", "demo-exp-30", "demo-exp-35"]},
        "agenda": [
            "Status of national biosafety frameworks and alignment with EU legislation",
            "Keeping national BCH records up to date: lessons from the Kyrgyz project",
            "LMO detection capacity and sharing of reference laboratories",
            "Donor round table: pipeline of support for 2025-2027",
        ],
        "components": ["a1", "f", "i", "m"],
        "outcome": "Participants agreed to use the Chișinău reference laboratory for "
                   "confirmatory testing in the subregion. UNEP will support Kyrgyzstan in "
                   "bringing its BCH records up to date and the EU will consider support to "
                   "Tajikistan's draft biosafety law. The EU and GEF noted that both support "
                   "the revision of Moldova's law and agreed to coordinate their work plans.",
    },
    {
        "id": "demo-mtg-2025-wa",
        "title": "Réunion sous-régionale de coordination du renforcement des capacités en "
                 "biosécurité – Afrique de l'Ouest",
        "scope": "subregion", "area": "011", "host": "BFA",
        "start": "2025-03-18", "end": "2025-03-20", "status": "held",
        "invitees": {"countries": _countries("011"),
                     "providers": ["demo-uemoa", "demo-gef", "demo-unep", "demo-fao",
                                   "demo-auda", "demo-afd", "demo-eu", "demo-gac",
                                   "demo-agropolis", "demo-cty-ken", "demo-nat-bfa",
                                   "demo-exp-01", "demo-exp-05"]},
        "agenda": [
            "Bilan du réseau ouest-africain de laboratoires de détection des OVM",
            "Mise en œuvre du règlement régional de biosécurité de l'UEMOA",
            "Lacunes prioritaires : évaluation des risques au Niger, sensibilisation en "
            "Guinée-Bissau",
            "Contrôle des mouvements transfrontières illicites aux ports de la sous-région",
            "Partenariats et engagements des partenaires techniques et financiers",
        ],
        "components": ["i", "c", "a1", "m", "k"],
        "outcome": "Les participants ont convenu que l'UEMOA financera la phase de consolidation "
                   "du laboratoire de détection du Bénin et que le PNUE appuiera la Guinée dans "
                   "la finalisation de sa loi. L'AFD étudiera un appui au Togo pour la réponse "
                   "aux mouvements transfrontières illicites. Global Affairs Canada a indiqué ne "
                   "pas pouvoir appuyer la Sierra Leone dans le cycle en cours. Les besoins du "
                   "Niger en évaluation des risques restent sans partenaire.",
    },
    {
        "id": "demo-mtg-2025-pacific",
        "title": "Pacific regional biosafety coordination meeting",
        "scope": "region", "area": "009", "host": "FJI",
        "start": "2025-09-02", "end": "2025-09-04", "status": "held",
        "invitees": {"countries": _countries("009"),
                     "providers": ["demo-sprep", "demo-gef", "demo-unep", "demo-mfat",
                                   "demo-dfat", "demo-fao", "demo-scbd", "demo-exp-47",
                                   "demo-exp-48"]},
        "agenda": [
            "Progress of the Pacific BCH project and the duplicate reporting of its results",
            "Biosafety legislation for small island administrations",
            "Border controls and detection: what a small island can afford",
            "Partnerships for the least developed Pacific countries",
        ],
        "components": ["f", "a1", "m", "i"],
        "outcome": "DFAT agreed to fund LMO screening for Vanuatu's biosecurity service. SPREP "
                   "will help Solomon Islands draft a biosafety act. Fiji's border-control "
                   "support from DFAT and MFAT was found to overlap; the two donors will hold a "
                   "joint planning session. Kiribati's and Tuvalu's needs remain without support.",
    },
    {
        "id": "demo-mtg-2026-caribbean",
        "title": "Caribbean subregional meeting on biosafety capacity building",
        "scope": "subregion", "area": "029", "host": "JAM",
        "start": "2026-04-21", "end": "2026-04-23", "status": "held",
        "invitees": {"countries": _countries("029"),
                     "providers": ["demo-gef", "demo-undp", "demo-gac", "demo-iica",
                                   "demo-afd", "demo-cty-mex", "demo-exp-44", "demo-exp-45"]},
        "agenda": [
            "Public awareness and participation: the Haiti experience",
            "Documentation of LMO shipments in transshipment ports",
            "Detection capacity for Haiti and the smaller islands",
            "Next steps and partnerships",
        ],
        "components": ["e", "k", "i", "a1"],
        "outcome": "Global Affairs Canada agreed to support Jamaica on Article 18.2 documentation "
                   "at Kingston. UNDP will consider an awareness project for the Dominican "
                   "Republic. No partner was found for LMO detection in Haiti.",
    },
]

# need cell, provider (or None), initiative key (or None), origin, meeting, score, history
PARTNERSHIP_SPECS = [
    (("BEN", "i"), "demo-uemoa", None, "meeting", "demo-mtg-2025-wa", None,
     [("suggested", "2025-03-18T10:00:00+00:00", "Raised in the session on the detection "
                                                  "network."),
      ("accepted", "2025-03-20T16:00:00+00:00", "UEMOA agreed to fund the consolidation phase."),
      ("funded", "2025-09-15T09:00:00+00:00", "Financing agreement signed.")]),
    (("GIN", "a1"), "demo-unep", None, "meeting", "demo-mtg-2025-wa", None,
     [("suggested", "2025-03-19T11:00:00+00:00", None),
      ("accepted", "2025-03-20T16:00:00+00:00", "UNEP to support finalisation of the law.")]),
    (("TGO", "m"), "demo-afd", None, "meeting", "demo-mtg-2025-wa", None,
     [("suggested", "2025-03-19T15:00:00+00:00", "AFD to study support for emergency "
                                                  "response at Lomé.")]),
    (("SLE", "a1"), "demo-gac", None, "meeting", "demo-mtg-2025-wa", None,
     [("suggested", "2025-03-19T15:30:00+00:00", None),
      ("declined", "2025-03-20T16:00:00+00:00", "Outside the current programming cycle.")]),
    (("KGZ", "f"), "demo-unep", None, "meeting", "demo-mtg-2024-eeca", None,
     [("suggested", "2024-10-09T10:00:00+00:00", None),
      ("accepted", "2024-10-10T15:00:00+00:00", "UNEP to help update the BCH records."),
      ("funded", "2025-02-03T09:00:00+00:00", "Small-scale funding agreement signed.")]),
    (("TJK", "a1"), "demo-eu", None, "meeting", "demo-mtg-2024-eeca", None,
     [("suggested", "2024-10-09T14:00:00+00:00", None),
      ("accepted", "2024-10-10T15:00:00+00:00", "EU delegation to consider in its 2026 "
                                                 "annual action programme.")]),
    (("VUT", "i"), "demo-dfat", None, "meeting", "demo-mtg-2025-pacific", None,
     [("suggested", "2025-09-03T10:00:00+00:00", None),
      ("accepted", "2025-09-04T15:00:00+00:00", None),
      ("funded", "2026-02-16T09:00:00+00:00", "Grant letter signed with the Biosecurity "
                                               "Vanuatu department.")]),
    (("SLB", "a1"), "demo-sprep", None, "meeting", "demo-mtg-2025-pacific", None,
     [("suggested", "2025-09-03T11:00:00+00:00", None),
      ("accepted", "2025-09-04T15:00:00+00:00", "SPREP legal adviser to assist the drafting.")]),
    (("JAM", "k"), "demo-gac", None, "meeting", "demo-mtg-2026-caribbean", None,
     [("suggested", "2026-04-22T10:00:00+00:00", None),
      ("accepted", "2026-04-23T15:00:00+00:00", None)]),
    (("DOM", "e"), "demo-undp", None, "meeting", "demo-mtg-2026-caribbean", None,
     [("suggested", "2026-04-23T11:00:00+00:00", "UNDP country office to assess.")]),
    (("MWI", "i"), "demo-cty-zaf", None, "suggestion", None, 0.81,
     [("suggested", "2025-05-12T08:00:00+00:00", None),
      ("accepted", "2025-06-02T12:00:00+00:00", "South Africa's reference laboratory to host "
                                                 "Malawian analysts."),
      ("funded", "2025-10-20T09:00:00+00:00", None)]),
    (("LAO", "c"), "demo-jica", None, "suggestion", None, 0.74,
     [("suggested", "2025-11-03T08:00:00+00:00", None),
      ("declined", "2025-12-01T10:00:00+00:00", "Outside JICA's country programme for "
                                                 "2026.")]),
    (("SDN", "d"), "demo-norad", None, "suggestion", None, 0.69,
     [("suggested", "2026-10-05T08:00:00+00:00", None)]),
    (("COD", "a2"), "demo-enabel", None, "suggestion", None, 0.77,
     [("suggested", "2026-03-09T08:00:00+00:00", None),
      ("declined", "2026-03-30T10:00:00+00:00", "No budget left in the current cycle.")]),
    (("MOZ", "i"), None, "P1", "manual", None, None,
     [("suggested", "2025-03-10T09:00:00+00:00", "Proposed by the national focal point."),
      ("accepted", "2025-04-15T09:00:00+00:00", None),
      ("funded", "2025-06-01T09:00:00+00:00", "Cooperation agreement with Brazil in force.")]),
]

#: Need cells the partnerships refer to; the needs builder makes sure they exist.
PARTNERSHIP_CELLS = [spec[0] for spec in PARTNERSHIP_SPECS]

_STATUS_EFFECT = {"funded": "partially_met", "completed": "met"}


def build_partnerships(needs: list[dict], initiatives: list[dict],
                       initiative_keys: dict[str, str]) -> list[dict]:
    """Partnerships with ids; funded/completed ones update their need's status in place."""
    by_cell = {}
    for need in needs:
        by_cell.setdefault((need["country"], need["component"]), need)
    out = []
    for cell, provider, key, origin, meeting, score, history in PARTNERSHIP_SPECS:
        out.append(_partnership(len(out) + 1, by_cell[cell], provider,
                                initiative_keys[key] if key else None, origin, meeting, score,
                                history))
    out.append(_completed_example(len(out) + 1, needs, initiatives, initiative_keys))
    for record in out:
        effect = _STATUS_EFFECT.get(record["status"])
        need = next(n for n in needs if n["id"] == record["need"])
        if effect and need["status"] != "met":
            need["status"] = effect
    return out


def _partnership(number, need, provider, initiative, origin, meeting, score, history) -> dict:
    return {
        "id": f"demo-pship-{number:02d}", "need": need["id"], "provider": provider,
        "initiative": initiative, "status": history[-1][0], "origin": origin,
        "meeting": meeting, "score": score,
        "history": [{"status": s, "at": at, "note": note} for s, at, note in history],
    }


def _completed_example(number, needs, initiatives, initiative_keys) -> dict:
    """Link the first met need to a completed initiative that reached it."""
    paired = {v for k, v in initiative_keys.items() if k[0] in "DO"}
    for need in needs:
        if need["status"] != "met":
            continue
        for ini in initiatives:
            if (ini["id"] not in paired and ini["status"] == "completed"
                    and need["country"] in ini["recipient_countries"]
                    and need["component"] in ini["components"]
                    and ini["start"] <= need["end"] and need["start"] <= ini["end"]):
                end = ini["end"]
                return _partnership(number, need, None, ini["id"], "manual", None, None, [
                    ("suggested", f"{ini['start']}T09:00:00+00:00", "Recorded by the national "
                                                                   "focal point."),
                    ("accepted", f"{ini['start']}T09:30:00+00:00", None),
                    ("funded", f"{ini['start']}T10:00:00+00:00", None),
                    ("completed", f"{end}T17:00:00+00:00", "Final report received.")])
    raise RuntimeError("no met need with a completed initiative to link")
