"""Reading one CSV file's bytes into records of a ``capacity-coordinator/1`` document.

Only the structure is checked here: encoding, header, cell counts, cell size. Values (codes,
ranges, dates) are left to the validator, so a cell that does not convert stays the text it was,
and the validator names it with the record's ``_source`` (``needs.csv:14``).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from coordinator.errors import Problem
from coordinator.io.csv_columns import (
    BOOL,
    CODE,
    FIELDS,
    HISTORY,
    INT,
    INVITEES,
    LIST,
    MONEY,
    NUMBER,
    RECORD_NAMES,
    RECORD_TYPES,
    ROLES,
    TEXT,
    Field,
    columns,
    parse_bool,
    parse_history,
    parse_int,
    parse_number,
    parse_roles,
    record_type_for_file_name,
    record_types_for_header,
    required_columns,
    split_list,
    unguard_cell,
)

__all__ = ["MAX_CELL_CHARS", "read_csv_text"]

#: The longest cell accepted, in characters.
MAX_CELL_CHARS = 1_048_576
# csv.field_size_limit is process-wide: set it only while parsing and restore it afterwards.
_FIELD_LIMIT_LOCK = threading.Lock()


def read_csv_text(name: str, data: bytes, problems: list[Problem]) -> tuple[str | None, list[dict]]:
    """The record type and records of one CSV file's bytes; problems are appended to
    ``problems`` (the type is ``None`` when the file cannot be read at all)."""
    text = _decode(name, data, problems)
    if text is None:
        return None, []
    with _cell_size_limit():
        reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        rows = _rows_with_lines(name, reader, problems)
        header_row = next(rows, None)
        if header_row is None:
            problems.append(Problem(name, "", "", "the file is empty: it needs a header row"))
            return None, []
        header_line, raw_header = header_row
        record_type, header = _record_type(name, header_line, raw_header, problems)
        if record_type is None:
            return None, []
        records = [
            record
            for line, row in rows
            if (record := _record(name, record_type, header, line, row, problems)) is not None
        ]
    return record_type, records


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        problems.append(
            Problem(
                f"{name}:{line}",
                "",
                "",
                f"the file must be UTF-8 encoded: byte 0x{byte} on line {line} is not UTF-8 "
                "(save it as 'CSV UTF-8')",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(name, "", "", "the file is empty: it needs a header row"))
        return None
    return text


@contextmanager
def _cell_size_limit() -> Iterator[None]:
    with _FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit(MAX_CELL_CHARS)
        try:
            yield
        finally:
            csv.field_size_limit(previous)


def _rows_with_lines(name: str, reader, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the physical line each starts on; stops at a malformed row."""
    last_line = 0
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):
                message = f"a cell of the row starting on line {start} is longer than the limit "
                message += f"of {MAX_CELL_CHARS} characters"
            else:
                message = f"the row starting on line {start} cannot be read: {error}"
            problems.append(Problem(f"{name}:{start}", "", "", message))
            return
        last_line = reader.line_num
        if any(cell.strip() for cell in row):
            yield start, row


def _record_type(
    name: str, line: int, header: list[str], problems: list[Problem]
) -> tuple[str | None, list[str]]:
    """The record type of a file from its name, else its header, and the header's column
    names in lower case; checks the header."""
    source = f"{name}:{line}"
    normalised = [column.strip().lower() for column in header]
    record_type = record_type_for_file_name(name)
    if record_type is None:
        candidates = record_types_for_header(normalised)
        if len(candidates) != 1:
            known = ", ".join(f"{t}.csv" for t in RECORD_TYPES)
            message = (
                "cannot tell which records this file holds: name it after them "
                f"({known}, or ending in -needs.csv and the like) or give it the documented "
                "header of one of them"
            )
            hint = _delimiter_hint(header) or _closest_type_hint(normalised)
            problems.append(Problem(source, "", "", message + hint))
            return None, normalised
        record_type = candidates[0]
    header_problems = _header_problems(source, record_type, normalised, header)
    problems.extend(header_problems)
    return (None if header_problems else record_type), normalised


