"""Random and mutated inputs for the importers' property tests (hypothesis strategies).

Mutated documents start from the sample document (``tests/coordinator/sample_documents.py``);
mutated files from its JSON, CSV and IATI forms. Values lean towards what breaks parsers:
text of any Unicode (lone surrogates, NUL, bidi controls), huge numbers, NaN-like text, and
values taken from elsewhere in the sample, so that some mutations stay valid.
"""
from __future__ import annotations

import copy
import csv
import io
import json
from datetime import UTC, datetime

import pycountry
from hypothesis import strategies as st

from coordinator.io.csv_columns import FIELDS, INT, MONEY, NUMBER, RECORD_TYPES
from coordinator.io.csv_write import csv_text
from coordinator.io.iati_write import write_iati

from ..sample_documents import base_document

__all__ = ["ANY_TEXT", "NAN_LIKE", "HUGE", "VALUES", "mutated_documents", "mutated_bytes",
           "JSON_INPUTS", "csv_inputs", "XML_INPUTS", "ALPHA2_TO_ALPHA3"]

ALPHA2_TO_ALPHA3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
ALPHA3_TO_ALPHA2 = {alpha3: alpha2 for alpha2, alpha3 in ALPHA2_TO_ALPHA3.items()}
LISTS = ("providers", "initiatives", "needs", "capacities", "profiles", "meetings",
         "partnerships")
KNOWN_FIELDS = sorted({f.name for fields in FIELDS.values() for f in fields} | {"_source"})

# --- values -----------------------------------------------------------------------------------

#: Text of any Unicode, lone surrogates included (JSON's "\ud800" escape makes them).
ANY_TEXT = st.text(st.characters(exclude_categories=()) | st.sampled_from([
    "\ud800", "\udc80", "\x00", "\x1b", "\u2028", "\u202e", "\ufeff", "\U0001f4a5", "\u0301",
    "<", "&", '"', ";", "\\", "\n"]), max_size=40)
NAN_LIKE = st.sampled_from([
    "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "0x1F", "1_000",
    "\u0661\u0662\u0663", "\uff11\uff12", "", " ", "null", "None", "true", "1e-400", "-0",
    "2025-02-30", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "\x00", "\ud800",
])
HUGE = st.sampled_from([
    10 ** 400, -10 ** 400, 2 ** 63, -2 ** 63 - 1, 10 ** 15 + 1, 1e308, -1e308, 5e-324,
    999_999_999_999_999.99, 0.005, float("nan"), float("inf"), float("-inf"),
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ANY_TEXT, NAN_LIKE,
                    HUGE)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT | st.sampled_from(
        ["id", "role", "amount", "currency", "status", "at", "note", "countries", "providers"]),
        inner, max_size=3),
    max_leaves=6,
)


def _parts(value):
    """Every value inside ``value``, containers and leaves."""
    yield value
    if isinstance(value, dict):
        for inner in value.values():
            yield from _parts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _parts(inner)


#: Values the sample document holds somewhere: plausible, so that some mutations stay valid.
PLAUSIBLE = st.sampled_from([part for part in _parts(base_document()) if part != []]
                            + ["need-new", "KEN", "USD", None]).map(copy.deepcopy)
VALUES = st.one_of(JSON_VALUES, ANY_TEXT, NAN_LIKE, HUGE, PLAUSIBLE, PLAUSIBLE)


# --- mutated documents ------------------------------------------------------------------------

def _containers(value, path=()):
    """Every dict and list inside ``value`` (itself first), with the path to it."""
    if isinstance(value, (dict, list)):
        yield path, value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, inner in items:
            yield from _containers(inner, (*path, key))


def _mutate_once(draw, document: dict) -> None:
    """One change anywhere in the document: a value replaced, a field deleted or added, a
    record replaced or repeated."""
    action = draw(st.sampled_from(["set", "set", "set", "delete", "add", "record", "copy"]))
    containers = [(path, c) for path, c in _containers(document) if c]
    path, container = draw(st.sampled_from(containers))
    if action == "set":
        keys = sorted(container, key=str) if isinstance(container, dict) \
            else range(len(container))
        container[draw(st.sampled_from(list(keys)))] = draw(VALUES)
    elif action == "delete" and isinstance(container, dict):
        del container[draw(st.sampled_from(sorted(container, key=str)))]
    elif action == "add" and isinstance(container, dict):
        container[draw(ANY_TEXT | st.sampled_from(KNOWN_FIELDS))] = draw(VALUES)
    elif action in ("record", "copy"):
        lists = [name for name in LISTS if isinstance(document.get(name), list)
                 and document[name]]
        if not lists:
            return
        records = document[draw(st.sampled_from(lists))]
        index = draw(st.integers(0, len(records) - 1))
        if action == "record":
            records[index] = draw(VALUES)
        elif isinstance(records[index], dict):  # the same record again, perhaps renamed
            twin = copy.deepcopy(records[index])
            if draw(st.booleans()):
                twin["id"] = draw(ANY_TEXT | st.sampled_from(["ini-1", "p-gef", "need-gha-i"]))
            records.append(twin)


