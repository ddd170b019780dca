"""Duplicates: the flagged pairs of initiatives and needs with their score, relation, reasons
and review status; each pair side by side with what differs highlighted; and, for the
secretariat, the decisions: confirm (merge), dismiss, acknowledge with a note, undo.

Pairs come from :func:`coordinator.services.analysis.duplicates_for` (viewer-safe: a pair with
a need the viewer may not read is left out); decisions go through
:mod:`coordinator.services.reviews`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from coordinator.browse import Page
from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.services.analysis import duplicates_for
from coordinator.services.catalog import snapshot_for
from coordinator.services.reviews import Review, pair_key, review_pair, reviews_by_pair, undo_review

from ..auth import requires_role, safe_next
from ..database import get_session
from ..viewer import current_viewer
from .dashboard import install_analysis_helpers
from .duplicate_diff import compare_records, differing_fields
from .listing import FilterField, Option, install_template_helpers, is_redacted, read_list_query

__all__ = ["bp", "NAV", "FILTERS", "REVIEW_STATES", "read_min_score", "select_pairs",
           "pairs_with_records", "possible_duplicates", "filter_fields"]

bp = Blueprint("duplicates", __name__, url_prefix="/duplicates")
bp.record_once(install_template_helpers)
bp.record_once(install_analysis_helpers)
NAV = (50, "Duplicates", "duplicates.index")

KINDS = ("initiative", "need")
RELATIONS = ("duplicate_record", "overlapping_support")
#: Review states a flagged pair can be filtered by.
REVIEW_STATES = {"none": "Not reviewed", "acknowledged": "Overlap acknowledged",
                 "dismissed": "Dismissed, but changed since", "reviewed": "Any decision"}
FILTERS = {"kind": "initiative or need", "relation": "duplicate_record or overlapping_support",
           "min_score": "smallest score, 0..1", "review": ", ".join(REVIEW_STATES)}
MIN_SCORES = ("0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9")
DEFAULT_MIN_SCORE = 0.5
LOWEST_MIN_SCORE = 0.3
PER_PAGE = 25
DECISIONS = {"confirmed": "confirmed as one record (merged)", "dismissed": "dismissed",
             "acknowledged": "acknowledged as a coordinated overlap"}


def read_min_score(raw: str | None) -> float:
    """The ``min_score`` filter as a number in 0.3..1 (0.5 when not given); lower thresholds
    flag nearly every pair in a large record, so they are left to ``coordinator duplicates``."""
    if raw is None or not raw.strip():
        return DEFAULT_MIN_SCORE
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(Problem("query", "duplicates", "min_score",
                                   f"{raw!r} is not a number")) from None
    if not LOWEST_MIN_SCORE <= value <= 1.0:
        raise InvalidInput(Problem("query", "duplicates", "min_score",
                                   f"between {LOWEST_MIN_SCORE} and 1"))
    return value


def _check_choice(filters: Mapping[str, str], name: str, allowed: Iterable[str]) -> None:
    value = filters.get(name)
    if value is not None and value not in allowed:
        raise InvalidInput(Problem("query", "duplicates", name,
                                   f"{value!r}: one of {', '.join(allowed)}"))


def flagged_pairs(session: Any, viewer: Any, min_score: float, kind: str | None = None
                  ) -> list[dict[str, Any]]:
    """The viewer's flagged pairs scoring at least ``min_score``; the analysis runs at a
    threshold rounded down to a tenth (and never above 0.5), so few thresholds are computed."""
    base = min(DEFAULT_MIN_SCORE, int(min_score * 10) / 10)
    return [p for p in duplicates_for(session, viewer, min_score=base, kind=kind)
            if p["score"] >= min_score]


def select_pairs(pairs: Iterable[Mapping[str, Any]], filters: Mapping[str, str]
                 ) -> list[Mapping[str, Any]]:
    """The pairs matching the ``kind``, ``relation`` and ``review`` filters, best score first."""
    _check_choice(filters, "kind", KINDS)
    _check_choice(filters, "relation", RELATIONS)
    _check_choice(filters, "review", REVIEW_STATES)
    wanted = filters.get("review")
    chosen = []
    for pair in pairs:
        if filters.get("kind") and pair["kind"] != filters["kind"]:
            continue
        if filters.get("relation") and pair["relation"] != filters["relation"]:
            continue
        decision = (pair.get("review") or {}).get("decision")
        if wanted == "none" and decision is not None:
            continue
        if wanted == "reviewed" and decision is None:
            continue
        if wanted in ("acknowledged", "dismissed") and decision != wanted:
            continue
        chosen.append(pair)
    return sorted(chosen, key=lambda p: (-p["score"], p["kind"], p["a"], p["b"]))


def pairs_with_records(pairs: Iterable[Mapping[str, Any]], snapshot: Any
                       ) -> list[dict[str, Any]]:
    """Each pair with its two records (``record_a``, ``record_b``) from the snapshot."""
    out = []
    for pair in pairs:
        records = snapshot.initiatives if pair["kind"] == "initiative" else snapshot.needs
        out.append({**pair, "record_a": records.get(pair["a"]),
                    "record_b": records.get(pair["b"])})
    return out


def filter_fields() -> list[FilterField]:
    """The labelled fields of the filter form of the pair list."""
    return [
        FilterField("kind", "Records", options=(Option("initiative", "Initiatives"),
                                                Option("need", "Needs"))),
        FilterField("relation", "Relation", options=(
            Option("duplicate_record", "Duplicate record (entered twice)"),
            Option("overlapping_support", "Overlapping support"))),
        FilterField("min_score", "Smallest score",
                    options=tuple(Option(s, f"{s} and above") for s in MIN_SCORES),
                    hint="0.5 unless chosen"),
        FilterField("review", "Review status",
                    options=tuple(Option(k, v) for k, v in REVIEW_STATES.items())),
    ]


def possible_duplicates(kind: str, record_id: str) -> list[dict[str, Any]]:
    """The flagged pairs involving one record, for its page: each with the other record and
    the field-by-field comparison (this record first)."""
    session, viewer = get_session(), current_viewer()
    snapshot = snapshot_for(session, viewer)
    records = snapshot.initiatives if kind == "initiative" else snapshot.needs
    this = records.get(record_id)
    if this is None:
        return []
    found = []
    for pair in duplicates_for(session, viewer, kind=kind):
        if record_id not in (pair["a"], pair["b"]):
            continue
        other = records.get(pair["b"] if pair["a"] == record_id else pair["a"])
        if other is None or (kind == "need" and is_redacted(other)):
            continue
        comparison = compare_records(kind, this, other)
        found.append({**pair, "this": this, "other": other, "comparison": comparison,
                      "differing": differing_fields(comparison)})
    return found


def _install_duplicates_helper(state: Any) -> None:
    state.app.add_template_global(possible_duplicates, "possible_duplicates")


bp.record_once(_install_duplicates_helper)


@bp.get("/")
def index() -> str:
    """The flagged pairs with filters; the secretariat also sees every recorded decision."""
    session, viewer = get_session(), current_viewer()
    query = read_list_query("duplicates", filters=FILTERS, sorts=("score",))
    if query.download:
        raise InvalidInput(Problem("query", "duplicates", "format",
                                   "download the pairs from /api/v1/duplicates"))
    min_score = read_min_score(query.filters.get("min_score"))
    snapshot = snapshot_for(session, viewer)
    chosen = select_pairs(flagged_pairs(session, viewer, min_score), query.filters)
    start = (query.page - 1) * query.per_page
    page = Page(tuple(pairs_with_records(chosen[start:start + query.per_page], snapshot)),
                len(chosen), query.page, query.per_page)
    decisions = []
    if viewer.full_access:
        decisions = sorted(reviews_by_pair(session).values(), key=lambda r: r.decided_at,
                           reverse=True)
    return render_template("duplicates/index.html", snapshot=snapshot, query=query, page=page,
                           fields=filter_fields(), min_score=min_score, decisions=decisions,
                           decision_names=DECISIONS)


def _pair_state(kind: str, record_a: str, record_b: str, min_score: float) -> dict[str, Any]:
    """Both records (or the merged one), the flagged pair and its review, for the viewer."""
    session, viewer = get_session(), current_viewer()
    snapshot = snapshot_for(session, viewer)
    records = snapshot.initiatives if kind == "initiative" else snapshot.needs
    first, second = records.get(record_a), records.get(record_b)
    for record in (first, second):
        if record is not None and kind == "need" and is_redacted(record):
            raise NotFound(f"no {kind} pair {record_a!r} and {record_b!r}")
    key = pair_key(kind, record_a, record_b)
    review: Review | None = reviews_by_pair(session).get(key)
    merged = None
    # a need merged away is no longer in any snapshot, so whether it was confidential cannot
    # be told: only those who see every need see such a merge
    may_see_merge = kind == "initiative" or viewer.full_access
    if (review is not None and review.decision == "confirmed" and may_see_merge
            and (first is None) != (second is None)):
        merged = first or second
    elif first is None or second is None or record_a == record_b:
        raise NotFound(f"no {kind} pair {record_a!r} and {record_b!r}")
    flagged = next((p for p in flagged_pairs(session, viewer, min_score, kind=kind)
                    if pair_key(p["kind"], p["a"], p["b"]) == key), None)
    comparison = (compare_records(kind, first, second) if merged is None
                  else compare_records(kind, merged, merged))
    return {"snapshot": snapshot, "kind": kind, "a": record_a, "b": record_b,
            "first": first, "second": second, "merged": merged, "review": review,
            "flagged": flagged, "comparison": comparison,
            "differing": differing_fields(comparison), "min_score": min_score}


@bp.get("/<any(initiative, need):kind>/<record_a>/<path:record_b>")
def pair(kind: str, record_a: str, record_b: str) -> str:
    """Both records side by side, differences highlighted, with the score's reasons and
    parts; the secretariat's decision forms; the merged record after a confirmation."""
    state = _pair_state(kind, record_a, record_b, read_min_score(request.args.get("min_score")))
    return render_template("duplicates/pair.html", decision_names=DECISIONS, **state)


