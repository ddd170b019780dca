"""Needs planted on purpose: gaps, the partly closed gap, duplicate needs and a near miss.

Keys: G = gap (no initiative touches the cell), P1 = gap partly closed by one initiative,
DN = duplicate need pair, NN = near miss (same country, look-alike text, different component).
"""
from __future__ import annotations

__all__ = ["PLANTED_NEEDS", "NEED_PAIRS", "OVERLAP_NEED_CELLS"]


def _n(key, country, component, title, description, priority, start, end, amount,
       currency="USD", status="open"):
    return {
        "key": key, "country": country, "component": component, "title": title,
        "description": description, "priority": priority, "start": start, "end": end,
        "estimated_cost": {"amount": amount, "currency": currency}, "status": status,
        "confidential": False,
    }


PLANTED_NEEDS = [
    _n("G1", "COM", "i", "Capacité de détection des OVM aux Comores",
       "Les Comores importent l'essentiel de leur maïs et de leur riz sans aucun moyen de "
       "vérifier la présence d'OVM. Un petit laboratoire de criblage à Moroni, des bandelettes "
       "pour les inspecteurs du port et la formation de six analystes sont nécessaires.",
       1, "2025-01-01", "2027-12-31", 420_000),
    _n("G2", "TCD", "a1", "Adoption d'un cadre juridique national de biosécurité",
       "Le Tchad n'a pas de loi sur la biosécurité ; le cadre national élaboré il y a plus de "
       "quinze ans n'a jamais été adopté. Un appui juridique pour actualiser le projet de loi "
       "et le faire adopter est la première priorité du pays.",
       1, "2025-01-01", "2027-06-30", 260_000),
    _n("G3", "KIR", "a1", "Biosafety legislation for Kiribati",
       "Kiribati has no biosafety legislation and no designated competent authority. A short, "
       "practical biosafety act suited to a small island administration, drafted with the "
       "Pacific regional partners, is the first step.",
       1, "2025-07-01", "2028-06-30", 180_000),
    _n("G4", "SLB", "m", "Controls on unintentional transboundary movements of LMOs",
       "Solomon Islands imports most of its rice and flour through Honiara. Biosecurity officers "
       "have no procedure or testing means for shipments that may contain LMOs; a simple "
       "procedure, strip tests and training for twelve officers at Honiara port and Henderson "
       "airport are needed.",
       2, "2026-01-01", "2028-12-31", 110_000),
    _n("G5", "MDG", "i", "Détection des OVM dans les importations de riz et de maïs",
       "Madagascar importe chaque année du riz et du maïs sans pouvoir vérifier la présence "
       "d'OVM. Un laboratoire de criblage à Antananarivo, des procédures d'échantillonnage au "
       "port de Toamasina et la formation de huit analystes sont nécessaires.",
       1, "2025-01-01", "2028-06-30", 460_000),
    _n("G6", "NER", "c", "Expertise nationale en évaluation des risques des OVM",
       "Le Niger attend des demandes d'essais au champ de niébé résistant aux insectes mais ne "
       "dispose d'aucun expert formé à l'évaluation des risques. La formation de douze membres "
       "du comité scientifique et un tutorat sur les premiers dossiers sont nécessaires.",
       1, "2025-01-01", "2027-12-31", 210_000),
    _n("G7", "BDI", "a2", "Désignation et équipement de l'autorité nationale compétente",
       "Le Burundi n'a pas encore doté son autorité nationale compétente de moyens. Un texte de "
       "désignation, deux agents formés et des procédures de base pour instruire les "
       "notifications sont nécessaires.",
       2, "2025-07-01", "2027-12-31", 150_000),
    _n("G8", "GNB", "e", "Public awareness of biosafety in Guinea-Bissau",
       "Guinea-Bissau has no public information on LMOs or biosafety. Radio programmes in "
       "Kriol and Portuguese and a briefing for members of the National People's Assembly are "
       "needed before a law is drafted.",
       2, "2026-01-01", "2027-12-31", 85_000),
    _n("G9", "HTI", "i", "Détection des OVM dans les importations de céréales en Haïti",
       "Haïti reçoit des dons et des importations de maïs et de riz sans contrôle de la "
       "présence d'OVM. Un laboratoire de référence et des procédures d'échantillonnage au "
       "port de Port-au-Prince sont nécessaires.",
       1, "2025-01-01", "2028-12-31", 540_000),
    _n("P1", "MOZ", "i", "National LMO detection and quantification capacity",
       "Mozambique needs a national laboratory able to screen and quantify LMOs in maize "
       "imports and seed, accredited to ISO/IEC 17025. Brazilian cooperation covers screening "
       "equipment and training; quantification, reference materials and accreditation remain "
       "unfunded.",
       1, "2025-01-01", "2028-12-31", 650_000, status="partially_met"),
    _n("DN1a", "CIV", "i", "Laboratoire national de détection des OVM",
       "La Côte d'Ivoire ne dispose d'aucun laboratoire capable de détecter les OVM dans les "
       "importations de maïs et de semences. Un équipement de PCR en temps réel, des matériaux "
       "de référence et la formation de dix analystes sont nécessaires.",
       2, "2025-01-01", "2027-12-31", 480_000),
    _n("DN1b", "CIV", "i", "LMO detection laboratory for Côte d'Ivoire",
       "Côte d'Ivoire has no laboratory able to detect LMOs in maize and seed imports. "
       "Real-time PCR equipment, reference materials and training for ten analysts are "
       "needed.",
       2, "2025-01-01", "2028-06-30", 480_000),
    _n("DN2a", "ETH", "c", "Risk assessment capacity for LMO applications",
       "Applications for insect-resistant maize and cotton varieties are expected, but few "
       "members of the national committee have practical experience of risk assessment. "
       "Hands-on training and mentoring on real dossiers are needed.",
       2, "2025-07-01", "2027-12-31", 180_000),
    _n("DN2b", "ETH", "c", "Training the national biosafety committee in LMO risk assessment",
       "Members of the national biosafety committee need hands-on training and mentoring in "
       "the risk assessment of insect-resistant maize and cotton applications.",
       2, "2026-01-01", "2027-12-31", 175_000),
    _n("DN3a", "BOL", "j", "Metodología para consideraciones socioeconómicas",
       "La normativa boliviana exige considerar los impactos socioeconómicos, pero no existe "
       "metodología. Se requieren estudios sobre la producción campesina de papa y quinua y "
       "una guía nacional.",
       2, "2025-01-01", "2026-12-31", 120_000),
    _n("DN3b", "BOL", "j", "Estudio de consideraciones socioeconómicas para decisiones sobre "
       "OVM",
       "Se requiere una metodología nacional y estudios de campo sobre los efectos "
       "socioeconómicos de los OVM en la producción campesina de papa y quinua.",
       2, "2025-01-01", "2027-06-30", 130_000),
    _n("DN4a", "UKR", "m", "Border controls for LMO shipments",
       "Customs and plant protection officers at the port of Odesa and the western border "
       "crossings need training and sampling equipment to control grain and seed shipments "
       "that may contain LMOs.",
       3, "2026-01-01", "2028-12-31", 320_000, "EUR"),
    _n("DN4b", "UKR", "m", "Border controls for LMO shipments",
       "Customs and plant protection officers at the port of Odesa and the western border "
       "crossings need training and sampling equipment to control grain and seed shipments "
       "that may contain LMOs.",
       3, "2026-01-01", "2028-12-31", 345_000),
    _n("NN1", "TGO", "k", "Formation des douaniers à la documentation des envois d'OVM",
       "Les déclarants en douane et les inspecteurs du port de Lomé doivent apprendre à "
       "vérifier que les envois de maïs et de soja portent la mention « peut contenir des "
       "OVM » exigée par l'article 18.2.",
       3, "2026-01-01", "2027-12-31", 90_000),
    _n("NN2", "TGO", "m", "Formation des douaniers à l'interception des envois illicites d'OVM",
       "Les douaniers du port de Lomé doivent apprendre à intercepter les envois d'OVM non "
       "autorisés et à appliquer la procédure d'urgence de l'article 17.",
       2, "2026-01-01", "2028-06-30", 160_000),
]

#: Duplicate need pairs (must be found) and near misses (must not be flagged).
NEED_PAIRS = {
    "duplicate_record": [
        ("DN1a", "DN1b", "CIV, i: the same need in French (focal point) and English "
                         "(competent authority)"),
        ("DN2a", "DN2b", "ETH, c: the same training need reworded, slightly different dates"),
        ("DN3a", "DN3b", "BOL, j: the same study entered twice in Spanish"),
        ("DN4a", "DN4b", "UKR, m: identical text entered twice, EUR and USD estimates"),
    ],
    "near_miss": [
        ("NN1", "NN2", "TGO: customs training on documentation (k) vs interception (m)"),
    ],
}

#: Cells of the planted overlapping-support pairs: each gets one need the overlap concerns.
OVERLAP_NEED_CELLS = (("UGA", "i"), ("BGD", "c"), ("GHA", "e"), ("KHM", "f"), ("GTM", "j"),
                      ("MDA", "a1"), ("FJI", "m"), ("NGA", "k"))
