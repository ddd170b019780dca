"""Needs: the list with filters and downloads, and each need's page with its country's profile
and the initiatives already working on it (the overlap warning of the donor journey)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.domain import Need, Partnership, Snapshot
from coordinator.errors import NotFound
from coordinator.neighbours import initiatives_addressing
from coordinator.services.catalog import snapshot_for

from ..database import get_session
from ..viewer import current_viewer
from .countries import profile_is_stale
from .listing import (
    FilterField,
    Option,
    choice_options,
    component_options,
    country_options,
    install_template_helpers,
    is_redacted,
    list_view,
    region_options,
)

__all__ = ["bp", "NAV", "filter_fields", "partnerships_of"]

bp = Blueprint("needs", __name__, url_prefix="/needs")
bp.record_once(install_template_helpers)
NAV = (20, "Needs", "needs.index")

PRIORITY_OPTIONS = tuple(Option(str(p), "1 (highest) only" if p == 1 else f"1 to {p}")
                         for p in range(1, 6))


def filter_fields(snapshot: Snapshot) -> list[FilterField]:
    """The labelled fields of the need filter form, one per filter of the list."""
    return [
        FilterField("q", "Words", "search", hint="in the id, title or description"),
        FilterField("country", "Country", options=country_options(snapshot)),
        FilterField("region", "Region", options=region_options(snapshot)),
        FilterField("group", "Priority group", options=choice_options(
            taxonomy.COUNTRY_GROUPS, taxonomy.COUNTRY_GROUPS)),
        FilterField("component", "Component", options=component_options()),
        FilterField("priority", "Priority", options=PRIORITY_OPTIONS),
        FilterField("status", "Status", options=choice_options(taxonomy.NEED_STATUSES)),
        FilterField("from", "Time frame from", "date"),
        FilterField("to", "Time frame until", "date"),
    ]


def partnerships_of(snapshot: Snapshot, need: Need) -> list[Partnership]:
    """The partnerships recorded for ``need``, the most recently changed first."""
    found = [p for p in snapshot.partnerships.values() if p.need == need.id]
    return sorted(found, key=lambda p: (p.history[-1].at.isoformat() if p.history else "", p.id),
                  reverse=True)


@bp.get("/")
def index() -> str | Response:
    """Needs with filters, sorting and pages; ``?format=csv|json`` downloads them all."""
    return list_view("needs", "needs/index.html", filter_fields)


@bp.get("/<path:need_id>")
def detail(need_id: str) -> str:
    """One need with its country's profile and who else already works on it there."""
    snapshot = snapshot_for(get_session(), current_viewer())
    need = snapshot.needs.get(need_id)
    if need is None or is_redacted(need):
        raise NotFound(f"no need {need_id!r}")
    country = snapshot.countries.get(need.country)
    profile = snapshot.profiles.get(need.country)
    return render_template(
        "needs/detail.html", snapshot=snapshot, need=need, country=country, profile=profile,
        stale=profile_is_stale(profile, snapshot.as_of or date.today()),
        others=initiatives_addressing(snapshot, need),
        partnerships=partnerships_of(snapshot, need))
