"""Import of IATI activity XML (2.0x, and the older 1.0x) into a capacity-coordinator/1 document.

The reader takes what it can from real publisher files and reports the rest, one
:class:`~coordinator.errors.Problem` per thing skipped, guessed or not mapped; what it reads and
how it maps codes is described in ``docs/iati.md``. It is a pure function: no database; the
caller validates the document and imports it in one transaction.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pycountry
from lxml import etree
from tqdm import tqdm

from coordinator.errors import InvalidInput, Problem
from coordinator.io import iati_codes as codes
from coordinator.io.fields import LIMITS
from coordinator.io.iati_activity import (
    Activity,
    clean,
    read_budget,
    read_dates,
    read_description,
    read_status,
    slug,
)
from coordinator.taxonomy import COMPONENTS, expand_component

__all__ = ["IatiImport", "read_iati"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE_REJECTED = (
    "a DOCTYPE declaration (a DTD or entities) at line {}: IATI files have none, and files "
    "that declare one are rejected"
)


@dataclass(frozen=True)
class IatiImport:
    """The result of reading one IATI file.

    ``document`` is a capacity-coordinator/1 document with ``providers`` and ``initiatives``;
    ``warnings`` lists what was skipped, guessed or not mapped; ``activity_count`` is the number
    of ``iati-activity`` elements in the file (imported or not).
    """

    document: dict
    warnings: list[Problem]
    activity_count: int


def read_iati(
    data: bytes,
    source: str,
    *,
    alpha2_to_alpha3: Mapping[str, str],
    known_regions: Collection[str],
    progress: bool = False,
) -> IatiImport:
    """Read an IATI activity file into a document of providers and initiatives.

    ``source`` names the file in every ``_source`` and warning (``source:line``);
    ``alpha2_to_alpha3`` and ``known_regions`` are the countries and M49 areas the database
    knows. Raises :class:`InvalidInput` when the file is not well-formed XML (or not decodable
    as declared), declares a DOCTYPE, or is not an IATI activity file. With ``progress``, a
    progress bar over the activities goes to stderr.
    """
    root = _parse(data, source)
    warnings: list[Problem] = []
    if root.tag == "iati-activity":
        activities = [root]
        warnings.append(Problem(
            f"{source}:{root.sourceline}", "", "iati-activities",
            "the root element is a single <iati-activity>, not <iati-activities>: "
            "read as a file of one activity",
        ))
    else:
        activities = list(root.iterchildren("iati-activity"))
        if not activities:
            warnings.append(Problem(f"{source}:{root.sourceline}", "", "iati-activities",
                                    "the file holds no iati-activity"))
    reader = _Reader(source, alpha2_to_alpha3, frozenset(known_regions), warnings)
    bar = tqdm(activities, desc=f"IATI {source}", unit="activity", file=sys.stderr,
               disable=not progress)
    for number, activity in enumerate(bar, start=1):
        reader.read_activity(activity, number, root.get(_XML_LANG) or "")
    document = {
        "format": "capacity-coordinator/1",
        "providers": list(reader.providers.values()),
        "initiatives": reader.initiatives,
    }
    return IatiImport(document, warnings, len(activities))


def _doctype_line(data: bytes) -> int | None:
    """The line of a DOCTYPE declaration in the prolog of ``data``, if there is one."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while position < len(data):
        if data[position:position + 1].isspace():
            position += 1
        elif data.startswith((b"<?", b"<!--"), position):
            close = b"?>" if data.startswith(b"<?", position) else b"-->"
            end = data.find(close, position)
            if end < 0:
                return None
            position = end + len(close)
        else:
            break
    if data.startswith(b"<!DOCTYPE", position):
        return data[:position].count(b"\n") + 1
    return None


