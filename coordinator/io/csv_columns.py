"""The columns of the CSV files: which file holds which records, and how a cell maps to a value.

Every record type of the ``capacity-coordinator/1`` document has one file (``needs.csv``, ...).
A field is one column, except money (``<field>_amount`` and ``<field>_currency``) and meeting
invitees (``invitee_countries`` and ``invitee_providers``). docs/csv.md documents all of it; keep
the two in step.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

__all__ = [
    "FIELDS",
    "LIST_SEPARATOR",
    "RECORD_NAMES",
    "RECORD_TYPES",
    "Field",
    "columns",
    "format_history",
    "format_roles",
    "format_scalar",
    "guard_cell",
    "join_list",
    "parse_bool",
    "parse_history",
    "parse_int",
    "parse_number",
    "parse_roles",
    "record_type_for_file_name",
    "record_types_for_header",
    "required_columns",
    "split_list",
    "unguard_cell",
]

#: Record types in the order of the document, which is also the order files are written in.
RECORD_TYPES: tuple[str, ...] = (
    "providers",
    "initiatives",
    "needs",
    "capacities",
    "profiles",
    "meetings",
    "partnerships",
)

#: One record of each type, in words (``need KE-001``).
RECORD_NAMES: dict[str, str] = {
    "providers": "provider",
    "initiatives": "initiative",
    "needs": "need",
    "capacities": "capacity",
    "profiles": "profile",
    "meetings": "meeting",
    "partnerships": "partnership",
}

TEXT = "text"  # free text, kept exactly as written
CODE = "code"  # an id, code, status or date: surrounding spaces are dropped
INT = "int"
NUMBER = "number"
BOOL = "bool"
LIST = "list"  # several values separated by ";"
MONEY = "money"  # two columns: <field>_amount, <field>_currency
ROLES = "roles"  # initiative providers: "id:role;id:role"
HISTORY = "history"  # partnership history: a JSON array in one cell
INVITEES = "invitees"  # two list columns: invitee_countries, invitee_providers


@dataclass(frozen=True)
class Field:
    """One field of a record: its key in the document, how its cells read, and whether the
    header must have it."""

    name: str
    kind: str = CODE
    required: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The header columns that hold this field."""
        if self.kind == MONEY:
            return (f"{self.name}_amount", f"{self.name}_currency")
        if self.kind == INVITEES:
            return ("invitee_countries", "invitee_providers")
        return (self.name,)


FIELDS: dict[str, tuple[Field, ...]] = {
    "providers": (
        Field("id", required=True),
        Field("name", TEXT, required=True),
        Field("kind", required=True),
        Field("country"),
        Field("focus_components", LIST),
        Field("focus_countries", LIST),
        Field("focus_regions", LIST),
        Field("budget", MONEY),
        Field("languages", LIST),
        Field("contact", TEXT),
        Field("updated"),
    ),
    "initiatives": (
        Field("id", required=True),
        Field("title", TEXT, required=True),
        Field("description", TEXT),
        Field("providers", ROLES),
        Field("recipient_countries", LIST),
        Field("recipient_regions", LIST),
        Field("components", LIST),
        Field("budget", MONEY),
        Field("start"),
        Field("end"),
        Field("status"),
        Field("lessons", TEXT),
        Field("aliases", LIST),
        Field("unmapped_sectors", LIST),
        Field("updated"),
    ),
    "needs": (
        Field("id", required=True),
        Field("country", required=True),
        Field("component", required=True),
        Field("title", TEXT, required=True),
        Field("description", TEXT),
        Field("priority", INT),
        Field("sequence", INT),
        Field("start"),
        Field("end"),
        Field("estimated_cost", MONEY),
        Field("status"),
        Field("confidential", BOOL),
        Field("updated"),
    ),
    "capacities": (
        Field("id", required=True),
        Field("country", required=True),
        Field("component", required=True),
        Field("level"),
        Field("description", TEXT),
        Field("can_offer", BOOL),
        Field("updated"),
    ),
    "profiles": (
        Field("country", required=True),
        Field("focal_point", BOOL),
        Field("competent_authority", BOOL),
        Field("framework"),
        Field("strategy", BOOL),
        Field("coordination_mechanism", BOOL),
        Field("bch_node", BOOL),
        Field("funding_need_short", MONEY),
        Field("funding_need_long", MONEY),
        Field("updated"),
    ),
    "meetings": (
        Field("id", required=True),
        Field("title", TEXT, required=True),
        Field("scope", required=True),
        Field("area", required=True),
        Field("host"),
        Field("start"),
        Field("end"),
        Field("status"),
        Field("invitees", INVITEES),
        Field("agenda", LIST),
        Field("components", LIST),
        Field("outcome", TEXT),
    ),
    "partnerships": (
        Field("id", required=True),
        Field("need", required=True),
        Field("provider"),
        Field("initiative"),
        Field("status", required=True),
        Field("origin"),
        Field("meeting"),
        Field("score", NUMBER),
        Field("history", HISTORY),
    ),
}


def columns(record_type: str) -> tuple[str, ...]:
    """Every column of ``record_type``'s file, in the order they are written."""
    return tuple(column for field in FIELDS[record_type] for column in field.columns)


