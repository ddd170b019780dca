"""The demo roster of experts (Action Plan 5.3(c)): fifty fictitious people.

Names are invented combinations of common given names and surnames of each region; any likeness
to a real person is accidental. Contacts are at example.org.
"""
from __future__ import annotations

__all__ = ["EXPERTS"]

# name, home country, expertise (component codes), languages, focus regions (M49)
_ROSTER = [
    ("Aminata Kaboré", "BFA", "c i b", "fr en", "011"),
    ("Kwame Asante-Boadu", "GHA", "a1 a2 l", "en", "011 014"),
    ("Ngozi Okafor-Eze", "NGA", "i a3 n", "en", "011"),
    ("Moussa Diarra", "MLI", "e j", "fr bm", "011"),
    ("Fatou Ndiaye Sarr", "SEN", "a1 k m", "fr en", "011 017"),
    ("Jean-Pierre Mbarga", "CMR", "c d o", "fr en", "017 011"),
    ("Grace Wanjiru Mwangi", "KEN", "i a3 h", "en sw", "014"),
    ("Daniel Otieno Ochieng", "KEN", "a2 a5 f", "en sw", "014 018"),
    ("Tigist Alemu Bekele", "ETH", "j e n", "en am", "014"),
    ("Rehema Mushi", "TZA", "c d", "en sw", "014 018"),
    ("Chisomo Banda", "MWI", "b e f", "en", "014 018"),
    ("Thandiwe Dlamini", "ZAF", "c d n o", "en zu", "018 014 002"),
    ("Pieter van der Merwe", "ZAF", "i a3 k", "en af", "018 002"),
    ("Nomvula Khumalo", "ZAF", "a4 g", "en", "002"),
    ("Hery Rakotomalala", "MDG", "a1 e", "fr mg", "014"),
    ("Salma Abdelrahman", "EGY", "c i o", "ar en", "015 145"),
    ("Youssef El Amrani", "MAR", "a1 a2 k", "ar fr en", "015 011"),
    ("Mariam Osman Elhassan", "SDN", "d n", "ar en", "015 014"),
    ("Rashed Karim Chowdhury", "BGD", "c d n", "en bn", "034 035"),
    ("Priya Raghunathan", "IND", "c i n", "en hi ta", "034 002"),
    ("Anil Kumar Mehta", "IND", "a2 h k", "en hi", "034"),
    ("Shreya Adhikari", "NPL", "e f", "en ne", "034"),
    ("Nguyen Thi Lan", "VNM", "i a3", "vi en", "035"),
    ("Maria Cristina Dela Cruz", "PHL", "c d e", "en tl", "035 009"),
    ("Somchai Wongsawat", "THA", "i n", "th en", "035"),
    ("Siti Aminah Rahman", "MYS", "a2 l f", "ms en", "035"),
    ("Sokha Chan", "KHM", "b f", "km en fr", "035"),
    ("Li Wei", "CHN", "h i n", "zh en", "035 142"),
    ("Zhang Min", "CHN", "c d", "zh en", "142"),
    ("Aigerim Nurlanovna Seitkali", "KAZ", "a1 a2 k", "kk ru en", "143 151"),
    ("Bakyt Toktogulov", "KGZ", "f b", "ky ru en", "143"),
    ("Nino Beridze", "GEO", "a1 e", "ka en ru", "145 151"),
    ("Armen Hakobyan", "ARM", "c i", "hy ru en", "145 143"),
    ("Olena Kovalenko", "UKR", "i a3 m", "uk ru en", "151"),
    ("Ion Ciobanu", "MDA", "a1 a5", "ro ru en", "151 039"),
    ("Elira Hoxha", "ALB", "e f", "sq en it", "039"),
    ("Marko Petrović", "SRB", "c d", "sr en", "039 151"),
    ("María José Quispe Mamani", "PER", "j e", "es qu", "005"),
    ("Carlos Andrés Restrepo", "COL", "c d n", "es en", "005 013"),
    ("Lucía Fernández Ortega", "MEX", "j a1", "es en", "013 029"),
    ("Alejandro Ruiz Cabrera", "CUB", "i n", "es", "029 013"),
    ("Ana Beatriz Nogueira", "BRA", "c i n", "pt es en", "005 002"),
    ("Rodrigo Lima Ferreira", "BRA", "a2 k m", "pt es", "005 014"),
    ("Marie-Claude Joseph", "HTI", "e a1", "fr ht en", "029"),
    ("Andrea Campbell-Brown", "JAM", "k m l", "en", "029"),
    ("Sebastián Morales Vega", "GTM", "j e", "es", "013"),
    ("Sione Taufa", "TON", "e f", "to en", "061 009"),
    ("Litia Naivalu", "FJI", "a1 m", "en fj", "054 009"),
    ("Joseph Kaupa", "PNG", "i b", "en", "054"),
    ("Teresa Tabe", "SLB", "f e", "en", "054 057"),
]


def _expert(number: int, name: str, home: str, expertise: str, langs: str, regions: str) -> dict:
    return {
        "id": f"demo-exp-{number:02d}",
        "name": name,
        "kind": "expert",
        "country": home,
        "focus_components": expertise.split(),
        "focus_countries": [],
        "focus_regions": regions.split(),
        "languages": langs.split(),
        "contact": f"expert{number:02d}@example.org",
    }


#: The fifty experts as provider records of kind ``expert``.
EXPERTS: list[dict] = [_expert(i, *row) for i, row in enumerate(_ROSTER, start=1)]
