"""Building blocks of the synthetic generator: reference data, random records and their text.

Records are written from recorded random choices (activities, target group, crop, partner, ...)
rendered in English, French or Spanish with :mod:`bench.phrases`, so that a planted duplicate can
say the same thing again in other words or another language (see :mod:`bench.generate`).
"""
from __future__ import annotations

import gettext
import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import pycountry

from bench.phrases import (
    ACTIVITIES,
    APPROACHES,
    CROPS,
    FRAMES,
    LANGUAGES,
    LESSONS,
    NEED_FRAMES,
    PARTNERS,
    SYNONYMS,
    TARGETS,
    TITLE_FRAMES,
)
from coordinator.domain import Country, Initiative, Money, Provider, ProviderRole
from coordinator.money import load_rates
from coordinator.reference import load_countries, load_regions
from coordinator.taxonomy import COMPONENTS

__all__ = [
    "AS_OF",
    "World",
    "Pools",
    "make_providers",
    "make_initiative",
    "render",
    "reworded",
    "weighted",
    "initiative_status",
    "LEAF_COMPONENTS",
    "text_choices",
]

#: The day the synthetic world is seen from (``Snapshot.as_of``).
AS_OF = date(2026, 1, 1)

_DONORS = ("AUS", "AUT", "BEL", "CAN", "CHE", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "IRL",
           "ITA", "JPN", "KOR", "NLD", "NOR", "NZL", "SWE", "USA")
_NOT_RECIPIENTS = set(_DONORS) | {"ARE", "BHR", "BRN", "ISR", "KWT", "QAT", "SAU", "SGP"}
_FUNDING_KINDS = ("gef", "multilateral", "bilateral", "other_international", "other_stakeholder",
                  "national")
_PROVIDER_KINDS = (("gef", 1), ("multilateral", 5), ("bilateral", 10), ("other_international", 10),
                   ("other_stakeholder", 20), ("national", 14), ("expert", 30), ("country", 10))
_CURRENCIES = (("USD", 60), ("EUR", 25), ("GBP", 5), ("JPY", 5), ("CAD", 5))
LEAF_COMPONENTS = tuple(COMPONENTS)


@lru_cache(maxsize=4)
def _translator(language: str):
    if language == "en":
        return None
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def _country_name(country: Country, language: str) -> str:
    translator = _translator(language)
    if translator is None:
        return country.name
    record = pycountry.countries.get(alpha_3=country.alpha3)
    return translator.gettext(record.name) if record else country.name


def weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class World:
    """Reference data and the random source shared by every record of one generation."""

    def __init__(self, seed: int, as_of: date):
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.countries = load_countries()
        self.regions = load_regions()
        self.rates = load_rates()
        self.recipients = sorted(
            c.alpha3 for c in self.countries.values()
            if c.un_status == "member" and c.alpha3 not in _NOT_RECIPIENTS
            and (c.region in ("002", "142", "009", "019") and c.subregion != "021"
                 or "eit" in c.groups)
        )
        by_subregion: dict[str, list[str]] = {}
        for code in self.recipients:
            by_subregion.setdefault(self.countries[code].subregion or "", []).append(code)
        self.by_subregion = {k: v for k, v in by_subregion.items() if len(v) >= 2}
        self.recipient_areas = sorted(
            {self.countries[c].subregion for c in self.recipients if self.countries[c].subregion}
            | {self.countries[c].region for c in self.recipients if self.countries[c].region}
        )

    def language_for(self, countries: list[str]) -> str:
        region = self.countries[countries[0]].region if countries else None
        if region == "019":
            return weighted(self.rng, (("es", 60), ("en", 40)))
        if region == "002":
            return weighted(self.rng, (("en", 55), ("fr", 45)))
        return weighted(self.rng, (("en", 85), ("fr", 10), ("es", 5)))

    def place(self, countries: list[str], regions: list[str], language: str) -> str:
        names = [_country_name(self.countries[c], language) for c in countries]
        names += [self.regions[r].name for r in regions]
        if len(names) == 1:
            return names[0]
        joiner = {"en": " and ", "fr": " et ", "es": " y "}[language]
        return ", ".join(names[:-1]) + joiner + names[-1]

    def period(self, first_year: int, last_year: int, shortest: int, longest: int):
        start = date(first_year, 1, 1) + timedelta(
            days=self.rng.randrange((date(last_year, 12, 31) - date(first_year, 1, 1)).days))
        return start, start + timedelta(days=self.rng.randint(shortest, longest))

    def money(self, low: float, high: float) -> Money:
        amount = round(low * (high / low) ** self.rng.random(), -3)
        return Money(amount, weighted(self.rng, _CURRENCIES))

    def updated(self, after: date | None) -> datetime:
        floor = min(after or date(2015, 1, 1), self.as_of) - timedelta(days=1)
        day = floor + timedelta(days=self.rng.randint(1, max((self.as_of - floor).days, 1)))
        return datetime.combine(day, time(12, 0))


