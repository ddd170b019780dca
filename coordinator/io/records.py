"""The one validator: a capacity-coordinator/1 document of plain dicts -> domain objects.

Every importer (JSON, CSV, IATI) produces a document; :func:`parse_document` checks every record
against the reference data and the records already stored, and either returns clean domain objects
or raises :class:`~coordinator.errors.InvalidInput` listing every problem found.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import taxonomy
from ..domain import (
    Capacity,
    Initiative,
    Invitee,
    Meeting,
    Need,
    Partnership,
    PartnershipEvent,
    Profile,
    Provider,
    ProviderRole,
)
from ..errors import InvalidInput, Problem
from .fields import FieldReader, iso_languages

__all__ = ["FORMAT", "RECORD_LISTS", "ReferenceContext", "ParsedDocument", "parse_document"]

FORMAT = "capacity-coordinator/1"
#: The lists of a document, in the order they are validated and written.
RECORD_LISTS = (
    "providers", "initiatives", "needs", "capacities", "profiles", "meetings", "partnerships",
)
_SINGULAR = {
    "providers": "provider", "initiatives": "initiative", "needs": "need",
    "capacities": "capacity", "profiles": "profile", "meetings": "meeting",
    "partnerships": "partnership",
}


@dataclass(frozen=True)
class ReferenceContext:
    """What records are checked against: reference codes, stored ids and aliases."""

    countries: Collection[str]
    regions: Collection[str]
    stored_ids: Mapping[str, Collection[str]] = field(default_factory=dict)
    aliases: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def resolve(self, kind: str, record_id: str) -> str:
        """The id a record is stored under (merged records keep their old ids as aliases)."""
        return self.aliases.get((kind, record_id), record_id)


@dataclass(frozen=True)
class ParsedDocument:
    """The clean records of one document."""

    providers: tuple[Provider, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    needs: tuple[Need, ...] = ()
    capacities: tuple[Capacity, ...] = ()
    profiles: tuple[Profile, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    partnerships: tuple[Partnership, ...] = ()

    def count(self) -> int:
        """How many records in all."""
        return sum(len(getattr(self, name)) for name in RECORD_LISTS)

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        return {name: len(getattr(self, name)) for name in RECORD_LISTS}


class _Validator:
    def __init__(self, source: str, context: ReferenceContext):
        self.source = source
        self.context = context
        self.problems: list[Problem] = []
        self.components = tuple(taxonomy.COMPONENTS)
        self.in_document: dict[str, set[str]] = {name: set() for name in RECORD_LISTS}

    def reader(self, raw: Any, kind: str, index: int) -> FieldReader | None:
        source = self.source
        if isinstance(raw, Mapping) and isinstance(raw.get("_source"), str):
            source = raw["_source"]
        label_id = raw.get("id") if isinstance(raw, Mapping) else None
        if kind == "profile" and isinstance(raw, Mapping):
            label_id = raw.get("country")
        label = f"{kind} {label_id}" if isinstance(label_id, str) and label_id.strip() \
            else f"{kind} #{index + 1}"
        if not isinstance(raw, Mapping):
            self.problems.append(Problem(source, label, "", "must be an object"))
            return None
        return FieldReader(raw, source, label, self.problems)

    def known(self, plural: str, record_id: str) -> bool:
        kind = _SINGULAR[plural]
        resolved = self.context.resolve(kind, record_id)
        return resolved in self.in_document[plural] or \
            resolved in self.context.stored_ids.get(plural, ())

    def collect_ids(self, document: Mapping[str, Any]) -> None:
        """First pass: the ids each list defines, so records may refer to each other."""
        for plural in RECORD_LISTS:
            key = "country" if plural == "profiles" else "id"
            raws = document.get(plural)
            if not isinstance(raws, list):
                continue  # reported by records()
            for raw in raws:
                if isinstance(raw, Mapping) and isinstance(raw.get(key), str):
                    value = raw[key].strip()
                    self.in_document[plural].add(
                        self.context.resolve(_SINGULAR[plural], value) if key == "id" else value
                    )

    def records(self, document: Mapping[str, Any], plural: str,
                parse: Callable[[FieldReader], Any]) -> tuple:
        raws = document.get(plural)
        if raws is None:
            return ()
        if not isinstance(raws, list):
            self.problems.append(Problem(self.source, "", plural, "must be a list of records"))
            return ()
        out, seen = [], {}
        for index, raw in enumerate(raws):
            reader = self.reader(raw, _SINGULAR[plural], index)
            if reader is None:
                continue
            value = parse(reader)
            if reader.failed or value is None:
                continue
            key = value.country if plural == "profiles" else value.id
            if key in seen:
                reader.problem("id" if plural != "profiles" else "country",
                               f"appears twice in this input (also at {seen[key]})")
                continue
            seen[key] = reader.source
            out.append(value)
        return tuple(out)

    # --- one parser per record type -------------------------------------------------------

    def provider(self, r: FieldReader) -> Provider | None:
        r.check_unknown({"id", "name", "kind", "country", "focus_components", "focus_countries",
                         "focus_regions", "budget", "languages", "contact", "updated"})
        record_id = r.identifier()
        return Provider(
            id=self.context.resolve("provider", record_id or ""),
            name=r.text("name", required=True, limit="name"),
            kind=r.choice("kind", tuple(taxonomy.PROVIDER_KINDS), required=True),
            country=r.code("country", self.context.countries, "ISO 3166 alpha-3 country"),
            focus_components=r.codes("focus_components", self.components, "component",
                                     normalise=str.lower),
            focus_countries=r.codes("focus_countries", self.context.countries,
                                    "ISO 3166 alpha-3 country"),
            focus_regions=r.codes("focus_regions", self.context.regions, "M49 region",
                                  normalise=str.strip),
            budget=r.money("budget"),
            languages=r.codes("languages", iso_languages(), "ISO 639-1 language",
                              normalise=str.lower),
            contact=r.text("contact", limit="contact"),
            updated=r.moment("updated"),
        )

    def initiative(self, r: FieldReader) -> Initiative | None:
        r.check_unknown({"id", "title", "description", "providers", "recipient_countries",
                         "recipient_regions", "components", "budget", "start", "end", "status",
                         "lessons", "aliases", "unmapped_sectors", "updated"})
        record_id = r.identifier()
        start, end = r.day("start"), r.day("end")
        r.period(start, end)
        return Initiative(
            id=self.context.resolve("initiative", record_id or ""),
            title=r.text("title", required=True, limit="title"),
            description=r.text("description", default=""),
            providers=self.provider_roles(r),
            recipient_countries=r.codes("recipient_countries", self.context.countries,
                                        "ISO 3166 alpha-3 country"),
            recipient_regions=r.codes("recipient_regions", self.context.regions, "M49 region",
                                      normalise=str.strip),
            components=r.codes("components", self.components, "component", normalise=str.lower),
            budget=r.money("budget"),
            start=start,
            end=end,
            status=r.choice("status", taxonomy.INITIATIVE_STATUSES, default="planned"),
            lessons=r.text("lessons"),
            aliases=r.texts("aliases", limit="id"),
            unmapped_sectors=r.texts("unmapped_sectors", limit="name"),
            updated=r.moment("updated"),
        )

    def provider_roles(self, r: FieldReader) -> tuple[ProviderRole, ...]:
        values = r.get("providers")
        if not isinstance(values, list):
            if values is not None and values is not r.get("__absent__"):
                r.problem("providers", 'must be a list of {"id": ..., "role": ...}')
            return ()
        roles: list[ProviderRole] = []
        for index, item in enumerate(values):
            where = f"providers[{index}]"
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                r.problem(where, 'must be {"id": provider id, "role": funding|implementing|extending}')
                continue
            provider_id = self.context.resolve("provider", item["id"].strip())
            role = item.get("role", "funding")
            if role not in taxonomy.PROVIDER_ROLES:
                r.problem(f"{where}.role", f"{role!r} is not one of: "
                          f"{', '.join(taxonomy.PROVIDER_ROLES)}")
                continue
            if not self.known("providers", provider_id):
                r.problem(f"{where}.id", f"unknown provider {provider_id!r} (not in this input "
                          "nor in the database)")
                continue
            entry = ProviderRole(provider_id, role)
            if entry not in roles:
                roles.append(entry)
        return tuple(roles)

    def need(self, r: FieldReader) -> Need | None:
        r.check_unknown({"id", "country", "component", "title", "description", "priority",
                         "sequence", "start", "end", "estimated_cost", "status", "confidential",
                         "updated"})
        record_id = r.identifier()
        start, end = r.day("start"), r.day("end")
        r.period(start, end)
        return Need(
            id=self.context.resolve("need", record_id or ""),
            country=r.code("country", self.context.countries, "ISO 3166 alpha-3 country",
                           required=True),
            component=r.code("component", self.components, "component", required=True,
                             normalise=str.lower),
            title=r.text("title", required=True, limit="title"),
            description=r.text("description", default=""),
            priority=r.integer("priority", low=1, high=5, default=3),
            sequence=r.integer("sequence", low=0, high=10_000),
            start=start,
            end=end,
            estimated_cost=r.money("estimated_cost"),
            status=r.choice("status", taxonomy.NEED_STATUSES, default="open"),
            confidential=r.boolean("confidential"),
            updated=r.moment("updated"),
        )

    def capacity(self, r: FieldReader) -> Capacity | None:
        r.check_unknown({"id", "country", "component", "level", "description", "can_offer",
                         "updated"})
        return Capacity(
            id=r.identifier() or "",
            country=r.code("country", self.context.countries, "ISO 3166 alpha-3 country",
                           required=True),
            component=r.code("component", self.components, "component", required=True,
                             normalise=str.lower),
            level=r.choice("level", taxonomy.CAPACITY_LEVELS, default="basic"),
            description=r.text("description", default=""),
            can_offer=r.boolean("can_offer"),
            updated=r.moment("updated"),
        )

    def profile(self, r: FieldReader) -> Profile | None:
        r.check_unknown({"country", "focal_point", "competent_authority", "framework", "strategy",
                         "coordination_mechanism", "bch_node", "funding_need_short",
                         "funding_need_long", "updated"})
        return Profile(
            country=r.code("country", self.context.countries, "ISO 3166 alpha-3 country",
                           required=True),
            focal_point=r.boolean("focal_point"),
            competent_authority=r.boolean("competent_authority"),
            framework=r.choice("framework", taxonomy.FRAMEWORK_STAGES, default="none"),
            strategy=r.boolean("strategy"),
            coordination_mechanism=r.boolean("coordination_mechanism"),
            bch_node=r.boolean("bch_node"),
            funding_need_short=r.money("funding_need_short"),
            funding_need_long=r.money("funding_need_long"),
            updated=r.day("updated"),
        )

    def meeting(self, r: FieldReader) -> Meeting | None:
        r.check_unknown({"id", "title", "scope", "area", "host", "start", "end", "status",
                         "invitees", "agenda", "components", "outcome"})
        start, end = r.day("start"), r.day("end")
        r.period(start, end)
        scope = r.choice("scope", taxonomy.MEETING_SCOPES, required=True)
        if scope in ("region", "subregion"):
            area = r.code("area", self.context.regions, "M49 region", required=True,
                          normalise=str.strip)
        else:
            area = r.text("area", required=True, limit="name")
        invitees: list[Invitee] = []
        raw_invitees = r.get("invitees")
        if isinstance(raw_invitees, Mapping):
            reader = FieldReader(raw_invitees, r.source, r.record, r.problems)
            for code in reader.codes("countries", self.context.countries,
                                     "ISO 3166 alpha-3 country"):
                invitees.append(Invitee("country", code))
            for index, provider_id in enumerate(reader.texts("providers", limit="id")):
                provider_id = self.context.resolve("provider", provider_id)
                if self.known("providers", provider_id):
                    invitees.append(Invitee("provider", provider_id))
                else:
                    r.problem(f"invitees.providers[{index}]", f"unknown provider {provider_id!r}")
            r.failed = r.failed or reader.failed
        elif raw_invitees is not r.get("__absent__"):
            r.problem("invitees", 'must be {"countries": [...], "providers": [...]}')
        return Meeting(
            id=r.identifier() or "",
            title=r.text("title", required=True, limit="title"),
            scope=scope or "",
            area=area or "",
            host=r.code("host", self.context.countries, "ISO 3166 alpha-3 country"),
            start=start,
            end=end,
            status=r.choice("status", taxonomy.MEETING_STATUSES, default="proposed"),
            invitees=tuple(invitees),
            agenda=r.texts("agenda", limit="note"),
            components=r.codes("components", self.components, "component", normalise=str.lower),
            outcome=r.text("outcome"),
        )

    def partnership(self, r: FieldReader) -> Partnership | None:
        r.check_unknown({"id", "need", "provider", "initiative", "status", "origin", "meeting",
                         "score", "history"})
        refs = {}
        for name, plural in (("need", "needs"), ("provider", "providers"),
                             ("initiative", "initiatives"), ("meeting", "meetings")):
            value = r.text(name, limit="id", required=name == "need")
            if value is not None:
                value = self.context.resolve(name, value)
                if not self.known(plural, value):
                    r.problem(name, f"unknown {name} {value!r} (not in this input nor in the "
                              "database)")
            refs[name] = value
        if refs["provider"] is None and refs["initiative"] is None:
            r.problem("provider", "a partnership needs a provider or an initiative")
        history: list[PartnershipEvent] = []
        raw_history = r.get("history")
        if isinstance(raw_history, list):
            for index, item in enumerate(raw_history):
                where = f"history[{index}]"
                if not isinstance(item, Mapping) or item.get("status") not in \
                        taxonomy.PARTNERSHIP_STATUSES:
                    r.problem(where, "must be {status, at, note} with a partnership status")
                    continue
                at = r.moment(f"{where}.at", item.get("at"))
                if at is None:
                    if item.get("at") is None:
                        r.problem(f"{where}.at", "is required")
                    continue
                extra = FieldReader({f"{where}.note": item.get("note"),
                                     f"{where}.by": item.get("by")}, r.source, r.record,
                                    r.problems)
                note = extra.text(f"{where}.note", limit="note")
                by = extra.text(f"{where}.by", limit="name")
                r.failed = r.failed or extra.failed
                history.append(PartnershipEvent(item["status"], at, note, by))
        elif raw_history is not r.get("__absent__"):
            r.problem("history", "must be a list")
        return Partnership(
            id=r.identifier() or "",
            need=refs["need"] or "",
            status=r.choice("status", taxonomy.PARTNERSHIP_STATUSES, default="suggested"),
            provider=refs["provider"],
            initiative=refs["initiative"],
            origin=r.choice("origin", ("suggestion", "meeting", "manual"), default="manual"),
            meeting=refs["meeting"],
            score=r.number("score", low=0.0, high=1.0),
            history=tuple(history),
        )


def parse_document(document: Any, context: ReferenceContext, *, source: str = "input"
                   ) -> ParsedDocument:
    """Validate a whole document; return its records or raise InvalidInput with every problem."""
    validator = _Validator(source, context)
    if not isinstance(document, Mapping):
        raise InvalidInput(Problem(source, "", "", "the document must be a JSON object"))
    fmt = document.get("format", FORMAT)
    if fmt != FORMAT:
        raise InvalidInput(Problem(source, "", "format", f"{fmt!r} is not {FORMAT!r}"))
    unknown = [key for key in document if key not in (*RECORD_LISTS, "format")
               and not str(key).startswith("_")]
    for key in unknown:
        validator.problems.append(Problem(source, "", str(key), "unknown list; allowed: "
                                          + ", ".join(RECORD_LISTS)))
    validator.collect_ids(document)
    parsed = ParsedDocument(
        providers=validator.records(document, "providers", validator.provider),
        initiatives=validator.records(document, "initiatives", validator.initiative),
        needs=validator.records(document, "needs", validator.need),
        capacities=validator.records(document, "capacities", validator.capacity),
        profiles=validator.records(document, "profiles", validator.profile),
        meetings=validator.records(document, "meetings", validator.meeting),
        partnerships=validator.records(document, "partnerships", validator.partnership),
    )
    if validator.problems:
        raise InvalidInput(validator.problems)
    return parsed