def required_columns(record_type: str) -> tuple[str, ...]:
    """The columns the header of ``record_type``'s file must have."""
    return tuple(
        column for field in FIELDS[record_type] if field.required for column in field.columns
    )


_NAME_SEPARATORS = "-_. "


def record_type_for_file_name(file_name: str) -> str | None:
    """The record type a file name announces (``needs.csv``, ``2024-needs.csv``, ``need.csv``).

    The name without ``.csv`` must be the type (plural or singular) or end with it after one of
    ``-``, ``_``, ``.`` or a space; case does not matter. ``None`` when it announces none.
    """
    stem = file_name.rsplit("/", 1)[-1].lower()
    stem = stem.removesuffix(".csv")
    for record_type in RECORD_TYPES:
        for word in (record_type, RECORD_NAMES[record_type]):
            if stem == word:
                return record_type
            if stem.endswith(word) and stem[-len(word) - 1] in _NAME_SEPARATORS:
                return record_type
    return None


def record_types_for_header(header: list[str]) -> list[str]:
    """The record types whose file could have this (normalised) header: it has all their
    required columns and no column they do not know."""
    given = set(header)
    return [
        record_type
        for record_type in RECORD_TYPES
        if set(required_columns(record_type)) <= given <= set(columns(record_type))
    ]


# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection"); such
# cells are written with a leading apostrophe, which reading removes again.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def guard_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading ``'`` before a formula start."""
    if text[:1] in _FORMULA_STARTS or (
        text[:1] == "'" and text[1:2] and (text[1] in _FORMULA_STARTS or text[1] == "'")
    ):
        return "'" + text
    return text


def unguard_cell(text: str) -> str:
    """The inverse of :func:`guard_cell`; other cells are returned unchanged."""
    if text[:1] == "'" and text[1:2] and (text[1] in _FORMULA_STARTS or text[1] == "'"):
        return text[1:]
    return text


LIST_SEPARATOR = ";"
_ITEM_SPLIT = re.compile(r"\\(.)|;", re.DOTALL)


def join_list(items: list[str]) -> str:
    """One cell holding ``items``: separated by ``;``, a ``;`` or ``\\`` inside an item escaped
    with a backslash."""
    return LIST_SEPARATOR.join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def split_list(cell: str) -> list[str]:
    """The items of a list cell, each without surrounding spaces; empty items are dropped.

    ``\\;`` is a ``;`` inside an item and ``\\\\`` a backslash; any other backslash is kept.
    """
    items: list[str] = []
    current: list[str] = []
    position = 0
    for match in _ITEM_SPLIT.finditer(cell):
        current.append(cell[position : match.start()])
        escaped = match.group(1)
        if escaped is None:
            items.append("".join(current))
            current = []
        elif escaped in ";\\":
            current.append(escaped)
        else:
            current.append(match.group(0))
        position = match.end()
    current.append(cell[position:])
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


_INT = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Python refuses to turn longer digit strings into an int (sys.get_int_max_str_digits)
_MAX_DIGITS = 4000


def parse_int(text: str) -> int | str:
    """The integer in ``text``, or ``text`` itself when it is not one (for the validator)."""
    return int(text) if _INT.fullmatch(text) and len(text) <= _MAX_DIGITS else text


def parse_number(text: str) -> int | float | str:
    """The number in ``text`` (an int when written as one), or ``text`` itself when it is not
    a finite number."""
    if _INT.fullmatch(text) and len(text) <= _MAX_DIGITS:
        return int(text)
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return value
    return text


_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


def parse_bool(text: str) -> bool | str:
    """``true/false``, ``yes/no`` or ``1/0`` in any case as a bool, else ``text`` itself."""
    word = text.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return text


def format_scalar(value: object, where: str) -> str:
    """The cell text of one plain value: ``""`` for None, ``true/false``, numbers without a
    needless ``.0``; ``where`` names the field in the error for any other type."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{where}: a {type(value).__name__} has no CSV form")


def parse_roles(cell: str) -> list[dict[str, str]]:
    """Initiative providers from ``id:role;id:role``; the role is after the last ``:`` and a
    missing role is left out (the validator's default applies)."""
    roles = []
    for item in split_list(cell):
        provider, colon, role = item.rpartition(":")
        if not colon:
            provider, role = item, ""
        entry = {"id": provider.strip()}
        if role.strip():
            entry["role"] = role.strip()
        roles.append(entry)
    return roles


def format_roles(roles: list[dict], where: str) -> str:
    """The cell of initiative providers ``[{"id", "role"}]``."""
    items = []
    for entry in roles:
        if not isinstance(entry, dict) or set(entry) - {"id", "role"}:
            raise TypeError(f"{where}: each provider must be {{'id', 'role'}}, not {entry!r}")
        provider = format_scalar(entry.get("id"), where)
        role = format_scalar(entry.get("role"), where)
        items.append(f"{provider}:{role}" if role or ":" in provider else provider)
    return join_list(items)


def parse_history(cell: str) -> object:
    """Partnership history from its JSON array; the text itself when it is not JSON."""
    try:
        return json.loads(cell)
    except (ValueError, RecursionError):
        return cell


def format_history(history: object) -> str:
    """The JSON cell of a partnership history (empty for no events)."""
    if not history:
        return ""
    if isinstance(history, str):
        return history
    return json.dumps(history, ensure_ascii=False, separators=(",", ":"))
