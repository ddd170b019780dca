"""Support providers of the demo: agencies, funds, regional bodies, national sources, countries.

Organisation names are real so that the demo reads like the field, but every record here is
illustrative: budgets, focus, contacts and languages are invented for the demo and are no
statement about any organisation. Ids start with ``demo-``; contacts are at example.org.
"""
from __future__ import annotations

__all__ = ["AGENCIES", "agency", "currency_of"]


def _money(amount: int, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


def _a(pid, name, kind, components, regions, budget, currency, languages, country=None,
       countries=""):
    return {
        "id": pid,
        "name": name,
        "kind": kind,
        "country": country,
        "focus_components": components.split(),
        "focus_countries": countries.split(),
        "focus_regions": regions.split(),
        "budget": _money(budget, currency),
        "languages": languages.split(),
        "contact": f"{pid}@example.org",
    }


#: The non-expert providers, in the order of the six source types of 4(d), then countries.
AGENCIES: list[dict] = [
    _a("demo-gef", "Global Environment Facility (GEF)", "gef",
       "a1 a2 a3 a5 b e f", "", 14_000_000, "USD", "en fr es"),
    _a("demo-unep", "United Nations Environment Programme (UNEP)", "multilateral",
       "a1 a2 a5 b e f g", "", 3_200_000, "USD", "en fr es ru"),
    _a("demo-fao", "Food and Agriculture Organization of the United Nations (FAO)",
       "multilateral", "c d i h k n", "", 2_600_000, "USD", "en fr es ar"),
    _a("demo-undp", "United Nations Development Programme (UNDP)", "multilateral",
       "a1 a2 a4 e j", "", 2_100_000, "USD", "en fr es ru"),
    _a("demo-unido", "United Nations Industrial Development Organization (UNIDO)",
       "multilateral", "c h k n o", "002 142", 900_000, "USD", "en fr"),
    _a("demo-worldbank", "World Bank", "multilateral", "a1 a3 a4 g i", "002 142 419",
       5_000_000, "USD", "en fr es"),
    _a("demo-scbd", "Secretariat of the Convention on Biological Diversity (SCBD)",
       "multilateral", "b c f l", "", 250_000, "USD", "en fr es ar ru zh"),
    _a("demo-eu", "European Union (Directorate-General for International Partnerships)",
       "multilateral", "a1 a2 a5 g i m", "002 150 142", 4_000_000, "EUR", "en fr"),
    _a("demo-norad", "Norwegian Agency for Development Cooperation (Norad)", "bilateral",
       "b c d j n", "002 142", 18_000_000, "NOK", "en", "NOR"),
    _a("demo-sida", "Swedish International Development Cooperation Agency (Sida)", "bilateral",
       "a1 a5 e j", "014 018 035", 9_500_000, "SEK", "en", "SWE"),
    _a("demo-giz", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "bilateral",
       "a2 a5 b e g", "002 142 150", 1_400_000, "EUR", "en fr de", "DEU"),
    _a("demo-jica", "Japan International Cooperation Agency (JICA)", "bilateral",
       "a3 c i h n", "142 002", 160_000_000, "JPY", "en fr", "JPN"),
    _a("demo-fcdo", "Foreign, Commonwealth & Development Office (FCDO)", "bilateral",
       "a4 c d e", "034 014 011", 850_000, "GBP", "en", "GBR"),
    _a("demo-sdc", "Swiss Agency for Development and Cooperation (SDC)", "bilateral",
       "a5 j k m", "002 150 143", 1_100_000, "CHF", "en fr", "CHE"),
    _a("demo-afd", "Agence française de développement (AFD)", "bilateral",
       "a1 a2 i m", "011 017 015 014 029", 1_600_000, "EUR", "fr en", "FRA"),
    _a("demo-koica", "Korea International Cooperation Agency (KOICA)", "bilateral",
       "a3 f h i", "035 034", 1_300_000_000, "KRW", "en", "KOR"),
    _a("demo-gac", "Global Affairs Canada", "bilateral", "a1 e j l", "029 013 011",
       1_200_000, "CAD", "en fr", "CAN"),
    _a("demo-aecid", "Agencia Española de Cooperación Internacional para el Desarrollo (AECID)",
       "bilateral", "a1 c i j", "419 011", 900_000, "EUR", "es fr", "ESP"),
    _a("demo-enabel", "Enabel – Belgian development agency", "bilateral", "b c i",
       "011 014 017", 0, "EUR", "fr en", "BEL"),
    _a("demo-mfat", "New Zealand Ministry of Foreign Affairs and Trade (MFAT)", "bilateral",
       "a1 f i m", "009", 1_500_000, "NZD", "en", "NZL"),
    _a("demo-dfat", "Australian Department of Foreign Affairs and Trade (DFAT)", "bilateral",
       "a3 i k m", "009 035", 2_000_000, "AUD", "en", "AUS"),
    _a("demo-auda", "African Union Development Agency (AUDA-NEPAD)", "other_international",
       "a1 a2 b c g", "002", 1_800_000, "USD", "en fr pt ar"),
    _a("demo-uemoa", "Commission de l'Union économique et monétaire ouest-africaine (UEMOA)",
       "other_international", "a1 a3 g i", "011", 650_000_000, "XOF", "fr",
       countries="BEN BFA CIV GNB MLI NER SEN TGO"),
    _a("demo-sprep", "Secretariat of the Pacific Regional Environment Programme (SPREP)",
       "other_international", "a1 b e f m", "009", 600_000, "USD", "en fr"),
    _a("demo-iica", "Instituto Interamericano de Cooperación para la Agricultura (IICA)",
       "other_international", "a2 c j k", "419", 750_000, "USD", "es en"),
    _a("demo-icgeb", "International Centre for Genetic Engineering and Biotechnology (ICGEB)",
       "other_international", "b c n o", "", 420_000, "EUR", "en"),
    _a("demo-iucn", "International Union for Conservation of Nature (IUCN)",
       "other_international", "c d e j", "", 300_000, "CHF", "en fr es"),
    _a("demo-gates", "Bill & Melinda Gates Foundation", "other_stakeholder",
       "a2 b c i n", "002 034", 3_000_000, "USD", "en"),
    _a("demo-twn", "Third World Network", "other_stakeholder", "c e j", "", 180_000, "USD",
       "en es"),
    _a("demo-pbs", "Program for Biosafety Systems", "other_stakeholder", "a1 a2 b c",
       "002 142", 0, "USD", "en fr"),
    _a("demo-genok", "GenØk – Centre for Biosafety", "other_stakeholder", "b c d n",
       "", 2_400_000, "NOK", "en", "NOR"),
    _a("demo-agropolis", "Agropolis Fondation", "other_stakeholder", "b n", "011 017",
       350_000, "EUR", "fr en", "FRA"),
    _a("demo-nat-ken", "Kenya – national biosafety budget (National Biosafety Authority)",
       "national", "a2 a5 e i", "", 400_000, "USD", "en sw", "KEN", countries="KEN"),
    _a("demo-nat-bfa", "Burkina Faso – budget national de biosécurité (ANB)", "national",
       "a2 a5 i m", "", 120_000_000, "XOF", "fr", "BFA", countries="BFA"),
    _a("demo-nat-phl", "Philippines – national biosafety programme", "national",
       "a2 c d f", "", 25_000_000, "PHP", "en tl", "PHL", countries="PHL"),
    _a("demo-nat-mex", "México – presupuesto nacional de bioseguridad (CIBIOGEM)", "national",
       "a2 a5 j n", "", 9_000_000, "MXN", "es", "MEX", countries="MEX"),
    _a("demo-cty-bra", "Brazil (South-South cooperation)", "country", "c i h n",
       "002 419", 2_500_000, "BRL", "pt es en", "BRA"),
    _a("demo-cty-zaf", "South Africa (South-South cooperation)", "country", "a2 c d i",
       "014 018", 4_000_000, "ZAR", "en", "ZAF"),
    _a("demo-cty-ind", "India (South-South cooperation)", "country", "b c i n", "034 002",
       30_000_000, "INR", "en", "IND"),
    _a("demo-cty-mex", "Mexico (South-South cooperation)", "country", "a2 i j",
       "013 029 005", 6_000_000, "MXN", "es en", "MEX"),
    _a("demo-cty-ken", "Kenya (South-South cooperation)", "country", "a2 e i",
       "014 011", 150_000, "USD", "en sw", "KEN"),
    _a("demo-cty-chn", "China (South-South cooperation)", "country", "a3 h i n", "035 002",
       5_000_000, "CNY", "zh en", "CHN"),
]

_BY_ID = {a["id"]: a for a in AGENCIES}


def agency(pid: str) -> dict:
    """The provider record with id ``pid``."""
    return _BY_ID[pid]


def currency_of(pid: str) -> str:
    """The currency a provider budgets in."""
    return _BY_ID[pid]["budget"]["currency"]