def _parse(data: bytes, source: str) -> etree._Element:
    """The root of ``data``, parsed without DTD, entity expansion or network."""
    line = _doctype_line(data)
    if line is not None:
        raise InvalidInput(Problem(f"{source}:{line}", "", "", _DOCTYPE_REJECTED.format(line)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(Problem(f"{source}:{exc.lineno or 1}", "", "",
                                   f"not well-formed XML: {exc.msg}")) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise InvalidInput(Problem(f"{source}:1", "", "", _DOCTYPE_REJECTED.format(1)))
    if root.tag not in ("iati-activities", "iati-activity"):
        raise InvalidInput(Problem(
            f"{source}:{root.sourceline}", "", "",
            f"the root element is <{root.tag}>, not <iati-activities>: not an IATI activity file",
        ))
    return root


class _Reader:
    """Reads activities one by one, collecting initiatives and the providers they name."""

    def __init__(self, source: str, alpha2_to_alpha3: Mapping[str, str],
                 known_regions: frozenset[str], warnings: list[Problem]):
        self.source, self.warnings, self.known_regions = source, warnings, known_regions
        self.alpha2_to_alpha3 = {k.upper(): v for k, v in alpha2_to_alpha3.items()}
        self.alpha3s = frozenset(self.alpha2_to_alpha3.values())
        self.sector_table = codes.load_sector_components()
        self.region_table = codes.load_region_m49()
        self.providers: dict[str, dict] = {}
        self.initiatives: list[dict] = []
        self.lines: dict[str, int] = {}

    def read_activity(self, element: etree._Element, number: int, file_lang: str) -> None:
        lang = element.get(_XML_LANG) or file_lang
        act = Activity(self.source, element, f"activity #{number}", lang, self.warnings)
        ident = self._identifier(act)
        if ident is None:
            return
        if len(ident) > LIMITS["id"]:
            act.warn(element, "iati-identifier", f"longer than {LIMITS['id']} characters: "
                                                 "activity skipped")
            return
        if ident in self.lines:
            act.warn(element, "iati-identifier",
                     f"{ident!r} was already read at line {self.lines[ident]}: activity skipped")
            return
        titles = list(element.iterchildren("title"))
        title = next(iter(act.texts(titles)), "")
        if not title:
            act.warn(titles[0] if titles else element, "title", "no title: activity skipped")
            return
        self.lines[ident] = element.sourceline
        countries = self._countries(act)
        initiative: dict = {
            "id": ident,
            "title": act.fit(titles[0], "title", title, "title"),
            "description": act.fit(element, "description", read_description(act), "text"),
            "providers": self._participants(act, countries),
            "recipient_countries": countries,
            "recipient_regions": self._regions(act),
        }
        initiative["components"], unmapped = self._sectors(act)
        if unmapped:
            initiative["unmapped_sectors"] = unmapped
        budget = read_budget(act)
        initiative.update({"budget": budget} if budget else {})
        initiative.update(read_dates(act))
        status = read_status(act)
        initiative.update({"status": status} if status else {})
        initiative["_source"] = act.where(element)
        self.initiatives.append(initiative)

    def _identifier(self, act: Activity) -> str | None:
        found = act.element.find("iati-identifier")
        if found is not None and (found.text or "").strip():
            ident = act.unquote(found, "iati-identifier", found.text.strip())
            if ident:
                act.record = f"initiative {ident}"
                return ident
        for other in act.element.iterchildren("other-identifier"):
            value = act.unquote(other, "other-identifier",
                                (other.get("ref") or other.text or "").strip())
            if not value:
                continue
            owner_org, reporting = other.find("owner-org"), act.element.find("reporting-org")
            refs = [other.get("owner-ref")] + [e.get("ref") for e in (owner_org, reporting)
                                               if e is not None]
            names = [other.get("owner-name")] + [act.text(e) for e in (owner_org, reporting)
                                                 if e is not None]
            owner = next((r.strip() for r in refs if r and r.strip()), "") or next(
                (slug(n) for n in names if clean(n)), "")
            ident = f"{owner}-{value}" if owner else value
            act.record = f"initiative {ident}"
            act.warn(other, "iati-identifier",
                     f"no iati-identifier: the id {ident!r} is built from other-identifier "
                     f"{value!r}")
            return ident
        act.warn(act.element, "iati-identifier",
                 "no iati-identifier and no other-identifier: activity skipped")
        return None

    def _countries(self, act: Activity) -> list[str]:
        found: list[str] = []
        for element in act.element.iterchildren("recipient-country"):
            raw, name = (element.get("code") or "").strip(), act.text(element)
            code, alpha3, message = raw.upper(), None, ""
            if code in self.alpha2_to_alpha3:
                alpha3 = self.alpha2_to_alpha3[code]
            elif code in self.alpha3s:
                alpha3 = code
                message = f"code {raw!r} is alpha-3, not the alpha-2 IATI asks for: read as {code}"
            elif code:
                named = f" ({name})" if name else ""
                message = f"unknown country code {raw!r}{named}: left out"
            elif name:
                alpha3 = self._country_named(name)
                message = (f"the name {name!r} in place of a code: read as {alpha3}" if alpha3
                           else f"{name!r} has no code and names no known country: left out")
            if message:
                act.warn(element, "recipient-country", message)
            if alpha3 and alpha3 not in found:
                found.append(alpha3)
        return found

    def _country_named(self, name: str) -> str | None:
        try:
            return self.alpha2_to_alpha3.get(pycountry.countries.lookup(name).alpha_2)
        except LookupError:
            return None

    def _regions(self, act: Activity) -> list[str]:
        found: list[str] = []
        for element in act.element.iterchildren("recipient-region"):
            code, name = (element.get("code") or "").strip(), act.text(element)
            vocabulary = (element.get("vocabulary") or "1").strip().upper()
            if not code:
                if name:
                    act.warn(element, "recipient-region", f"{name!r} has no code: left out")
                continue
            if vocabulary in ("1", "DAC"):
                m49 = self.region_table.get(code.lstrip("0"), ())
                if not m49:
                    act.warn(element, "recipient-region",
                             f"DAC region {code} has no clear UN M49 equivalent: left out")
            elif vocabulary in ("2", "UN") and code.isdigit() and len(code) <= 3:
                m49 = (code.zfill(3),)
            else:
                act.warn(element, "recipient-region", f"region {code!r} of vocabulary "
                         f"{vocabulary!r} (neither DAC 1 nor UN M49 2): left out")
                continue
            for area in m49:
                if area not in self.known_regions:
                    act.warn(element, "recipient-region",
                             f"M49 area {area} (region {code}) is not a known region: left out")
                elif area not in found:
                    found.append(area)
        return found

    def _sectors(self, act: Activity) -> tuple[list[str], list[str]]:
        components: list[str] = []
        unmapped: dict[str, etree._Element] = {}
        # IATI 2.0x lets a publisher give sectors in the transactions instead of the activity.
        elements = list(act.element.iterchildren("sector")) or [
            s for t in act.element.iterchildren("transaction") for s in t.iterchildren("sector")]
        for element in elements:
            vocabulary = codes.sector_vocabulary(element.get("vocabulary"))
            code = (element.get("code") or element.get("ref") or "").strip()
            name = act.text(element)
            if not code and vocabulary == "1" and re.fullmatch(r"\d{5}", name):
                code = name
            if not code:
                if name:
                    act.warn(element, "sector", f"the name {name!r} in place of a code: "
                                                "not mapped")
            elif (vocabulary in ("98", "99")
                  and element.get("vocabulary-uri") == codes.COMPONENT_VOCABULARY_URI):
                if code in COMPONENTS or code == "a":
                    components.extend(expand_component(code))
                else:
                    act.warn(element, "sector", f"{code!r} is not an Action Plan component")
            elif vocabulary == "1" and code in self.sector_table:
                components.extend(self.sector_table[code])
            else:
                unmapped.setdefault(code if vocabulary == "1" else f"{vocabulary}:{code}", element)
        if unmapped:
            act.warn(next(iter(unmapped.values())), "sector",
                     f"{len(unmapped)} sector code(s) not mapped to a component, kept in "
                     f"unmapped_sectors: {', '.join(unmapped)}")
        elif not elements:
            act.warn(act.element, "sector", "no sector: no component")
        return [c for c in COMPONENTS if c in components], list(unmapped)

    def _participants(self, act: Activity, countries: list[str]) -> list[dict]:
        links: list[dict] = []
        for element in act.element.iterchildren("participating-org"):
            raw_role, name = (element.get("role") or "").strip(), act.text(element)
            ref = act.unquote(element, "participating-org", (element.get("ref") or "").strip())
            code, exact = codes.ROLES.read(raw_role)
            role, label = codes.ROLE_OF_CODE.get(code or ""), name or ref
            if not label:
                message = (f"an organisation (role {raw_role!r}) with neither ref nor name: "
                           "left out")
            elif code is None:
                message = (f"{label!r} has the role {raw_role!r}, not an IATI organisation "
                           "role: not linked")
            elif role is None:
                message = f"{label!r} is Accountable, which is not a provider role: not linked"
            else:
                message = "" if exact else (f"{label!r}: role {raw_role!r} read as "
                                            f"{codes.ROLES.names[code]}")
            if message:
                act.warn(element, "participating-org", message)
            if not label or role is None:
                continue
            provider = ref or f"iati-org-{slug(name)}"
            if len(provider) > LIMITS["id"]:
                act.warn(element, "participating-org", f"ref longer than {LIMITS['id']} "
                                                       "characters: not linked")
                continue
            if provider not in self.providers:
                self._add_provider(act, element, provider, name, ref, role, countries)
            if {"id": provider, "role": role} not in links:
                links.append({"id": provider, "role": role})
        return links

    def _add_provider(self, act: Activity, element: etree._Element, provider: str, name: str,
                      ref: str, role: str, countries: list[str]) -> None:
        raw_type = (element.get("type") or "").strip()
        type_code, exact = codes.ORGANISATION_TYPES.read(raw_type)
        country = codes.organisation_country(ref, self.alpha2_to_alpha3)
        kind = codes.provider_kind(type_code, name=name, ref=ref, roles=[role], country=country,
                                   recipient_countries=countries)
        label = name or ref
        if kind is None:
            kind = "other_stakeholder"
            what = f"the unknown organisation type {raw_type!r}" if raw_type else "no type"
            act.warn(element, "participating-org",
                     f"{label!r} has {what}: provider kind set to other_stakeholder")
        elif type_code and not exact:
            act.warn(element, "participating-org", f"{label!r}: organisation type {raw_type!r} "
                     f"read as {codes.ORGANISATION_TYPES.names[type_code]} ({kind})")
        record = {"id": provider, "name": act.fit(element, "participating-org", label, "name"),
                  "kind": kind}
        record.update({"country": country} if country else {})
        record["_source"] = act.where(element)
        self.providers[provider] = record
