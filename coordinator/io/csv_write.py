"""Writing a ``capacity-coordinator/1`` document as CSV files: one per record type, into a
directory or a zip.

Files are UTF-8 without a byte order mark, comma separated, rows ended by ``\\r\\n`` (RFC 4180),
with every documented column in the documented order. The same document always gives the same
bytes (zip members carry a fixed timestamp).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from pathlib import Path

from coordinator.io.csv_columns import (
    FIELDS,
    HISTORY,
    INVITEES,
    LIST,
    MONEY,
    RECORD_NAMES,
    RECORD_TYPES,
    ROLES,
    Field,
    columns,
    format_history,
    format_roles,
    format_scalar,
    guard_cell,
    join_list,
)

__all__ = ["csv_text", "write_csv_bundle"]

LINE_END = "\r\n"
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def write_csv_bundle(document: dict, out: Path) -> list[Path]:
    """Write one ``<type>.csv`` per non-empty record list of ``document``.

    ``out`` is a directory (created if needed; record files of types the document lacks are
    removed so the directory holds exactly this export) or, when it ends with ``.zip``, a zip
    archive written in one step. Returns the files written (for a zip, the zip). Raises
    ``ValueError`` for a field that has no CSV column, rather than dropping it, and
    ``TypeError`` for a value whose shape no cell can hold.
    """
    out = Path(out)
    texts = {
        f"{record_type}.csv": csv_text(record_type, document[record_type])
        for record_type in RECORD_TYPES
        if document.get(record_type)
    }
    if out.suffix.lower() == ".zip":
        _write_zip(out, texts)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in texts.items():
        _replace(out / file_name, text.encode("utf-8"))
        written.append(out / file_name)
    for record_type in RECORD_TYPES:
        stale = out / f"{record_type}.csv"
        if f"{record_type}.csv" not in texts and stale.is_file():
            stale.unlink()
    return written


def csv_text(record_type: str, records: list[dict]) -> str:
    """The whole CSV file of ``records`` of ``record_type``, header first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(columns(record_type))
    for number, record in enumerate(records, start=1):
        writer.writerow(_row(record_type, record, number))
    return buffer.getvalue()


def _row(record_type: str, record: dict, number: int) -> list[str]:
    where = f"{RECORD_NAMES[record_type]} {record.get('id', record.get('country', f'#{number}'))}"
    fields = FIELDS[record_type]
    unknown = sorted(
        key for key in record if not key.startswith("_") and key not in {f.name for f in fields}
    )
    if unknown:
        raise ValueError(f"{where}: field {unknown[0]!r} has no CSV column")
    cells: list[str] = []
    for field in fields:
        cells.extend(_cells(field, record.get(field.name), f"{where}, field {field.name}"))
    return [guard_cell(cell) for cell in cells]


def _cells(field: Field, value: object, where: str) -> list[str]:
    kind = field.kind
    if kind == MONEY:
        if value is None:
            return ["", ""]
        if not isinstance(value, dict) or set(value) - {"amount", "currency"}:
            raise TypeError(f"{where}: money must be {{'amount', 'currency'}}, not {value!r}")
        return [
            format_scalar(value.get("amount"), where),
            format_scalar(value.get("currency"), where),
        ]
    if kind == INVITEES:
        value = value or {}
        if not isinstance(value, dict) or set(value) - {"countries", "providers"}:
            raise TypeError(f"{where}: must be {{'countries', 'providers'}}, not {value!r}")
        return [
            _list_cell(value.get("countries"), where),
            _list_cell(value.get("providers"), where),
        ]
    if kind == LIST:
        return [_list_cell(value, where)]
    if kind == ROLES:
        return [format_roles(_as_list(value, where), where)]
    if kind == HISTORY:
        return [format_history(value)]
    return [format_scalar(value, where)]


def _as_list(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{where}: expected a list, not {value!r}")
    return list(value)


def _list_cell(value: object, where: str) -> str:
    return join_list([format_scalar(item, where) for item in _as_list(value, where)])


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file, so a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_zip(out: Path, texts: dict[str, str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file_name, text in texts.items():
            member = zipfile.ZipInfo(file_name, date_time=_ZIP_TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, text.encode("utf-8"))
    _replace(out, buffer.getvalue())
