"""Partnership suggestions, decisions on them, and the allocation of budgets, for a viewer.

The matching index is built once per data version on the whole record; what each viewer gets
is then cut to what they may see (a need they may not read is neither suggested to them nor
answerable). Accepting or declining a suggestion records a partnership with its history, which
the next suggestions take into account (a decided pair is not suggested again, and decisions
train the weights once there are enough of them).
"""
from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .. import suggestions
from ..domain import Partnership, PartnershipEvent
from ..errors import Conflict, InvalidInput, NotFound, Problem
from ..io.records import ParsedDocument
from ..money import RateTable, default_table
from ..permissions import require
from ..store.convert import partnership_from_row
from ..store.models import PartnershipRow, utcnow
from ..store.writer import write_document
from ..visibility import SYSTEM, Viewer, can_see_need
from .catalog import cached, data_version, snapshot_for

__all__ = ["suggestions_for_need", "suggestions_for_provider", "decide", "allocation_for",
           "suggestion_partnership_id"]


def _rates(snapshot) -> RateTable:
    return RateTable(snapshot.rates) if snapshot.rates else default_table()


def _prepared(session: Session) -> tuple[Any, suggestions.Matching, Any]:
    full = snapshot_for(session, SYSTEM)
    version = data_version(session)
    matching = cached(("matching", version), lambda: suggestions.prepare(full, _rates(full)))
    return full, matching, version


# Suggestions are kept per data version (pages ask for the same ones again and again; each
# costs a text-similarity product and the decision model): the result is shared, do not change
# it. A viewer changes only which needs may be listed, hence the ``full_access`` in the key.

def suggestions_for_need(session: Session, viewer: Viewer, need_id: str, top: int = 10
                         ) -> dict[str, Any]:
    """Providers ranked for one need, each with its score's parts and reasons."""
    full, matching, version = _prepared(session)
    need = full.needs.get(need_id)
    if need is None or not can_see_need(viewer, need):
        raise NotFound(f"no need {need_id!r}")
    return cached(("need suggestions", version, need_id, top),
                  lambda: suggestions.suggest_for_need(full, _rates(full), need_id, top=top,
                                                       prepared=matching))


def suggestions_for_provider(session: Session, viewer: Viewer, provider_id: str, top: int = 10
                             ) -> dict[str, Any]:
    """Open needs ranked for one provider ("where should my next grant go?")."""
    full, matching, version = _prepared(session)
    return cached(("provider suggestions", version, provider_id, top, viewer.full_access),
                  lambda: suggestions.suggest_for_provider(
                      full, _rates(full), provider_id, top=top,
                      include_confidential=viewer.full_access, prepared=matching))


def suggestion_partnership_id(need_id: str, provider_id: str) -> str:
    """The id of the partnership a decision on (need, provider) is recorded under."""
    digest = hashlib.sha1(f"{need_id}\x00{provider_id}".encode()).hexdigest()[:12]
    return f"suggestion-{digest}"


def decide(session: Session, viewer: Viewer, need_id: str, provider_id: str, accepted: bool,
           reason: str | None = None) -> Partnership:
    """Accept or decline the suggestion (need, provider): a partnership with its history."""
    full, matching, _ = _prepared(session)
    need = full.needs.get(need_id)
    if need is None or not can_see_need(viewer, need):
        raise NotFound(f"no need {need_id!r}")
    if provider_id not in full.providers:
        raise NotFound(f"no provider {provider_id!r}")
    if reason is not None and len(reason) > 2000:
        raise InvalidInput(Problem("", "decision", "reason", "longer than 2,000 characters"))
    if not accepted and not (reason or "").strip():
        raise InvalidInput(Problem("", "decision", "reason", "say why the suggestion is declined"))
    status = "accepted" if accepted else "declined"
    partnership_id = suggestion_partnership_id(need_id, provider_id)
    # the row as it is now, locked until this transaction ends, so no decision is lost
    row = session.get(PartnershipRow, partnership_id, with_for_update=True)
    existing = partnership_from_row(row) if row is not None else None
    score = None
    try:
        found = matching.index.explain_pairs([(need_id, provider_id)])
        score = round(float(found[0].score), 4) if found else None
    except (KeyError, IndexError, ValueError):
        score = None
    history = existing.history if existing else (
        PartnershipEvent("suggested", utcnow(), None, "matching"),)
    record = Partnership(
        id=partnership_id, need=need_id, status=status, provider=provider_id,
        origin="suggestion", score=score if score is not None and 0 <= score <= 1 else None,
        history=(*history, PartnershipEvent(status, utcnow(), (reason or "").strip() or None,
                                            viewer.name or viewer.role)),
    )
    require(viewer, "accept" if accepted else "decline", record)
    try:
        write_document(session, ParsedDocument(partnerships=(record,)),
                       actor=viewer.name or viewer.role)
    except (StaleDataError, IntegrityError):
        raise Conflict(f"the suggestion {need_id} x {provider_id} was decided by someone else "
                       "at the same moment: reload and decide again") from None
    return record


def allocation_for(session: Session, viewer: Viewer, method: str = "augmenting"
                   ) -> dict[str, Any]:
    """The optimal allocation of known budgets to open needs, every assignment explained."""
    full, matching, version = _prepared(session)
    return cached(("allocation", version, method, viewer.full_access),
                  lambda: suggestions.allocation(full, _rates(full), method=method,
                                                 include_confidential=viewer.full_access,
                                                 prepared=matching))



def top_suggestions(session: Session, viewer: Viewer, count: int = 5) -> list[dict[str, Any]]:
    """The best provider for each of the ``count`` most severe gaps the viewer may see."""
    from .analysis import gaps_for

    def build() -> list[dict[str, Any]]:
        full = snapshot_for(session, SYSTEM)
        found = []
        for gap in gaps_for(session, viewer):
            need = full.needs.get(gap.need)
            if need is None or not can_see_need(viewer, need):
                continue
            best = suggestions_for_need(session, viewer, gap.need, top=1)["suggestions"]
            if best:
                found.append({"need": need, "gap": gap, "suggestion": best[0]})
            if len(found) == count:
                break
        return found

    return cached(("top-suggestions", data_version(session), viewer.full_access,
                   viewer.role, viewer.country, count), build)