def text_choices(world: World, components: tuple[str, ...]) -> dict:
    """The random choices behind a record's text, kept so that it can be rendered again."""
    rng = world.rng
    first = ACTIVITIES[components[0]]
    second = ACTIVITIES[components[1]] if len(components) > 1 else first
    a1 = rng.randrange(len(first))
    a2 = rng.randrange(len(second))
    if second is first and len(first) > 1:
        a2 = (a1 + 1 + rng.randrange(len(first) - 1)) % len(first)
    return {
        "components": components, "a1": a1, "a2": a2,
        "target": rng.randrange(len(TARGETS)), "crop": rng.randrange(len(CROPS)),
        "approach": rng.randrange(len(APPROACHES)), "partner": rng.randrange(len(PARTNERS)),
        "count": rng.randrange(20, 400, 5), "frame": rng.randrange(len(FRAMES)),
        "title": rng.randrange(len(TITLE_FRAMES)),
    }


def render(choices: dict, place: str, language: str, *, need: bool = False):
    """(title, description) of the choices in ``language``."""
    k = LANGUAGES.index(language)
    components = choices["components"]
    a1 = ACTIVITIES[components[0]][choices["a1"]][k]
    second = ACTIVITIES[components[1] if len(components) > 1 else components[0]]
    a2 = second[choices["a2"]][k]
    words = {
        "a1": a1, "a2": a2, "A1": _capitalised(a1), "place": place,
        "target": TARGETS[choices["target"]][k], "crop": CROPS[choices["crop"]][k],
        "approach": APPROACHES[choices["approach"]][k], "partner": PARTNERS[choices["partner"]],
        "count": choices["count"],
    }
    if need:
        frame = NEED_FRAMES[choices["frame"] % len(NEED_FRAMES)][k]
        return _capitalised(f"{a1} — {place}"), frame.format(**words)
    title = TITLE_FRAMES[choices["title"]][k].format(**words)
    return title, FRAMES[choices["frame"]][k].format(**words)


def reworded(rng: random.Random, text: str, language: str) -> str:
    """The same text in other words: synonyms swapped, sentences reordered."""
    for old, new in SYNONYMS[language]:
        if old in text and rng.random() < 0.8:
            text = text.replace(old, new)
    sentences = [s.strip() for s in text.replace("; ", ". ").split(". ") if s.strip()]
    if len(sentences) > 2:
        head, tail = sentences[0], sentences[1:]
        rng.shuffle(tail)
        sentences = [head, *tail]
    return ". ".join(s.rstrip(".") for s in sentences) + "."


def make_providers(world: World, count: int) -> dict[str, Provider]:
    rng = world.rng
    providers = {}
    for number in range(1, count + 1):
        kind = weighted(rng, _PROVIDER_KINDS)
        if kind == "bilateral":
            home = rng.choice(_DONORS)
        elif kind in ("national", "country"):
            home = rng.choice(world.recipients)
        else:
            home = rng.choice((None, rng.choice(_DONORS), rng.choice(world.recipients)))
        name = {
            "gef": "Global Environment Facility", "bilateral": "Development agency",
            "multilateral": "Multilateral programme", "other_international": "International fund",
            "other_stakeholder": "Foundation", "national": "National biosafety fund",
            "expert": "Expert", "country": "Biosafety authority",
        }[kind]
        where = world.countries[home].name if home else "international"
        providers[f"P{number:05d}"] = Provider(
            id=f"P{number:05d}", name=f"{name} {number} ({where})", kind=kind, country=home,
            focus_components=tuple(sorted(rng.sample(LEAF_COMPONENTS, rng.randint(2, 6)))),
            focus_countries=tuple(sorted(rng.sample(world.recipients, rng.randint(0, 8)))),
            focus_regions=tuple(sorted(rng.sample(world.recipient_areas, rng.randint(0, 2)))),
            budget=world.money(1e5, 5e7) if kind in _FUNDING_KINDS else None,
            languages=tuple(sorted(rng.sample(LANGUAGES, rng.randint(1, 3)))),
            updated=world.updated(None),
        )
    return providers


