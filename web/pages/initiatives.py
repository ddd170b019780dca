"""Initiatives: the list with every filter users ask for, downloads, and each initiative's page."""
from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.domain import Snapshot
from coordinator.errors import NotFound
from coordinator.services.catalog import snapshot_for

from ..database import get_session
from ..viewer import current_viewer
from .listing import (
    FilterField,
    choice_options,
    component_options,
    country_options,
    install_template_helpers,
    list_view,
    provider_options,
    region_options,
)

__all__ = ["bp", "NAV", "filter_fields"]

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")
bp.record_once(install_template_helpers)
NAV = (30, "Initiatives", "initiatives.index")


def filter_fields(snapshot: Snapshot) -> list[FilterField]:
    """The labelled fields of the initiative filter form, one per filter of the list."""
    return [
        FilterField("q", "Words", "search", hint="in the id, title or description"),
        FilterField("country", "Recipient country", options=country_options(snapshot),
                    hint="directly or through a recipient region"),
        FilterField("region", "Region", options=region_options(snapshot)),
        FilterField("component", "Component", options=component_options()),
        FilterField("provider", "Provider", options=provider_options(snapshot)),
        FilterField("role", "Provider role", options=choice_options(taxonomy.PROVIDER_ROLES)),
        FilterField("kind", "Provider kind", options=choice_options(taxonomy.PROVIDER_KINDS,
                                                                    taxonomy.PROVIDER_KINDS)),
        FilterField("status", "Status", options=choice_options(taxonomy.INITIATIVE_STATUSES)),
        FilterField("from", "Active from", "date"),
        FilterField("to", "Active until", "date"),
    ]


@bp.get("/")
def index() -> str | Response:
    """Initiatives with filters, sorting and pages; ``?format=csv|json`` downloads them all."""
    return list_view("initiatives", "initiatives/index.html", filter_fields)


@bp.get("/<path:initiative_id>")
def detail(initiative_id: str) -> str:
    """One initiative with everything recorded about it."""
    snapshot = snapshot_for(get_session(), current_viewer())
    initiative = snapshot.initiatives.get(initiative_id)
    if initiative is None:
        raise NotFound(f"no initiative {initiative_id!r}")
    return render_template("initiatives/detail.html", snapshot=snapshot, initiative=initiative)
