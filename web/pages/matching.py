"""Partnership suggestions in the browser, both ways, every score explained.

* The provider side, the donor's first screen: the provider page shows the best fitting needs
  (``provider_fit_preview`` fills its ``fitting_needs`` block) and ``/providers/<id>/fit`` ranks
  them all, with filters (component, country, region, priority group, time frame).
* The need side: the need page's "Suggested providers" (``need_suggestions``).

Accepting or declining (with a reason) is a CSRF-protected form posted to
``/matching/decision``; only the provider's own account or the secretariat may decide. The
decision becomes a partnership, the decided pair is not suggested again, and the page it came
from is shown again.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.domain import Need, Provider
from coordinator.errors import InvalidInput, NotFound, PermissionDenied, Problem
from coordinator.services import matching as matching_service
from coordinator.services.catalog import snapshot_for

from ..auth import requires_role, safe_next
from ..database import get_session
from ..viewer import current_viewer
from .fit_rows import (
    FIT_FILTERS,
    SHOW_CHOICES,
    Ranking,
    fit_filters,
    fitting_needs,
    may_decide,
    suggested_providers,
)
from .listing import (
    FilterField,
    choice_options,
    component_options,
    country_options,
    install_template_helpers,
    region_options,
)

__all__ = ["bp", "provider_fit_preview", "need_suggestions", "fit_fields", "DEFAULT_SHOW",
           "PREVIEW_SIZE"]

bp = Blueprint("matching", __name__)
bp.record_once(install_template_helpers)

DEFAULT_SHOW = 25
#: How many fitting needs the provider page shows before "see all".
PREVIEW_SIZE = 5
_REASON_LIMIT = 2000


def fit_fields(snapshot: Any) -> list[FilterField]:
    """The labelled fields of the fit page's filter form."""
    return [
        FilterField("component", "Component", options=component_options()),
        FilterField("country", "Country", options=country_options(snapshot)),
        FilterField("region", "Region", options=region_options(snapshot)),
        FilterField("group", "Priority group", options=choice_options(
            taxonomy.PRIORITY_GROUPS, taxonomy.COUNTRY_GROUPS)),
        FilterField("from", "Time frame from", "date"),
        FilterField("to", "Time frame until", "date"),
    ]


def provider_fit_preview(provider: Provider, top: int = PREVIEW_SIZE) -> Ranking:
    """The best fitting needs of ``provider`` for the provider page (template global)."""
    viewer = current_viewer()
    session = get_session()
    return fitting_needs(session, viewer, snapshot_for(session, viewer), provider.id, top=top)


def need_suggestions(need: Need, top: int = 8) -> Ranking:
    """The providers suggested for ``need``, for the need page (template global)."""
    viewer = current_viewer()
    session = get_session()
    return suggested_providers(session, viewer, snapshot_for(session, viewer), need, top=top)


def _may_decide_now(provider_id: str) -> bool:
    return may_decide(current_viewer(), provider_id)


def _template_globals(state: BlueprintSetupState) -> None:
    state.app.add_template_global(provider_fit_preview, "provider_fit_preview")
    state.app.add_template_global(need_suggestions, "need_suggestions")
    state.app.add_template_global(_may_decide_now, "may_decide")


bp.record_once(_template_globals)


def _show() -> int:
    raw = request.args.get("show") or str(DEFAULT_SHOW)
    if not raw.isdigit() or int(raw) not in SHOW_CHOICES:
        raise InvalidInput(Problem("query", "fitting needs", "show", "one of "
                                   + ", ".join(str(n) for n in SHOW_CHOICES)))
    return int(raw)


@bp.get("/providers/<path:provider_id>/fit")
def provider_fit(provider_id: str) -> str:
    """Every open need ranked by fit for one provider, filtered, each explained."""
    viewer = current_viewer()
    session = get_session()
    snapshot = snapshot_for(session, viewer)
    provider = snapshot.providers.get(provider_id)
    if provider is None:
        raise NotFound(f"no provider {provider_id!r}")
    filters = fit_filters(request.args)
    show = _show()
    ranking = fitting_needs(session, viewer, snapshot, provider.id, filters=filters, top=show)
    return render_template(
        "matching/provider_fit.html", snapshot=snapshot, provider=provider, ranking=ranking,
        filters=filters, fields=fit_fields(snapshot), show=show, show_choices=SHOW_CHOICES,
        filter_names=FIT_FILTERS, here=request.full_path.rstrip("?"))


def _back(default: str) -> str:
    return safe_next(request.form.get("next")) or default


@bp.post("/matching/decision")
@requires_role()
def decision() -> Response:
    """Accept or decline (with a reason) the suggestion of a need to a provider."""
    need_id = (request.form.get("need") or "").strip()
    provider_id = (request.form.get("provider") or "").strip()
    choice = request.form.get("decision")
    reason = (request.form.get("reason") or "").strip()
    back = _back(url_for("matching.provider_fit", provider_id=provider_id)
                 if provider_id else url_for("providers.index"))
    if not need_id or not provider_id or choice not in ("accept", "decline"):
        raise InvalidInput(Problem("form", "decision", "decision",
                                   "name a need, a provider and accept or decline"))
    if len(reason) > _REASON_LIMIT:
        flash(f"The reason is longer than {_REASON_LIMIT:,} characters; shorten it.", "error")
        return redirect(back)
    viewer = current_viewer()
    if not may_decide(viewer, provider_id):
        raise PermissionDenied("only the provider's own account or the secretariat may accept "
                               "or decline its suggestions")
    session = get_session()
    try:
        matching_service.decide(session, viewer, need_id, provider_id, choice == "accept",
                                reason or None)
    except InvalidInput as error:
        session.rollback()
        flash("; ".join(p.message for p in error.problems).capitalize() + ".", "error")
        return redirect(back)
    except Exception:
        session.rollback()
        raise
    session.commit()
    snapshot = snapshot_for(session, viewer)
    need = snapshot.needs.get(need_id)
    provider = snapshot.providers.get(provider_id)
    what = f"“{need.title}”" if need else need_id
    who = provider.name if provider else provider_id
    if choice == "accept":
        flash(f"Accepted: {who} and {what} are now a partnership. It no longer appears among "
              "the suggestions.", "info")
    else:
        flash(f"Declined: {what} will not be suggested to {who} again. The reason is kept "
              "with the decision.", "info")
    return redirect(back)
