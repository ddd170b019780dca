"""CSV import and export: one file per record type (or a zip of them), documented in docs/csv.md.

:func:`read_csv_bundle` turns a directory, a single ``.csv`` file or a ``.zip`` into a
``capacity-coordinator/1`` document of plain values, checking only the files' structure (the
validator checks the values); :func:`write_csv_bundle` writes a document back, and reading what
it wrote gives the same document. This module finds the files; ``csv_read`` reads one,
``csv_write`` writes them and ``csv_columns`` says what each column holds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from coordinator.errors import InvalidInput, Problem
from coordinator.io.csv_columns import RECORD_TYPES, columns, required_columns
from coordinator.io.csv_read import MAX_CELL_CHARS, read_csv_text
from coordinator.io.csv_write import write_csv_bundle

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "RECORD_TYPES",
    "columns",
    "read_csv_bundle",
    "required_columns",
    "write_csv_bundle",
]

FORMAT = "capacity-coordinator/1"

#: The largest file (or zip member, uncompressed) accepted, in bytes.
#: Compression methods the standard library's zipfile can read.
_READABLE_COMPRESSION = frozenset(
    getattr(zipfile, name) for name in ("ZIP_STORED", "ZIP_DEFLATED", "ZIP_BZIP2", "ZIP_LZMA")
    if hasattr(zipfile, name)
)
MAX_FILE_BYTES = 256 * 1024 * 1024
#: The most bytes all members of one zip may hold together, uncompressed.
MAX_ZIP_BYTES = 1024 * 1024 * 1024

# What macOS adds to the zips it makes; never data.
_ZIP_JUNK_DIRS = ("__MACOSX/",)
_ZIP_JUNK_FILES = (".DS_Store",)


def read_csv_bundle(path: Path) -> dict:
    """Read a directory of CSV files, one ``.csv`` file or a ``.zip`` of them into a document.

    Returns ``{"format": "capacity-coordinator/1", "<type>": [record, ...], ...}`` with a list
    for each record type that had a file; every record carries ``"_source": "<file>:<line>"``
    (the physical line its row starts on; the header is line 1). Raises
    :class:`~coordinator.errors.InvalidInput` with every structural problem found.
    """
    path = Path(path)
    problems: list[Problem] = []
    if path.is_dir():
        sources = _directory_sources(path, problems)
    elif path.suffix.lower() == ".zip" and path.is_file():
        sources = _zip_sources(path, problems)
    elif path.suffix.lower() == ".csv" and path.is_file():
        sources = _file_sources([path], problems)
    elif not path.exists():
        raise InvalidInput(Problem(str(path), "", "", "no such file or directory"))
    else:
        raise InvalidInput(
            Problem(path.name, "", "", "expected a directory, a .csv file or a .zip of .csv files")
        )
    document: dict = {"format": FORMAT}
    found: dict[str, list[dict]] = {}
    for name, data in sources:
        record_type, records = read_csv_text(name, data, problems)
        if record_type is not None:
            found.setdefault(record_type, []).extend(records)
    if problems:
        raise InvalidInput(problems)
    for record_type in RECORD_TYPES:
        if record_type in found:
            document[record_type] = found[record_type]
    return document


def _directory_sources(directory: Path, problems: list[Problem]) -> list[tuple[str, bytes]]:
    paths = sorted(
        path
        for path in directory.iterdir()
        if path.is_file() and path.suffix.lower() == ".csv" and not path.name.startswith(".")
    )
    if not paths:
        problems.append(Problem(directory.name, "", "", "the directory has no .csv files"))
    return _file_sources(paths, problems)


def _file_sources(paths: list[Path], problems: list[Problem]) -> list[tuple[str, bytes]]:
    sources = []
    for path in paths:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(_too_large(path.name))
        else:
            sources.append((path.name, path.read_bytes()))
    return sources


def _too_large(name: str) -> Problem:
    return Problem(name, "", "", f"the file is larger than the limit of {MAX_FILE_BYTES} bytes")


def _zip_sources(path: Path, problems: list[Problem]) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        problems.append(Problem(path.name, "", "", f"not a readable zip archive: {error}"))
        return []
    sources = []
    total = 0
    with archive:
        for member in archive.infolist():
            member_name = member.filename
            if member.is_dir() or _is_zip_junk(member_name):
                continue
            problem = _member_name_problem(member_name)
            if not problem and not member_name.lower().endswith(".csv"):
                problem = "the zip may hold only .csv files, one per record type"
            if not problem and member.flag_bits & 0x1:
                problem = "it is encrypted; encrypted members cannot be read"
            if not problem and member.compress_type not in _READABLE_COMPRESSION:
                problem = (f"it uses compression method {member.compress_type}, which cannot be "
                           "read; save the zip with ordinary (deflate) compression")
            if problem:
                problems.append(Problem(path.name, "", "", f"member {member_name!r}: {problem}"))
                continue
            if member.file_size > MAX_FILE_BYTES:
                problems.append(_too_large(member_name))
                continue
            try:
                with archive.open(member) as stream:
                    data = stream.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError) as error:
                message = f"member {member_name!r} cannot be read: {error}"
                problems.append(Problem(path.name, "", "", message))
                continue
            if len(data) > MAX_FILE_BYTES:
                problems.append(_too_large(member_name))
                continue
            total += len(data)
            if total > MAX_ZIP_BYTES:
                message = f"the zip holds more than {MAX_ZIP_BYTES} bytes of CSV"
                problems.append(Problem(path.name, "", "", message))
                return []
            sources.append((member_name, data))
    if not sources and not problems:
        problems.append(Problem(path.name, "", "", "the zip has no .csv files"))
    return sorted(sources, key=lambda source: source[0])


def _is_zip_junk(member_name: str) -> bool:
    return member_name.startswith(_ZIP_JUNK_DIRS) or (
        PurePosixPath(member_name).name in _ZIP_JUNK_FILES
    )


def _member_name_problem(member_name: str) -> str | None:
    """Why a zip member's name is unsafe (it could point outside the archive), or None."""
    if "\\" in member_name or "\x00" in member_name:
        return "its name has a backslash or NUL, which could point outside the archive"
    if member_name.startswith("/") or (len(member_name) > 1 and member_name[1] == ":"):
        return "its name is an absolute path, which could point outside the archive"
    if ".." in PurePosixPath(member_name).parts:
        return "its name contains '..', which could point outside the archive"
    return None
