"""The meeting planner: proposals for regional and subregional coordination meetings (by
region, subregion or groups found in the data), each proposal explained (why it is worth
holding, who is invited on both sides and why, host, window, agenda), saved as a scheduled
meeting after the planner's changes, sent (``.ics``, printable agenda, invitee CSV), and
recorded once held, its agreements becoming partnerships.

Anyone may read proposals and meetings (made from what they may see); only the secretariat
saves and records meetings (:mod:`coordinator.permissions`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from coordinator.errors import Conflict, InvalidInput, Problem
from coordinator.services import meetings as meeting_service
from coordinator.services.catalog import snapshot_for

from ..auth import requires_role
from ..database import get_session
from ..viewer import current_viewer
from .listing import country_options, install_template_helpers, provider_options, region_options
from .meeting_plans import (
    PART_LABELS,
    SCOPE_LABELS,
    agenda_response,
    agenda_sections,
    calendar_response,
    candidate_agreements,
    find_proposal,
    invitees_response,
    open_needs_of,
    parse_day,
    planned,
    read_scope,
)

__all__ = ["bp", "NAV", "SaveState", "save_state", "changes_from"]

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
bp.record_once(install_template_helpers)
NAV = (65, "Meetings", "meetings.index")

_TITLE_LIMIT = 300
_OUTCOME_LIMIT = 10000


@dataclass
class SaveState:
    """What the save form shows: the proposal's values, or what the planner typed."""

    title: str
    host: str
    start: str
    end: str
    keep: set[str]
    add: set[str] = field(default_factory=set)


def save_state(proposal: dict[str, Any], form: Any = None) -> SaveState:
    """The save form's values: from the posted ``form`` when given, else the proposal's."""
    if form is None:
        window = proposal.get("window") or {}
        return SaveState(proposal["title"], proposal.get("host") or "",
                         window.get("start") or "", window.get("end") or "",
                         {*proposal["invitees"]["countries"], *proposal["invitees"]["providers"]})
    return SaveState((form.get("title") or "").strip(), (form.get("host") or "").strip(),
                     (form.get("start") or "").strip(), (form.get("end") or "").strip(),
                     set(form.getlist("keep")),
                     {*form.getlist("add_country"), *form.getlist("add_provider")})


def changes_from(proposal: dict[str, Any], state: SaveState) -> meeting_service.ProposalChanges:
    """The planner's changes to ``proposal`` as the meetings service takes them."""
    record = f"meeting {proposal['id']}"
    if len(state.title) > _TITLE_LIMIT:
        raise InvalidInput(Problem("form", record, "title",
                                   f"longer than {_TITLE_LIMIT} characters"))
    invited = [*proposal["invitees"]["countries"], *proposal["invitees"]["providers"]]
    return meeting_service.ProposalChanges(
        title=state.title if state.title and state.title != proposal["title"] else None,
        host=state.host if state.host and state.host != proposal.get("host") else None,
        start=parse_day(state.start, "start", record),
        end=parse_day(state.end, "end", record),
        invite=tuple(sorted(state.add - set(invited))),
        uninvite=tuple(ref for ref in invited if ref not in state.keep),
    )


@bp.get("/")
def index() -> str:
    """Proposals for the scope and area asked for, best first, and the meetings on record."""
    scope, area = read_scope(request.args)
    result = planned(scope, area)
    country = (request.args.get("country") or "").strip().upper() or None
    session = get_session()
    viewer = current_viewer()
    snapshot = snapshot_for(session, viewer)
    recorded = meeting_service.list_meetings(session, viewer, country=country)
    return render_template(
        "meetings/index.html", snapshot=snapshot, result=result, scope=scope, area=area,
        scopes=SCOPE_LABELS, areas=region_options(snapshot), recorded=recorded,
        country=country, countries=country_options(snapshot), part_labels=PART_LABELS)


def _proposal_page(proposal: dict[str, Any], scope: str, area: str | None, *,
                   state: SaveState | None = None, problems: list[Problem] | None = None,
                   status: int = 200) -> tuple[str, int]:
    snapshot = snapshot_for(get_session(), current_viewer())
    invited = {*proposal["invitees"]["countries"], *proposal["invitees"]["providers"]}
    return render_template(
        "meetings/proposal.html", snapshot=snapshot, m=proposal, scope=scope, area=area,
        part_labels=PART_LABELS, sections=agenda_sections(proposal),
        state=state or save_state(proposal), problems=problems or [],
        editable=current_viewer().full_access,
        more_countries=[o for o in country_options(snapshot) if o.value not in invited],
        more_providers=[o for o in provider_options(snapshot) if o.value not in invited],
    ), status


@bp.get("/proposals/<path:proposal_id>")
def proposal(proposal_id: str) -> tuple[str, int]:
    """One proposal: why, who and why, host, window, agenda; the form to save it."""
    scope, area = read_scope(request.args)
    return _proposal_page(find_proposal(proposal_id, scope, area), scope, area)


@bp.post("/proposals/<path:proposal_id>/save")
@requires_role("secretariat")
def save(proposal_id: str) -> Response | tuple[str, int]:
    """Save the proposal, with the planner's changes, as a scheduled meeting."""
    scope, area = read_scope(request.form)
    found = find_proposal(proposal_id, scope, area)
    state = save_state(found, request.form)
    session = get_session()
    viewer = current_viewer()
    try:
        changes = changes_from(found, state)
        saved = meeting_service.save_proposal(
            session, viewer, proposal_id, scope=scope, area=area, changes=changes,
            actor=viewer.name or viewer.role)
    except (InvalidInput, Conflict) as error:
        session.rollback()
        problems = error.problems if isinstance(error, InvalidInput) else \
            [Problem("", f"meeting {proposal_id}", "", str(error))]
        return _proposal_page(found, scope, area, state=state, problems=problems,
                              status=422 if isinstance(error, InvalidInput) else 409)
    except Exception:
        session.rollback()
        raise
    session.commit()
    flash(f"“{saved['title']}” is saved as a scheduled meeting with "
          f"{saved['size']} invitees. Download the invitation and the agenda to send them.",
          "info")
    return redirect(url_for("meetings.recorded", meeting_id=saved["id"]))


