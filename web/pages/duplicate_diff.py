"""What differs between two records of a flagged pair: field by field, and word by word in
their texts. Pure functions over the domain's records, for the side-by-side pages."""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coordinator.domain import Initiative, Need

__all__ = ["FIELDS", "Segment", "FieldComparison", "word_diff", "compare_records",
           "differing_fields"]

#: The fields compared, by kind of record: (attribute, label, how it is shown).
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "initiative": (
        ("title", "Title", "text"),
        ("description", "Description", "text"),
        ("providers", "Providers", "providers"),
        ("recipient_countries", "Recipient countries", "countries"),
        ("recipient_regions", "Recipient regions", "regions"),
        ("components", "Components", "components"),
        ("budget", "Budget", "money"),
        ("start", "Start", "value"),
        ("end", "End", "value"),
        ("status", "Status", "status"),
        ("lessons", "Lessons learned", "text"),
        ("aliases", "Also known as", "codes"),
    ),
    "need": (
        ("title", "Title", "text"),
        ("description", "Description", "text"),
        ("country", "Country", "country"),
        ("component", "Component", "component"),
        ("priority", "Priority", "value"),
        ("sequence", "Sequence", "value"),
        ("start", "Start", "value"),
        ("end", "End", "value"),
        ("estimated_cost", "Estimated cost", "money"),
        ("status", "Status", "status"),
        ("confidential", "Confidential", "yes_no"),
    ),
}
_COLLECTIONS = ("providers", "countries", "regions", "components", "codes")
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Segment:
    """A run of words of one side's text; ``changed`` when the other side lacks it."""

    text: str
    changed: bool


@dataclass(frozen=True)
class FieldComparison:
    """One field of both records: the values, whether they differ, and for lists the items
    found on one side only; for texts, each side as segments with the changed words marked."""

    name: str
    label: str
    shape: str
    a: Any
    b: Any
    differs: bool
    only_a: tuple[Any, ...] = ()
    only_b: tuple[Any, ...] = ()
    a_segments: tuple[Segment, ...] = ()
    b_segments: tuple[Segment, ...] = ()


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].changed == segment.changed:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.changed)
        else:
            merged.append(segment)
    return tuple(merged)


def word_diff(first: str, second: str, *, min_shared: float = 0.3
              ) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both texts cut into segments, the words missing from the other text marked changed
    (case and spacing ignored). Texts sharing less than ``min_shared`` of their words (a
    rewording, another language) are not cut: marking nearly every word says nothing, so
    both sides come back empty.

    >>> a, b = word_diff("Train border officers", "Train customs officers")
    >>> [(s.text, s.changed) for s in a]
    [('Train ', False), ('border ', True), ('officers', False)]
    >>> [(s.text, s.changed) for s in b]
    [('Train ', False), ('customs ', True), ('officers', False)]
    >>> word_diff("Formation des agents", "Training of border officers")
    ((), ())
    """
    words_a, words_b = _WORD.findall(first or ""), _WORD.findall(second or "")
    matcher = difflib.SequenceMatcher(None, [w.strip().casefold() for w in words_a],
                                      [w.strip().casefold() for w in words_b], autojunk=False)
    if matcher.ratio() < min_shared:
        return (), ()
    side_a: list[Segment] = []
    side_b: list[Segment] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        same = tag == "equal"
        if a_end > a_start:
            side_a.append(Segment("".join(words_a[a_start:a_end]), not same))
        if b_end > b_start:
            side_b.append(Segment("".join(words_b[b_start:b_end]), not same))
    return _merge(side_a), _merge(side_b)


def _normal_text(value: str | None) -> str:
    return " ".join((value or "").split())


def _key(item: Any) -> Any:
    return (item.id, item.role) if hasattr(item, "role") else item


def _compare(name: str, label: str, shape: str, first: Any, second: Any) -> FieldComparison:
    if shape in _COLLECTIONS:
        first, second = tuple(first or ()), tuple(second or ())
        keys_a, keys_b = {_key(i) for i in first}, {_key(i) for i in second}
        only_a = tuple(i for i in first if _key(i) not in keys_b)
        only_b = tuple(i for i in second if _key(i) not in keys_a)
        return FieldComparison(name, label, shape, first, second, keys_a != keys_b,
                               only_a, only_b)
    if shape == "text":
        differs = _normal_text(first) != _normal_text(second)
        segments_a, segments_b = word_diff(first or "", second or "") if differs else ((), ())
        return FieldComparison(name, label, shape, first, second, differs,
                               a_segments=segments_a, b_segments=segments_b)
    return FieldComparison(name, label, shape, first, second, first != second)


def compare_records(kind: str, first: Initiative | Need, second: Initiative | Need
                    ) -> list[FieldComparison]:
    """Every compared field of two initiatives (``kind="initiative"``) or two needs, in the
    order of :data:`FIELDS`; lists are compared as sets (order does not matter), texts with
    spacing ignored."""
    if kind not in FIELDS:
        raise ValueError(f"kind must be 'initiative' or 'need', not {kind!r}")
    return [_compare(name, label, shape, getattr(first, name), getattr(second, name))
            for name, label, shape in FIELDS[kind]]


def differing_fields(comparisons: Sequence[FieldComparison]) -> list[str]:
    """The labels of the fields that differ."""
    return [c.label for c in comparisons if c.differs]