def _header_problems(
    source: str, record_type: str, normalised: list[str], header: list[str]
) -> list[Problem]:
    problems = []
    known = columns(record_type)
    seen: set[str] = set()
    hint = _delimiter_hint(header)
    for position, column in enumerate(normalised, start=1):
        if not column:
            message = f"column {position} of the header has no name"
            problems.append(Problem(source, "", "", message))
        elif column not in known:
            message = (
                f"unknown column {header[position - 1].strip()!r} for {record_type}; "
                f"the columns are: {', '.join(known)}{hint}"
            )
            problems.append(Problem(source, "", column, message))
        elif column in seen:
            problems.append(Problem(source, "", column, f"column {column!r} appears twice"))
        seen.add(column)
    for column in required_columns(record_type):
        if column not in seen:
            message = f"the header lacks the required column {column!r} of {record_type}"
            problems.append(Problem(source, "", column, message))
    return problems


def _closest_type_hint(header: list[str]) -> str:
    """What keeps the header from being that of the record type it shares most columns with."""
    overlap = {t: len(set(header) & set(columns(t))) for t in RECORD_TYPES}
    best = max(overlap.values())
    closest = [t for t, count in overlap.items() if count == best]
    if best == 0 or len(closest) != 1:
        return ""
    unknown = [column for column in header if column not in columns(closest[0])]
    missing = [column for column in required_columns(closest[0]) if column not in header]
    parts = []
    if unknown:
        parts.append(f"unknown columns {', '.join(repr(c) for c in unknown)}")
    if missing:
        parts.append(f"missing columns {', '.join(repr(c) for c in missing)}")
    return f" (closest: {closest[0]}.csv, with {' and '.join(parts)})"


def _delimiter_hint(header: list[str]) -> str:
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        return " (cells must be separated by commas, not semicolons or tabs)"
    return ""


def _record(
    name: str,
    record_type: str,
    header: list[str],
    line: int,
    row: list[str],
    problems: list[Problem],
) -> dict | None:
    source = f"{name}:{line}"
    if len(row) > len(header):
        record = ""
        if "id" in header and row[header.index("id")].strip():
            record = f"{RECORD_NAMES[record_type]} {row[header.index('id')].strip()}"
        message = (
            f"the row has {len(row)} cells but the header has {len(header)} columns "
            "(a cell holding a comma must be in double quotes)"
        )
        problems.append(Problem(source, record, "", message))
        return None
    cells = dict(zip(header, row + [""] * (len(header) - len(row))))
    record: dict = {"_source": source}
    for field in FIELDS[record_type]:
        if any(column in cells for column in field.columns):
            _read_field(field, cells, record)
    return record


def _cell(cells: dict[str, str], column: str, kind: str) -> str | None:
    """A cell's text without its spreadsheet guard (and, unless free text, without spaces);
    ``None`` when the column is not in the file."""
    if column not in cells:
        return None
    if kind == TEXT:
        return unguard_cell(cells[column])
    return unguard_cell(cells[column].strip()).strip()


_SCALAR_READERS = {
    TEXT: lambda text: text,
    CODE: lambda text: text,
    INT: parse_int,
    NUMBER: parse_number,
    BOOL: parse_bool,
}


def _read_field(field: Field, cells: dict[str, str], record: dict) -> None:
    """Put ``field``'s value from ``cells`` into ``record``: an empty cell leaves the field out,
    except that a list is always there (perhaps empty)."""
    kind = field.kind
    if kind in _SCALAR_READERS:
        text = _cell(cells, field.name, kind)
        if text:
            record[field.name] = _SCALAR_READERS[kind](text)
    elif kind == LIST:
        record[field.name] = split_list(_cell(cells, field.name, kind) or "")
    elif kind == ROLES:
        record[field.name] = parse_roles(_cell(cells, field.name, kind) or "")
    elif kind == HISTORY:
        text = _cell(cells, field.name, kind)
        record[field.name] = parse_history(text) if text else []
    elif kind == MONEY:
        amount_column, currency_column = field.columns
        amount = _cell(cells, amount_column, CODE)
        currency = _cell(cells, currency_column, CODE)
        money: dict = {}
        if amount:
            money["amount"] = parse_number(amount)
        if currency:
            money["currency"] = currency
        if money:
            record[field.name] = money
    elif kind == INVITEES:
        invitees = {}
        for key, column in zip(("countries", "providers"), field.columns):
            if column in cells:
                invitees[key] = split_list(_cell(cells, column, LIST) or "")
        record[field.name] = invitees
    else:
        raise ValueError(f"unknown column kind {kind!r} of field {field.name!r}")