@bp.get("/proposals/<path:proposal_id>/calendar.ics")
def proposal_calendar(proposal_id: str) -> Response:
    """The proposal as an iCalendar invitation."""
    return calendar_response(find_proposal(proposal_id, *read_scope(request.args)))


@bp.get("/proposals/<path:proposal_id>/agenda")
def proposal_agenda(proposal_id: str) -> Response:
    """The proposal's printable agenda (``?download=1`` to save it)."""
    return agenda_response(find_proposal(proposal_id, *read_scope(request.args)),
                           download=bool(request.args.get("download")))


@bp.get("/proposals/<path:proposal_id>/invitees.csv")
def proposal_invitees(proposal_id: str) -> Response:
    """The proposal's invitee list as CSV."""
    return invitees_response(find_proposal(proposal_id, *read_scope(request.args)))


def _meeting(meeting_id: str) -> dict[str, Any]:
    return meeting_service.get_meeting(get_session(), current_viewer(), meeting_id)


def _recorded_page(meeting: dict[str, Any], *, problems: list[Problem] | None = None,
                   form: Any = None, status: int = 200) -> tuple[str, int]:
    session = get_session()
    viewer = current_viewer()
    snapshot = snapshot_for(session, viewer)
    recordable = viewer.full_access and meeting["status"] in ("scheduled", "held", "proposed")
    return render_template(
        "meetings/recorded.html", snapshot=snapshot, m=meeting,
        sections=agenda_sections(meeting), problems=problems or [], form=form,
        recordable=recordable,
        candidates=candidate_agreements(snapshot, viewer, meeting) if recordable else [],
        open_needs=open_needs_of(snapshot, viewer, meeting["invitees"]["countries"])
        if recordable else [],
    ), status


@bp.get("/recorded/<path:meeting_id>")
def recorded(meeting_id: str) -> tuple[str, int]:
    """A meeting on record: who, when, agenda, outcome and the partnerships agreed there."""
    return _recorded_page(_meeting(meeting_id))


def _agreed_pairs(form: Any, record: str) -> list[tuple[str, str]]:
    pairs = []
    for value in form.getlist("agreed"):
        need, _, provider = value.partition("|")
        if not need or not provider:
            raise InvalidInput(Problem("form", record, "agreed", f"{value!r} is not a pair"))
        pairs.append((need, provider))
    other_need = (form.get("other_need") or "").strip()
    other_provider = (form.get("other_provider") or "").strip()
    if other_need or other_provider:
        if not (other_need and other_provider):
            raise InvalidInput(Problem("form", record, "other agreement",
                                       "choose both a need and a provider"))
        pairs.append((other_need, other_provider))
    return pairs


@bp.post("/recorded/<path:meeting_id>/outcome")
@requires_role("secretariat")
def record_outcome(meeting_id: str) -> Response | tuple[str, int]:
    """Record the meeting as held (outcome, agreements) or cancelled."""
    meeting = _meeting(meeting_id)
    form = request.form
    record = f"meeting {meeting_id}"
    session = get_session()
    viewer = current_viewer()
    try:
        held = form.get("happened", "held") != "cancelled"
        outcome = (form.get("outcome") or "").strip()
        if len(outcome) > _OUTCOME_LIMIT:
            raise InvalidInput(Problem("form", record, "outcome",
                                       f"longer than {_OUTCOME_LIMIT:,} characters"))
        result = meeting_service.record_meeting(
            session, viewer, meeting_id, held=held, outcome=outcome or None,
            agreed=_agreed_pairs(form, record) if held else (),
            start=parse_day(form.get("start"), "start", record),
            end=parse_day(form.get("end"), "end", record), actor=viewer.name or viewer.role)
    except (InvalidInput, Conflict) as error:
        session.rollback()
        problems = error.problems if isinstance(error, InvalidInput) else \
            [Problem("", record, "", str(error))]
        return _recorded_page(meeting, problems=problems, form=form,
                              status=422 if isinstance(error, InvalidInput) else 409)
    except Exception:
        session.rollback()
        raise
    session.commit()
    if held:
        count = len(result.agreements)
        flash(f"The meeting is recorded as held; {count} agreement{'s' if count != 1 else ''} "
              "recorded as partnerships.", "info")
    else:
        flash("The meeting is recorded as cancelled.", "info")
    return redirect(url_for("meetings.recorded", meeting_id=meeting_id))


@bp.get("/recorded/<path:meeting_id>/calendar.ics")
def recorded_calendar(meeting_id: str) -> Response:
    """A recorded meeting as an iCalendar invitation."""
    return calendar_response(_meeting(meeting_id))


@bp.get("/recorded/<path:meeting_id>/agenda")
def recorded_agenda(meeting_id: str) -> Response:
    """A recorded meeting's printable agenda."""
    return agenda_response(_meeting(meeting_id), download=bool(request.args.get("download")))


@bp.get("/recorded/<path:meeting_id>/invitees.csv")
def recorded_invitees(meeting_id: str) -> Response:
    """A recorded meeting's invitee list as CSV."""
    return invitees_response(_meeting(meeting_id))
