"""Rebuild countries.csv from pycountry (ISO 3166-1) and the UN M49 placement below.

Run from anywhere: ``python seed_data/reference/build_countries.py``. Uses the standard library
and pycountry only. Sources and dates of the tables below are in SOURCES.md beside this file.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent

#: UN M49 "Country or Area" English names where they differ from pycountry's ISO short name.
#: The typographic apostrophe of "Côte d’Ivoire" is kept as pycountry's ASCII one.
M49_NAMES = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "HKG": "China, Hong Kong Special Administrative Region",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MAC": "China, Macao Special Administrative Region",
    "MAF": "Saint Martin (French Part)",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "SHN": "Saint Helena",
    "SJM": "Svalbard and Jan Mayen Islands",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "WLF": "Wallis and Futuna Islands",
}

#: The 193 Member States of the United Nations.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""".split()  # noqa: SIM905 (a block of codes reads better than 193 quoted strings)

#: Non-member States with standing invitation as General Assembly observers.
UN_OBSERVERS = ["VAT", "PSE"]

#: Each country's smallest M49 area (intermediate region where there is one, else subregion).
#: Antarctica (ATA) has no M49 region; Taiwan (TWN) is not listed separately in M49.
M49_PLACEMENT = {
    "015": "DZA EGY LBY MAR SDN TUN ESH",
    "014": "IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA TZA ZMB ZWE",
    "017": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "018": "BWA SWZ LSO NAM ZAF",
    "011": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO",
    "029": "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA "
    "LCA MAF VCT SXM TTO TCA VIR",
    "013": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "005": "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN",
    "021": "BMU CAN GRL SPM USA",
    "143": "KAZ KGZ TJK TKM UZB",
    "030": "CHN HKG MAC PRK JPN MNG KOR",
    "035": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "034": "AFG BGD BTN IND IRN MDV NPL PAK LKA",
    "145": "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    "151": "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
    "154": "ALA DNK EST FRO FIN ISL IRL IMN LVA LTU NOR SJM SWE GBR",
    "830": "GGY JEY",
    "039": "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP",
    "155": "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    "053": "AUS CXR CCK HMD NZL NFK",
    "054": "FJI NCL PNG SLB VUT",
    "057": "GUM KIR MHL FSM NRU MNP PLW UMI",
    "061": "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
}

FIELDS = ["alpha3", "alpha2", "numeric", "name", "un_status", "region", "subregion",
          "intermediate_region"]


def read_regions(path: Path) -> dict[str, tuple[str, str]]:
    """M49 code -> (level, parent) from regions.csv."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: (row["level"], row["parent"]) for row in csv.DictReader(handle)}


def placement_by_country() -> dict[str, str]:
    """alpha-3 -> smallest M49 area code, refusing a country placed twice."""
    placed: dict[str, str] = {}
    for code, members in M49_PLACEMENT.items():
        for alpha3 in members.split():
            if alpha3 in placed:
                raise SystemExit(f"{alpha3} placed in both {placed[alpha3]} and {code}")
            placed[alpha3] = code
    return placed


def areas(code: str, regions: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The region, subregion and intermediate region containing M49 area ``code``."""
    found = {"region": "", "subregion": "", "intermediate_region": ""}
    key = {"region": "region", "subregion": "subregion", "intermediate": "intermediate_region"}
    while code and code != "001":
        level, parent = regions[code]
        found[key[level]] = code
        code = parent
    return found


def build_rows() -> list[dict[str, str]]:
    """One row per ISO 3166-1 entry, sorted by alpha-3."""
    if len(UN_MEMBERS) != 193 or len(set(UN_MEMBERS)) != 193:
        raise SystemExit(f"expected 193 distinct UN members, got {len(set(UN_MEMBERS))}")
    regions = read_regions(HERE / "regions.csv")
    placed = placement_by_country()
    iso = {c.alpha_3: c for c in pycountry.countries}
    unknown = (set(placed) | set(UN_MEMBERS) | set(M49_NAMES)) - set(iso)
    if unknown:
        raise SystemExit(f"codes not in ISO 3166-1: {sorted(unknown)}")
    rows = []
    for alpha3 in sorted(iso):
        country = iso[alpha3]
        if alpha3 in UN_MEMBERS:
            status = "member"
        elif alpha3 in UN_OBSERVERS:
            status = "observer"
        else:
            status = "other"
        row = {
            "alpha3": alpha3,
            "alpha2": country.alpha_2,
            "numeric": country.numeric,
            "name": M49_NAMES.get(alpha3, country.name),
            "un_status": status,
        }
        code = placed.get(alpha3)
        row.update(areas(code, regions) if code else
                   {"region": "", "subregion": "", "intermediate_region": ""})
        rows.append(row)
    return rows


def main() -> int:
    """Write countries.csv beside this script."""
    rows = build_rows()
    with (HERE / "countries.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    unplaced = [r["alpha3"] for r in rows if not r["region"]]
    print(f"wrote {len(rows)} countries; without M49 region: {', '.join(unplaced)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
