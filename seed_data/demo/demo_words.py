"""Small language helpers for the demo texts: crop names, area names, lists, authorities."""
from __future__ import annotations

from demo_geo import Place

__all__ = ["crop", "area_prose", "join_names", "count_word", "cna", "port", "partner_name",
           "place_context"]

_CROPS = {
    # English: (French, Spanish)
    "cotton": ("coton", "algodón"), "maize": ("maïs", "maíz"), "cowpea": ("niébé", "caupí"),
    "sorghum": ("sorgho", "sorgo"), "rice": ("riz", "arroz"), "cassava": ("manioc", "yuca"),
    "millet": ("mil", "mijo"), "wheat": ("blé", "trigo"), "soybean": ("soja", "soya"),
    "banana": ("bananier", "banano"), "beans": ("haricot", "frijol"),
    "groundnut": ("arachide", "maní"), "vanilla": ("vanillier", "vainilla"),
    "potato": ("pomme de terre", "papa"), "quinoa": ("quinoa", "quinua"),
    "cacao": ("cacaoyer", "cacao"), "pineapple": ("ananas", "piña"),
    "sugarcane": ("canne à sucre", "caña de azúcar"), "papaya": ("papayer", "papaya"),
    "citrus": ("agrumes", "cítricos"),
}

_AREAS = {
    "011": ("West Africa", "Afrique de l'Ouest", "África Occidental"),
    "014": ("Eastern Africa", "Afrique de l'Est", "África Oriental"),
    "017": ("Central Africa", "Afrique centrale", "África Central"),
    "018": ("Southern Africa", "Afrique australe", "África Austral"),
    "015": ("North Africa", "Afrique du Nord", "África del Norte"),
    "034": ("South Asia", "Asie du Sud", "Asia Meridional"),
    "035": ("South-East Asia", "Asie du Sud-Est", "Asia Sudoriental"),
    "143": ("Central Asia", "Asie centrale", "Asia Central"),
    "145": ("the Caucasus", "Caucase", "el Cáucaso"),
    "009": ("the Pacific", "Pacifique", "el Pacífico"),
    "029": ("the Caribbean", "Caraïbes", "el Caribe"),
    "013": ("Central America", "Amérique centrale", "Centroamérica"),
    "005": ("South America", "Amérique du Sud", "América del Sur"),
    "151": ("Eastern Europe", "Europe orientale", "Europa Oriental"),
    "039": ("the Western Balkans", "Balkans occidentaux", "los Balcanes Occidentales"),
}
_FR_IN_AREA = {"029": "aux Caraïbes", "009": "dans le Pacifique", "145": "dans le Caucase",
               "039": "dans les Balkans occidentaux"}

_NUMBERS = {
    "en": "zero one two three four five six seven eight".split(),
    "fr": "zéro un deux trois quatre cinq six sept huit".split(),
    "es": "cero uno dos tres cuatro cinco seis siete ocho".split(),
}

_CNA = {
    ("BFA", "fr"): "l'Agence nationale de biosécurité (ANB)",
    ("GHA", "en"): "the National Biosafety Authority",
    ("KEN", "en"): "the National Biosafety Authority",
    ("NGA", "en"): "the National Biosafety Management Agency (NBMA)",
    ("MEX", "es"): "la Comisión Intersecretarial de Bioseguridad de los Organismos Genéticamente "
                   "Modificados (CIBIOGEM)",
}
_CNA_DEFAULT = {"en": "the competent national authority",
                "fr": "l'autorité nationale compétente",
                "es": "la autoridad nacional competente"}
_CNA_PLURAL = {"en": "the competent national authorities",
               "fr": "les autorités nationales compétentes",
               "es": "las autoridades nacionales competentes"}
_PORT_DEFAULT = {"en": "the main border posts", "fr": "aux principaux postes frontières",
                 "es": "los principales puestos fronterizos"}
_PARTNERS = {
    "demo-cty-bra": ("Brazil", "Brésil", "Brasil"),
    "demo-cty-zaf": ("South Africa", "Afrique du Sud", "Sudáfrica"),
    "demo-cty-ind": ("India", "Inde", "India"),
    "demo-cty-mex": ("Mexico", "Mexique", "México"),
    "demo-cty-ken": ("Kenya", "Kenya", "Kenia"),
    "demo-cty-chn": ("China", "Chine", "China"),
}
_LANG_INDEX = {"en": 0, "fr": 1, "es": 2}


def crop(name: str, lang: str) -> str:
    """A crop's name in ``lang``."""
    return name if lang == "en" else _CROPS.get(name, (name, name))[_LANG_INDEX[lang] - 1]


def area_prose(area: str, lang: str, inside: bool = False) -> str:
    """An M49 area's everyday name in ``lang``; with ``inside``, the phrase 'in <area>'."""
    name = _AREAS[area][_LANG_INDEX[lang]]
    if not inside:
        return name
    if lang == "fr":
        return _FR_IN_AREA.get(area, f"en {name}")
    return f"in {name}" if lang == "en" else f"en {name}"


def join_names(names: list[str], lang: str) -> str:
    """'A, B and C' in ``lang``."""
    last = {"en": " and ", "fr": " et ", "es": " y "}[lang]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + last + names[-1]


def count_word(k: int, lang: str) -> str:
    """A small number spelled out in ``lang``."""
    return _NUMBERS[lang][k]


def cna(places: list[Place], lang: str) -> str:
    """The competent authority (or authorities) of ``places`` as a phrase in ``lang``."""
    if len(places) > 1:
        return _CNA_PLURAL[lang]
    return _CNA.get((places[0].code, lang), _CNA_DEFAULT[lang])


def port(p: Place, lang: str) -> str:
    """The place where border controls happen, as a phrase usable after 'at' / 'à' / 'en'."""
    if p.port:
        return {"en": f"the port of {p.port}", "fr": f"au port de {p.port}",
                "es": f"el puerto de {p.port}"}[lang]
    return _PORT_DEFAULT[lang]


def partner_name(pid: str, lang: str) -> str:
    """The name of a South-South partner country provider in ``lang``."""
    return _PARTNERS[pid][_LANG_INDEX[lang]]


def place_context(places: list[Place], area: str | None, lang: str) -> dict[str, str]:
    """Placeholder values that name the place of an initiative or need in ``lang``."""
    first = places[0]
    if lang == "en":
        names = [p.en for p in places]
        ins = [f"in {p.en}" for p in places]
        of = f"of {first.en}"
    elif lang == "fr":
        names = [p.fr for p in places]
        ins = [p.fr_in for p in places]
        of = first.fr_of
    else:
        names = [p.es for p in places]
        ins = [p.es_in for p in places]
        of = first.es_of
    regional = len(places) > 1
    listed = ins if lang == "fr" else names
    where = (ins[0] if not regional
             else {"en": "in ", "fr": "", "es": "en "}[lang] + join_names(listed, lang))
    where_t = area_prose(area, lang, inside=True) if regional and area else where
    c = join_names(names, lang)
    return {
        "c": c,
        "c_cap": c[0].upper() + c[1:],
        "where": where,
        "where_t": where_t,
        "of": of,
        "k": count_word(len(places), lang),
        "cna": cna(places, lang),
        "crop": crop(first.crops[0], lang),
        "crop2": crop(first.crops[-1], lang),
        "port": port(first, lang),
    }
