"""Kinds of biosafety capacity-building work the demo's initiatives are modelled on.

Each archetype says which components the work touches, whether it is national or regional, which
provider teams typically carry it, its usual size and duration, and in which years it was common.
The texts live in demo_ini_en / demo_ini_fr / demo_ini_es, keyed by the archetype's name.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Archetype", "ARCHETYPES"]


@dataclass(frozen=True)
class Archetype:
    """A recurring pattern of capacity-building work."""

    key: str
    components: tuple[str, ...]
    core: int
    scope: str
    teams: tuple[tuple[tuple[str, str], ...], ...]
    budget_usd: tuple[int, int]
    years: tuple[int, int]
    months: tuple[int, int]
    weight: int
    areas: tuple[str, ...] = ()


def _t(*pairs: str) -> tuple[tuple[str, str], ...]:
    """A team from 'provider:role' strings."""
    return tuple((p.split(":")[0], p.split(":")[1]) for p in pairs)


_F, _I = "funding", "implementing"

ARCHETYPES: dict[str, Archetype] = {a.key: a for a in [
    Archetype("nbf_impl", ("a1", "a2", "e", "f", "a5"), 2, "national",
              (_t("demo-gef:funding", "demo-unep:implementing"),
               _t("demo-gef:funding", "demo-undp:implementing")),
              (700_000, 1_600_000), (2012, 2019), (36, 54), 9),
    Archetype("law_review", ("a1", "a2", "l"), 1, "national",
              (_t("demo-eu:funding", "demo-unep:implementing"),
               _t("demo-sdc:funding", "demo-unep:implementing"),
               _t("demo-afd:funding", "demo-fao:implementing"),
               _t("demo-gac:funding", "demo-undp:implementing"),
               _t("demo-aecid:funding", "demo-iica:implementing"),
               _t("demo-sida:funding", "demo-undp:implementing"),
               _t("demo-mfat:funding", "demo-sprep:implementing"),
               _t("demo-auda:funding", "demo-auda:implementing")),
              (150_000, 450_000), (2014, 2028), (18, 36), 8),
    Archetype("bch", ("f", "b", "a3"), 1, "regional",
              (_t("demo-gef:funding", "demo-unep:implementing"),),
              (300_000, 1_200_000), (2012, 2027), (24, 48), 6,
              ("011", "014", "017", "034", "035", "143", "009", "029", "013", "005", "039")),
    Archetype("bch_national", ("f", "a3"), 1, "national",
              (_t("demo-koica:funding", "demo-koica:implementing"),
               _t("demo-scbd:funding", "demo-scbd:implementing"),
               _t("demo-giz:funding", "demo-giz:implementing"),
               _t("demo-mfat:funding", "demo-sprep:implementing")),
              (60_000, 200_000), (2013, 2028), (12, 24), 5),
    Archetype("lab_national", ("i", "a3", "h"), 1, "national",
              (_t("demo-jica:funding", "demo-jica:implementing"),
               _t("demo-koica:funding", "demo-fao:implementing"),
               _t("demo-eu:funding", "demo-fao:implementing"),
               _t("demo-afd:funding", "demo-fao:implementing"),
               _t("demo-cty-chn:funding", "demo-cty-chn:implementing"),
               _t("demo-gates:funding", "demo-fao:implementing"),
               _t("demo-worldbank:funding", "demo-fao:implementing"),
               _t("demo-dfat:funding", "demo-fao:implementing")),
              (300_000, 1_500_000), (2013, 2028), (24, 48), 9),
    Archetype("lab_network", ("i", "g", "b", "a3"), 2, "regional",
              (_t("demo-eu:funding", "demo-fao:implementing"),
               _t("demo-worldbank:funding", "demo-fao:implementing"),
               _t("demo-uemoa:funding", "demo-fao:implementing"),
               _t("demo-auda:funding", "demo-auda:implementing"),
               _t("demo-jica:funding", "demo-fao:implementing")),
              (800_000, 3_000_000), (2014, 2028), (36, 60), 4,
              ("011", "014", "017", "035", "034", "151", "039", "013", "005")),
    Archetype("ra_training", ("c", "b"), 1, "either",
              (_t("demo-icgeb:funding", "demo-icgeb:implementing"),
               _t("demo-scbd:funding", "demo-scbd:implementing"),
               _t("demo-norad:funding", "demo-genok:implementing"),
               _t("demo-fcdo:funding", "demo-icgeb:implementing"),
               _t("demo-gates:funding", "demo-pbs:implementing"),
               _t("demo-auda:funding", "demo-auda:implementing"),
               _t("demo-aecid:funding", "demo-iica:implementing")),
              (40_000, 250_000), (2012, 2028), (6, 24), 12,
              ("011", "014", "017", "034", "035", "143", "145", "013", "005", "029", "039")),
    Archetype("awareness", ("e",), 1, "national",
              (_t("demo-undp:funding", "demo-undp:implementing"),
               _t("demo-giz:funding", "demo-giz:implementing"),
               _t("demo-sida:funding", "demo-iucn:implementing"),
               _t("demo-gac:funding", "demo-undp:implementing"),
               _t("demo-sprep:funding", "demo-sprep:implementing"),
               _t("demo-gef:funding", "demo-unep:implementing")),
              (60_000, 350_000), (2012, 2028), (12, 36), 10),
    Archetype("socio_econ", ("j", "e"), 1, "either",
              (_t("demo-norad:funding", "demo-twn:implementing"),
               _t("demo-norad:funding", "demo-genok:implementing"),
               _t("demo-aecid:funding", "demo-iica:implementing"),
               _t("demo-sida:funding", "demo-undp:implementing"),
               _t("demo-iucn:funding", "demo-iucn:implementing"),
               _t("demo-gac:funding", "demo-twn:implementing")),
              (50_000, 250_000), (2014, 2028), (12, 30), 7,
              ("011", "014", "034", "035", "013", "005")),
    Archetype("border", ("m", "k", "i", "b"), 1, "either",
              (_t("demo-eu:funding", "demo-fao:implementing"),
               _t("demo-jica:funding", "demo-fao:implementing"),
               _t("demo-giz:funding", "demo-giz:implementing"),
               _t("demo-sdc:funding", "demo-unep:implementing"),
               _t("demo-afd:funding", "demo-fao:implementing"),
               _t("demo-dfat:funding", "demo-fao:implementing")),
              (150_000, 700_000), (2013, 2028), (18, 36), 8,
              ("011", "014", "015", "035", "143", "151", "039", "009", "029")),
    Archetype("documentation", ("k", "m"), 1, "either",
              (_t("demo-unido:funding", "demo-unido:implementing"),
               _t("demo-sdc:funding", "demo-unido:implementing"),
               _t("demo-aecid:funding", "demo-iica:implementing"),
               _t("demo-eu:funding", "demo-fao:implementing")),
              (80_000, 300_000), (2013, 2028), (12, 30), 5,
              ("011", "014", "035", "029", "005")),
    Archetype("monitoring", ("d", "a5", "n"), 1, "national",
              (_t("demo-norad:funding", "demo-genok:implementing"),
               _t("demo-sida:funding", "demo-fao:implementing"),
               _t("demo-gef:funding", "demo-unep:implementing"),
               _t("demo-sdc:funding", "demo-fao:implementing")),
              (150_000, 600_000), (2014, 2028), (24, 48), 6),
    Archetype("research", ("n", "c"), 1, "either",
              (_t("demo-icgeb:funding", "demo-icgeb:implementing"),
               _t("demo-norad:funding", "demo-genok:implementing"),
               _t("demo-agropolis:funding", "demo-agropolis:implementing"),
               _t("demo-cty-ind:funding", "demo-cty-ind:implementing"),
               _t("demo-cty-bra:funding", "demo-cty-bra:implementing")),
              (100_000, 800_000), (2012, 2028), (24, 48), 6,
              ("011", "014", "034", "035", "005")),
    Archetype("health", ("o", "c"), 1, "national",
              (_t("demo-unido:funding", "demo-unido:implementing"),
               _t("demo-icgeb:funding", "demo-icgeb:implementing"),
               _t("demo-fao:funding", "demo-fao:implementing")),
              (60_000, 250_000), (2014, 2028), (12, 30), 4),
    Archetype("cbi", ("l", "a2"), 1, "national",
              (_t("demo-scbd:funding", "demo-scbd:implementing"),
               _t("demo-unep:funding", "demo-unep:implementing"),
               _t("demo-giz:funding", "demo-giz:implementing")),
              (30_000, 120_000), (2015, 2028), (6, 18), 3),
    Archetype("mainstream", ("a4", "a5"), 1, "national",
              (_t("demo-undp:funding", "demo-undp:implementing"),
               _t("demo-worldbank:funding", "demo-undp:implementing"),
               _t("demo-fcdo:funding", "demo-undp:implementing")),
              (80_000, 300_000), (2014, 2028), (18, 36), 4),
    Archetype("harmonisation", ("a1", "g"), 2, "regional",
              (_t("demo-uemoa:funding", "demo-uemoa:implementing"),
               _t("demo-auda:funding", "demo-auda:implementing"),
               _t("demo-eu:funding", "demo-unep:implementing"),
               _t("demo-mfat:funding", "demo-sprep:implementing"),
               _t("demo-aecid:funding", "demo-iica:implementing")),
              (500_000, 2_500_000), (2012, 2027), (36, 72), 3,
              ("011", "014", "009", "013", "039")),
    Archetype("southsouth", ("g", "c", "i", "h"), 3, "national",
              (_t("demo-cty-bra:funding", "demo-cty-bra:implementing"),
               _t("demo-cty-zaf:funding", "demo-cty-zaf:implementing"),
               _t("demo-cty-ind:funding", "demo-cty-ind:implementing"),
               _t("demo-cty-mex:funding", "demo-cty-mex:implementing"),
               _t("demo-cty-ken:funding", "demo-cty-ken:implementing"),
               _t("demo-cty-chn:funding", "demo-cty-chn:implementing")),
              (80_000, 400_000), (2015, 2028), (12, 36), 5),
    Archetype("curriculum", ("b", "e"), 1, "national",
              (_t("demo-unep:funding", "demo-unep:implementing"),
               _t("demo-giz:funding", "demo-giz:implementing"),
               _t("demo-agropolis:funding", "demo-agropolis:implementing"),
               _t("demo-icgeb:funding", "demo-icgeb:implementing")),
              (80_000, 250_000), (2013, 2028), (24, 36), 4),
]}
