"""Importing and exporting records: formats detected, validated as a whole, written in one go."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Conflict, InvalidInput, Problem
from ..io.records import RECORD_LISTS, ParsedDocument, ReferenceContext, parse_document
from ..store.models import (
    CountryRow,
    InitiativeRow,
    MeetingRow,
    NeedRow,
    PartnershipRow,
    ProviderRow,
    RecordAliasRow,
    RegionRow,
)
from ..store.writer import WriteSummary, write_document

__all__ = ["FORMATS", "ImportResult", "detect_format", "reference_context", "read_document",
           "import_document", "import_path"]

FORMATS = ("json", "csv", "iati")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: counts per record type, and warnings about what was left out."""

    source: str
    format: str
    summary: WriteSummary
    warnings: tuple[Problem, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def total(self, what: str) -> int:
        """How many records were ``created``, ``updated`` or ``unchanged``."""
        return sum(counts[what] for counts in self.summary.values())


def detect_format(path: Path) -> str:
    """Guess the format from the file name, else from the first bytes of the file."""
    if path.is_dir():
        return "csv"
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".zip"):
        return "csv"
    if suffix == ".xml":
        return "iati"
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"<"):
        return "iati"
    return "csv"


def reference_context(session: Session) -> ReferenceContext:
    """Reference codes, stored ids and aliases, for validating an import against this database."""
    countries = set(session.scalars(select(CountryRow.alpha3)))
    regions = set(session.scalars(select(RegionRow.code)))
    # soft-deleted records cannot be referred to (an input may bring them back by including them)
    stored = {
        plural: set(session.scalars(select(model.id).where(model.deleted_at.is_(None))))
        for plural, model in (("providers", ProviderRow), ("initiatives", InitiativeRow),
                              ("needs", NeedRow), ("meetings", MeetingRow),
                              ("partnerships", PartnershipRow))
    }
    aliases = {(r.kind, r.alias): r.target_id for r in session.scalars(select(RecordAliasRow))}
    return ReferenceContext(countries=countries, regions=regions, stored_ids=stored,
                            aliases=aliases)


def read_document(session: Session, path: Path, fmt: str | None = None, *,
                  progress: bool = False) -> tuple[dict[str, Any], str, list[Problem]]:
    """Read a file of any supported format into a document; returns it, the format, warnings."""
    if not path.exists():
        raise InvalidInput(Problem(str(path), "", "", "no such file or directory"))
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InvalidInput(Problem(str(path), "", "", f"unknown format {fmt!r}; use one of "
                                   + ", ".join(FORMATS)))
    warnings: list[Problem] = []
    if fmt == "json":
        from ..io.json_format import read_json

        if path.is_dir():
            raise InvalidInput(Problem(str(path), "", "", "a JSON import is one file, not a folder"))
        document = read_json(path)
    elif fmt == "csv":
        from ..io.csv_format import read_csv_bundle

        document = read_csv_bundle(path)
    else:
        from ..io.iati_read import read_iati

        countries = {alpha2: alpha3 for alpha2, alpha3 in session.execute(
            select(CountryRow.alpha2, CountryRow.alpha3))}
        regions = set(session.scalars(select(RegionRow.code)))
        result = read_iati(path.read_bytes(), path.name, alpha2_to_alpha3=countries,
                           known_regions=regions, progress=progress)
        document = result.document
        warnings.extend(result.warnings)
        stored = set(session.scalars(select(ProviderRow.id)))
        # IATI only names organisations: never overwrite a provider record kept here
        document["providers"] = [p for p in document.get("providers", [])
                                 if p.get("id") not in stored]
    return document, fmt, warnings


def import_document(session: Session, document: Any, *, source: str, fmt: str = "json",
                    actor: str = "system", warnings: list[Problem] | None = None,
                    progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate a whole document and upsert it in the session's transaction.

    Raises InvalidInput listing every problem; then nothing has been written.
    """
    parsed: ParsedDocument = parse_document(document, reference_context(session), source=source)
    try:
        summary = write_document(session, parsed, actor=actor, progress=progress)
    except (StaleDataError, IntegrityError) as error:
        raise Conflict(f"{source}: records were changed by someone else while this import ran "
                       f"({type(error).__name__}); nothing was written: run it again") from None
    return ImportResult(source=source, format=fmt, summary=summary,
                        warnings=tuple(warnings or ()), extra={"records": parsed.count()})


def import_path(session: Session, path: Path, fmt: str | None = None, *, actor: str = "system",
                progress_factory: Callable[[int], Callable[[int], None] | None] | None = None
                ) -> ImportResult:
    """Import a JSON, CSV (file, folder or zip) or IATI XML file: all of it, or nothing."""
    document, fmt, warnings = read_document(session, path, fmt, progress=progress_factory is not None)
    total = sum(len(document.get(name) or []) for name in RECORD_LISTS
                if isinstance(document.get(name), list))
    progress = progress_factory(total) if progress_factory else None
    return import_document(session, document, source=path.name, fmt=fmt, actor=actor,
                           warnings=warnings, progress=progress)


def generated_now() -> datetime:
    """The current UTC time, for export headers."""
    return datetime.now(timezone.utc).replace(microsecond=0)
