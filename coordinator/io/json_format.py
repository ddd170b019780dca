"""Reading and writing the JSON document of CONTRACT.md."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, Problem

__all__ = ["read_json", "write_json", "decode_utf8"]


def decode_utf8(data: bytes, source: str) -> str:
    """The bytes as UTF-8 text (a BOM is allowed), or InvalidInput naming the line and byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(Problem(
            f"{source}:{line}", "", "",
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8",
        )) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r} in one object")
        seen[key] = value
    return seen


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json(path: Path, *, data: bytes | None = None) -> dict[str, Any]:
    """The document in a JSON file; InvalidInput with the line and column if it is not JSON."""
    source = path.name
    raw = path.read_bytes() if data is None else data
    text = decode_utf8(raw, source)
    if not text.strip():
        raise InvalidInput(Problem(source, "", "", "the file is empty"))
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                              parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InvalidInput(Problem(f"{source}:{error.lineno}", "", "",
                                   f"not valid JSON at column {error.colno}: {error.msg}")) from None
    except ValueError as error:
        raise InvalidInput(Problem(source, "", "", f"not valid JSON: {error}")) from None
    except RecursionError:
        raise InvalidInput(Problem(source, "", "", "nested too deeply to be a document")) from None
    if not isinstance(document, dict):
        raise InvalidInput(Problem(source, "", "", "the document must be a JSON object "
                                   '{"format": "capacity-coordinator/1", ...}'))
    _number_sources(document, text, source)
    return document


def _number_sources(document: dict[str, Any], text: str, source: str) -> None:
    """Give each record a ``_source`` with its line, so problems point into the file."""
    lines = None
    for plural, records in document.items():
        if not isinstance(records, list):
            continue
        for index, record in enumerate(records):
            if isinstance(record, dict) and "_source" not in record:
                if lines is None:
                    lines = _record_lines(text)
                line = lines.get((plural, index))
                record["_source"] = f"{source}:{line}" if line else source


def _record_lines(text: str) -> dict[tuple[str, int], int]:
    """Line of each record of each top-level list, found by a light scan of the JSON text."""
    decoder = json.JSONDecoder()
    positions: dict[tuple[str, int], int] = {}
    index = text.find("{")
    depth_key = None
    counted_to, line_no = 0, 1
    pos = index + 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == '"':
            key, end = decoder.raw_decode(text, pos)
            pos = end
            colon = text.find(":", pos)
            pos = colon + 1
            while pos < length and text[pos] in " \t\r\n":
                pos += 1
            if pos < length and text[pos] == "[":
                depth_key = key
                pos += 1
                item = 0
                while pos < length:
                    while pos < length and text[pos] in " \t\r\n,":
                        pos += 1
                    if pos >= length or text[pos] == "]":
                        pos += 1
                        break
                    line_no += text.count("\n", counted_to, pos)
                    counted_to = pos
                    positions[(depth_key, item)] = line_no
                    _, pos = decoder.raw_decode(text, pos)
                    item += 1
            else:
                _, pos = decoder.raw_decode(text, pos)
        else:
            pos += 1
    return positions


def write_json(document: dict[str, Any], path: Path) -> None:
    """Write the document as indented UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
