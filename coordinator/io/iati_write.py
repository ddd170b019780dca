"""Export of a document's initiatives as an IATI 2.03 activity file.

The file is valid against the IATI 2.03 activity schema; what is written, and what cannot be
(needs, capacities, profiles, lessons), is described in ``docs/iati.md``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from coordinator.errors import InvalidInput, Problem
from coordinator.io import iati_codes as codes
from coordinator.taxonomy import COMPONENTS

__all__ = [
    "DEFAULT_REPORTING_ORG_NAME",
    "DEFAULT_REPORTING_ORG_REF",
    "IATI_VERSION",
    "exportable",
    "write_iati",
]

IATI_VERSION = "2.03"
#: A placeholder identifier for demonstrations; a real publisher passes its registered one.
DEFAULT_REPORTING_ORG_REF = "XI-CC-DEMO"
DEFAULT_REPORTING_ORG_NAME = "Capacity Coordinator (demonstration)"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_iati(
    document: dict,
    *,
    reporting_org_ref: str = DEFAULT_REPORTING_ORG_REF,
    reporting_org_name: str = DEFAULT_REPORTING_ORG_NAME,
    reporting_org_type: str = "40",
    generated: datetime,
    alpha3_to_alpha2: Mapping[str, str],
    language: str = "en",
) -> bytes:
    """The document's initiatives as IATI 2.03 ``iati-activities`` XML (UTF-8 bytes).

    Providers named by the initiatives are looked up in ``document["providers"]``;
    ``reporting_org_type`` is an IATI OrganisationType code (40 Multilateral by default, as for
    a treaty secretariat); ``generated`` stamps the file and decides whether a past date is
    written as actual or planned. Raises :class:`InvalidInput` naming every initiative that
    IATI cannot represent (no date at all, a country without an alpha-2 code).
    """
    providers = {p["id"]: p for p in document.get("providers", []) if "id" in p}
    initiatives = document.get("initiatives", [])
    problems = [p for i in initiatives for p in _problems(i, alpha3_to_alpha2)]
    if problems:
        raise InvalidInput(problems)
    root = etree.Element("iati-activities", {
        "version": IATI_VERSION,
        "generated-datetime": generated.isoformat(timespec="seconds"),
    })
    reporting = (reporting_org_ref, reporting_org_name, reporting_org_type)
    table = codes.load_sector_components()
    for initiative in initiatives:
        root.append(_activity(initiative, providers, reporting, generated.date(),
                              alpha3_to_alpha2, table, language))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def exportable(
    document: dict, *, alpha3_to_alpha2: Mapping[str, str]
) -> tuple[dict, list[Problem]]:
    """The document without the initiatives IATI cannot represent, and a problem for each one
    left out; for callers that would rather export the rest than refuse the whole file."""
    kept, problems = [], []
    for initiative in document.get("initiatives", []):
        found = _problems(initiative, alpha3_to_alpha2)
        problems.extend(found)
        if not found:
            kept.append(initiative)
    return {**document, "initiatives": kept}, problems


def _problems(initiative: dict, alpha3_to_alpha2: Mapping[str, str]) -> list[Problem]:
    record = f"initiative {initiative.get('id', '?')}"
    problems = []
    if not initiative.get("start") and not initiative.get("end"):
        problems.append(Problem("", record, "start", "IATI needs at least one activity date: "
                                                     "give the initiative a start or end date"))
    for country in initiative.get("recipient_countries", []):
        if country not in alpha3_to_alpha2:
            problems.append(Problem("", record, "recipient_countries",
                                    f"country {country!r} has no ISO alpha-2 code"))
    return problems


def _child(parent: etree._Element, tag: str, attributes: dict | None = None,
           text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in (attributes or {}).items() if v})
    if text is not None:
        etree.SubElement(element, "narrative").text = text
    return element


def _shares(count: int) -> list[str]:
    """``count`` percentages that add up to exactly 100 (an even split); none for 0."""
    if not count:
        return []
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    last = Decimal(100) - base * (count - 1)
    return [_decimal(base)] * (count - 1) + [_decimal(last)]


def _iso(value: object) -> str:
    """A date of the document ("YYYY-MM-DD", or a date) as an ISO date string; "" if none."""
    return str(value)[:10] if value else ""


def _decimal(value: Decimal | float) -> str:
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _activity(
    initiative: dict,
    providers: Mapping[str, dict],
    reporting: tuple[str, str, str],
    today: date,
    alpha3_to_alpha2: Mapping[str, str],
    table: Mapping[str, tuple[str, ...]],
    language: str,
) -> etree._Element:
    budget = initiative.get("budget") or {}
    activity = etree.Element("iati-activity", {_XML_LANG: language})
    if budget.get("currency"):
        activity.set("default-currency", budget["currency"])
    if initiative.get("updated"):
        updated = datetime.fromisoformat(str(initiative["updated"]))
        activity.set("last-updated-datetime", updated.isoformat(timespec="seconds"))
    _child(activity, "iati-identifier").text = initiative["id"]
    reporting_ref, reporting_name, reporting_type = reporting
    _child(activity, "reporting-org", {"ref": reporting_ref, "type": reporting_type},
           reporting_name)
    title = initiative.get("title") or initiative["id"]
    _child(activity, "title", text=title)
    _child(activity, "description", {"type": "1"},
           initiative.get("description") or title)
    _participants(activity, initiative, providers, reporting)
    status = initiative.get("status") or "planned"
    _child(activity, "activity-status", {"code": codes.STATUS_CODE[status]})
    _dates(activity, initiative, status, today)
    _areas(activity, initiative, alpha3_to_alpha2)
    _sectors(activity, initiative, table)
    start, end = _iso(initiative.get("start")), _iso(initiative.get("end"))
    if budget and start and end:
        entry = _child(activity, "budget", {"type": "1"})
        _child(entry, "period-start", {"iso-date": start})
        _child(entry, "period-end", {"iso-date": end})
        _child(entry, "value", {"value-date": start}).text = _decimal(budget["amount"])
    return activity


def _participants(activity: etree._Element, initiative: dict, providers: Mapping[str, dict],
                  reporting: tuple[str, str, str]) -> None:
    links = initiative.get("providers") or []
    for link in links:
        provider = providers.get(link["id"], {})
        attributes = {
            "ref": link["id"],
            "type": codes.ORGANISATION_TYPE_OF_KIND.get(provider.get("kind", "")),
            "role": codes.ROLE_CODE[link["role"]],
        }
        _child(activity, "participating-org", attributes, provider.get("name"))
    if not links:
        # IATI requires a participating organisation; the reporting organisation stands in,
        # as Accountable, which the importer does not read as a provider.
        ref, name, type_code = reporting
        _child(activity, "participating-org", {"ref": ref, "type": type_code, "role": "2"}, name)


def _dates(activity: etree._Element, initiative: dict, status: str, today: date) -> None:
    started = status in ("ongoing", "completed")
    for end, planned, actual, is_actual in (
        ("start", "1", "2", started),
        ("end", "3", "4", status == "completed"),
    ):
        value = _iso(initiative.get(end))
        if value:
            past = date.fromisoformat(value) <= today
            _child(activity, "activity-date",
                   {"type": actual if is_actual and past else planned, "iso-date": value})


def _areas(activity: etree._Element, initiative: dict,
           alpha3_to_alpha2: Mapping[str, str]) -> None:
    countries = list(dict.fromkeys(initiative.get("recipient_countries") or []))
    regions = list(dict.fromkeys(initiative.get("recipient_regions") or []))
    shares = iter(_shares(len(countries) + len(regions)))
    for country in countries:
        _child(activity, "recipient-country",
               {"code": alpha3_to_alpha2[country], "percentage": next(shares)})
    for region in regions:
        _child(activity, "recipient-region",
               {"code": region, "vocabulary": "2", "percentage": next(shares)})


def _sectors(activity: etree._Element, initiative: dict,
             table: Mapping[str, tuple[str, ...]]) -> None:
    components = [c for c in COMPONENTS if c in set(initiative.get("components") or [])]
    for component, share in zip(components, _shares(len(components)), strict=True):
        _child(activity, "sector", {
            "vocabulary": codes.COMPONENT_VOCABULARY,
            "vocabulary-uri": codes.COMPONENT_VOCABULARY_URI,
            "code": component,
            "percentage": share,
        }, COMPONENTS[component])
    dac: Sequence[str] = codes.dac_codes_for_components(components, table)
    unmapped = [c for c in initiative.get("unmapped_sectors") or []
                if c.isdigit() and len(c) == 5 and c not in dac]
    dac = [*dac, *dict.fromkeys(unmapped)]
    for code, share in zip(dac, _shares(len(dac)), strict=True):
        _child(activity, "sector", {"vocabulary": "1", "code": code, "percentage": share})