@bp.post("/<any(initiative, need):kind>/<record_a>/<path:record_b>/review")
@requires_role("secretariat")
def review(kind: str, record_a: str, record_b: str) -> Response:
    """Record the secretariat's decision on the pair (CSRF-protected form)."""
    here = url_for(".pair", kind=kind, record_a=record_a, record_b=record_b)
    decision = request.form.get("decision", "")
    note = (request.form.get("note") or "").strip() or None
    keep, drop = record_a, record_b
    if decision == "confirmed" and request.form.get("keep") == "b":
        keep, drop = record_b, record_a
    if decision == "acknowledged" and not note:
        flash("Say in the note how the overlap is coordinated.", "error")
        return redirect(here)
    session = get_session()
    try:
        done = review_pair(session, kind, keep, drop, decision, note=note,
                           actor=current_viewer().name or "secretariat")
    except InvalidInput as problem:
        session.rollback()
        flash(f"Not recorded: {problem}", "error")
        return redirect(here)
    except Exception:
        session.rollback()
        raise
    session.commit()
    if decision == "confirmed":
        flash(f"Merged {drop} into {keep}; {drop} is now an alias of {keep} "
              f"(review {done.id}, can be undone).", "info")
    else:
        flash(f"Recorded: the pair is {DECISIONS[decision]} (review {done.id}).", "info")
    return redirect(here)


@bp.post("/reviews/<int:review_id>/undo")
@requires_role("secretariat")
def undo(review_id: int) -> Response:
    """Take a decision back (a merge is undone: both records as they were)."""
    session = get_session()
    try:
        taken = undo_review(session, review_id, actor=current_viewer().name or "secretariat")
    except Exception:
        session.rollback()
        raise
    session.commit()
    flash(f"Review {taken.id} taken back: {taken.a} and {taken.b} are "
          f"{'two records again' if taken.decision == 'confirmed' else 'no longer reviewed'}.",
          "info")
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for(".pair", kind=taken.kind, record_a=taken.a,
                                      record_b=taken.b))