def _recipients(world: World) -> tuple[list[str], list[str]]:
    rng = world.rng
    draw = rng.random()
    if draw < 0.75:
        return [rng.choice(world.recipients)], []
    if draw < 0.9:
        members = world.by_subregion[rng.choice(sorted(world.by_subregion))]
        return sorted(rng.sample(members, rng.randint(2, min(4, len(members))))), []
    return [], [rng.choice(world.recipient_areas)]


def _components(rng: random.Random) -> tuple[str, ...]:
    return tuple(rng.sample(LEAF_COMPONENTS, weighted(rng, ((1, 45), (2, 35), (3, 20)))))


def initiative_status(world: World, start: date, end: date) -> str:
    if world.rng.random() < 0.03:
        return "cancelled"
    if end < world.as_of:
        return "completed"
    return "ongoing" if start <= world.as_of else "planned"


class Pools:
    """Funders and implementers, drawn with a skew so that a few providers fund a lot."""

    def __init__(self, world: World, providers: dict[str, Provider]):
        self.rng = world.rng
        self.funders = [p.id for p in providers.values() if p.kind in _FUNDING_KINDS]
        self.implementers = [p.id for p in providers.values()
                             if p.kind in ("multilateral", "other_stakeholder", "national",
                                           "expert", "country")] or self.funders

    def _skewed(self, pool: list[str]) -> str:
        return pool[min(int(len(pool) * self.rng.random() ** 2), len(pool) - 1)]

    def roles(self) -> tuple[ProviderRole, ...]:
        roles = [ProviderRole(self._skewed(self.funders), "funding")]
        if self.rng.random() < 0.6:
            implementer = self._skewed(self.implementers)
            if implementer != roles[0].id:
                roles.append(ProviderRole(implementer, "implementing"))
        if self.rng.random() < 0.1:
            extender = self._skewed(self.implementers)
            if extender not in {r.id for r in roles}:
                roles.append(ProviderRole(extender, "extending"))
        return tuple(roles)


def make_initiative(world: World, pools: Pools, number: int, *, countries=None, regions=None,
                components=None, period=None, roles=None, avoid: dict | None = None):
    """A new initiative and the choices its text was written from."""
    rng = world.rng
    if countries is None:
        countries, regions = _recipients(world)
    components = components or _components(rng)
    choices = text_choices(world, components)
    if avoid is not None:
        if avoid["components"][0] == components[0]:
            choices["a1"] = avoid["a1"]
        for key in ("target", "crop", "partner", "approach"):
            if choices[key] == avoid[key]:
                choices[key] = (choices[key] + 1) % {"target": len(TARGETS), "crop": len(CROPS),
                                                     "partner": len(PARTNERS),
                                                     "approach": len(APPROACHES)}[key]
    language = world.language_for(countries or [c for c in world.recipients
                                                if world.countries[c].region in regions][:1])
    title, description = render(choices, world.place(countries, regions, language), language)
    start, end = period or world.period(2008, 2026, 365, 5 * 365)
    status = initiative_status(world, start, end)
    initiative = Initiative(
        id=f"I{number:07d}", title=title, description=description,
        providers=roles or pools.roles(), recipient_countries=tuple(countries),
        recipient_regions=tuple(regions), components=components,
        budget=world.money(3e4, 3e6), start=start, end=end, status=status,
        lessons=rng.choice(LESSONS) if status == "completed" and rng.random() < 0.3 else None,
        updated=world.updated(start),
    )
    return initiative, {**choices, "language": language}