@st.composite
def mutated_documents(draw) -> dict:
    """The sample document after one to four random mutations."""
    document = base_document()
    for _ in range(draw(st.integers(1, 4))):
        _mutate_once(draw, document)
    return document


@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    """``original`` with a few bytes flipped, inserted, deleted, or cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut", "splice"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8)
                                           | st.sampled_from([b'"', b",", b"\n", b"<", b"&",
                                                              b"\\", b"{", b"]", b"\xff"]))
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 16))]
        elif action == "cut":
            del data[position:]
        else:
            data[position:position] = draw(ANY_TEXT).encode("utf-8", "surrogatepass")
    return bytes(data)


def _json_bytes(document: dict) -> bytes:
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


BASE_JSON = _json_bytes(base_document())
JSON_INPUTS = st.one_of(st.binary(max_size=200), mutated_bytes(BASE_JSON),
                        mutated_documents().map(_json_bytes))


def _csv_files() -> dict[str, str]:
    document = base_document()
    return {f"{t}.csv": csv_text(t, document[t]) for t in RECORD_TYPES if document.get(t)}


BASE_CSV = _csv_files()
CSV_CELLS = st.sampled_from(sorted({cell for text in BASE_CSV.values()
                                    for row in csv.reader(io.StringIO(text, newline=""))
                                    for cell in row}))
#: The columns that are read as numbers (where texts of many digits are worth trying).
NUMBER_COLUMNS = {f"{f.name}_amount" if f.kind == MONEY else f.name
                  for fields in FIELDS.values() for f in fields if f.kind in (INT, NUMBER, MONEY)}


@st.composite
def csv_inputs(draw) -> tuple[str, bytes]:
    """A file name and the bytes of a CSV file: random, mutated cells or mutated bytes."""
    name = draw(st.sampled_from([*BASE_CSV, "records.csv", "2025-needs.csv"]))
    original = BASE_CSV.get(name) or draw(st.sampled_from(sorted(BASE_CSV.values())))
    how = draw(st.sampled_from(["bytes", "cells", "cells", "cells", "mutated"]))
    if how == "bytes":
        return name, draw(st.binary(max_size=200))
    if how == "mutated":
        return name, draw(mutated_bytes(original.encode()))
    rows = list(csv.reader(io.StringIO(original, newline="")))
    numbers = [i for i, column in enumerate(rows[0]) if column in NUMBER_COLUMNS]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(rows) - 1) | st.integers(1, len(rows) - 1))
        cells = rows[row]
        action = draw(st.sampled_from(["cell", "cell", "add", "drop"]))
        text = draw(ANY_TEXT | NAN_LIKE | HUGE.map(str) | st.just("9" * 5000)
                    | st.sampled_from(['[{"status": "accepted", "at": 1e999}]', "a:b;c",
                                       "'=1+1", "\\;", '"']) | CSV_CELLS | CSV_CELLS)
        if action == "cell" and cells:
            column = draw(st.integers(0, len(cells) - 1)
                          | st.sampled_from([i for i in numbers if i < len(cells)] or [0]))
            cells[column] = text
        elif action == "add":
            cells.append(text)
        elif cells:
            cells.pop()
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return name, out.getvalue().encode("utf-8", "surrogatepass")


def _iati_bytes() -> bytes:
    document = base_document()
    return write_iati(document, generated=datetime(2025, 7, 1, tzinfo=UTC),
                      alpha3_to_alpha2=ALPHA3_TO_ALPHA2)


BASE_XML = _iati_bytes()
IATI_TAGS = ["iati-activities", "iati-activity", "iati-identifier", "title", "narrative",
             "participating-org", "recipient-country", "recipient-region", "sector", "budget",
             "value", "activity-date", "activity-status", "description", "other-identifier",
             "transaction", "reporting-org"]
IATI_ATTRIBUTES = ["ref", "role", "type", "code", "vocabulary", "iso-date", "currency",
                   "value-date", "percentage", "vocabulary-uri", "{http://www.w3.org/XML/1998/"
                   "namespace}lang"]
XML_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")) | st.sampled_from(
    ["\t", "\n", "&", "<", "]", ">", "\ufeff"]), max_size=20)


@st.composite
def random_activity_trees(draw) -> bytes:
    """A well-formed file of IATI-like elements with random attributes and text."""
    from lxml import etree

    root = etree.Element(draw(st.sampled_from(["iati-activities", "iati-activity"])))
    elements = [root]
    for _ in range(draw(st.integers(0, 14))):
        parent = draw(st.sampled_from(elements))
        child = etree.SubElement(parent, draw(st.sampled_from(IATI_TAGS)))
        for _ in range(draw(st.integers(0, 3))):
            child.set(draw(st.sampled_from(IATI_ATTRIBUTES)), draw(XML_TEXT | NAN_LIKE.filter(
                lambda s: "\x00" not in s and "\ud800" not in s)))
        if draw(st.booleans()):
            child.text = draw(XML_TEXT)
        elements.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


XML_INPUTS = st.one_of(st.binary(max_size=200), mutated_bytes(BASE_XML), random_activity_trees())
