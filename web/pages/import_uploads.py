"""Uploaded files waiting to be imported, and the dry run that says what they would do.

An upload is kept in ``<instance>/uploads/<random token>/`` (the file keeps its own, made safe,
name there, because CSV files are recognised by it) with a small ``upload.json`` saying who
sent it, when, and in which format. It is removed once committed or discarded, and any upload
older than a day is removed whenever the import pages are used.

The dry run validates and writes the whole document in the request's transaction, then rolls
it back: the counts of what would be created, updated or left unchanged are exactly those of
the real import, and nothing is kept.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.services.records import FORMATS, import_document, read_document

__all__ = [
    "KEEP_FOR",
    "ACCEPTED_SUFFIXES",
    "Upload",
    "ImportReport",
    "ProblemRow",
    "upload_folder",
    "store_upload",
    "load_upload",
    "discard_upload",
    "remove_stale",
    "dry_run",
    "commit_upload",
    "problem_rows",
]

#: How long an upload waits for its commit.
KEEP_FOR = timedelta(days=1)
ACCEPTED_SUFFIXES = (".json", ".csv", ".zip", ".xml")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_META = "upload.json"
_LINE = re.compile(r"^(.*):(\d+)$")


@dataclass(frozen=True)
class Upload:
    """One upload waiting: where it is, what it was called, its format, who sent it, when."""

    token: str
    folder: Path
    names: tuple[str, ...]
    format: str | None
    by: str
    at: datetime

    @property
    def path(self) -> Path:
        """What the importer reads: the file, or the folder of several CSV files."""
        return self.folder / self.names[0] if len(self.names) == 1 else self.folder / "files"

    @property
    def label(self) -> str:
        """The file names, for people."""
        return ", ".join(self.names)


@dataclass(frozen=True)
class ProblemRow:
    """A problem as the report shows it: file, line, record, field, what is wrong."""

    file: str
    line: str
    record: str
    field: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    """What importing an upload would do (or did): counts, or every problem; and warnings."""

    format: str
    problems: tuple[Problem, ...] = ()
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when the upload can be imported."""
        return not self.problems

    def total(self, what: str) -> int:
        """How many records would be ``created``, ``updated`` or ``unchanged``."""
        return sum(counts.get(what, 0) for counts in self.summary.values())

    @property
    def rows(self) -> list[tuple[str, dict[str, int]]]:
        """Record types with at least one record, and their counts."""
        return [(kind, counts) for kind, counts in self.summary.items() if any(counts.values())]


def upload_folder() -> Path:
    """Where uploads wait: ``UPLOAD_FOLDER``, else ``<INSTANCE_PATH or instance>/uploads``."""
    configured = current_app.config.get("UPLOAD_FOLDER")
    if configured:
        return Path(configured)
    return Path(os.environ.get("INSTANCE_PATH", "instance")) / "uploads"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def remove_stale(now: datetime | None = None) -> int:
    """Remove uploads older than :data:`KEEP_FOR` (or unreadable); returns how many."""
    root = upload_folder()
    if not root.is_dir():
        return 0
    limit = (now or _now()) - KEEP_FOR
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir() or not _TOKEN.fullmatch(folder.name):
            continue
        try:
            at = datetime.fromisoformat(json.loads((folder / _META).read_text())["at"])
        except (OSError, ValueError, KeyError, TypeError):
            at = datetime.fromtimestamp(folder.stat().st_mtime, UTC)
        if at < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def store_upload(files: Sequence[FileStorage], fmt: str | None, by: str) -> Upload:
    """Keep the uploaded file (or several CSV files) under a new random name."""
    chosen = [f for f in files if f and f.filename]
    if not chosen:
        raise InvalidInput(Problem("upload", "", "file", "choose a file to upload"))
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput(Problem("upload", "", "format", f"one of {', '.join(FORMATS)}"))
    names = []
    for item in chosen:
        name = secure_filename(item.filename or "") or "upload"
        if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise InvalidInput(Problem(item.filename or "upload", "", "file",
                                       "upload a .json, .csv, .zip or IATI .xml file"))
        names.append(name)
    if len(chosen) > 1 and any(not n.lower().endswith(".csv") for n in names):
        raise InvalidInput(Problem("upload", "", "file",
                                   "several files at once must all be .csv files"))
    if len(set(names)) != len(names):
        raise InvalidInput(Problem("upload", "", "file", "two files have the same name"))
    token = secrets.token_urlsafe(16)
    folder = upload_folder() / token
    target = folder if len(chosen) == 1 else folder / "files"
    target.mkdir(parents=True, mode=0o700)
    for item, name in zip(chosen, names, strict=True):
        item.save(target / name)
    at = _now()
    (folder / _META).write_text(json.dumps({"names": names, "format": fmt, "by": by,
                                            "at": at.isoformat()}))
    return Upload(token, folder, tuple(names), fmt, by, at)


def load_upload(token: str) -> Upload:
    """The upload ``token`` names; NotFound when it is unknown, removed or expired."""
    folder = upload_folder() / token
    if not _TOKEN.fullmatch(token) or not (folder / _META).is_file():
        raise NotFound("no such upload: it was committed, discarded or kept for more than a "
                       "day; upload the file again")
    meta: dict[str, Any] = json.loads((folder / _META).read_text())
    return Upload(token, folder, tuple(meta["names"]), meta.get("format"), meta.get("by", ""),
                  datetime.fromisoformat(meta["at"]))


def discard_upload(upload: Upload) -> None:
    """Remove the upload and its folder."""
    shutil.rmtree(upload.folder, ignore_errors=True)


def _import(session: Session, upload: Upload, actor: str) -> ImportReport:
    fmt = upload.format
    try:
        document, fmt, warnings = read_document(session, upload.path, fmt)
        result = import_document(session, document, source=upload.label, fmt=fmt,
                                 actor=actor, warnings=warnings)
    except InvalidInput as error:
        session.rollback()
        return ImportReport(fmt or "", tuple(error.problems))
    return ImportReport(result.format, (), {k: dict(v) for k, v in result.summary.items()},
                        tuple(result.warnings))


def dry_run(session: Session, upload: Upload, actor: str) -> ImportReport:
    """What importing ``upload`` would do, found by importing it and rolling back."""
    try:
        return _import(session, upload, actor)
    finally:
        session.rollback()


def commit_upload(session: Session, upload: Upload, actor: str) -> ImportReport:
    """Import ``upload`` for good (all of it or nothing), then remove it."""
    report = _import(session, upload, actor)
    if not report.valid:
        return report
    session.commit()
    discard_upload(upload)
    return report


def problem_rows(problems: Sequence[Problem]) -> list[ProblemRow]:
    """Problems split into file and line (``needs.csv:14`` -> ``needs.csv``, ``14``)."""
    rows = []
    for problem in problems:
        found = _LINE.match(problem.source or "")
        file, line = (found.group(1), found.group(2)) if found else (problem.source, "")
        rows.append(ProblemRow(file, line, problem.record, problem.field, problem.message))
    return rows
