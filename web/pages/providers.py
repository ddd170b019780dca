"""Providers: the filterable list and each provider's profile with its portfolio by role."""
from __future__ import annotations

from collections import Counter

import pycountry
from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from coordinator import taxonomy
from coordinator.domain import Initiative, Snapshot
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
    region_options,
)

__all__ = ["bp", "NAV", "portfolio", "language_name", "initiative_counts"]

bp = Blueprint("providers", __name__, url_prefix="/providers")
bp.record_once(install_template_helpers)
NAV = (40, "Providers", "providers.index")


def portfolio(snapshot: Snapshot, provider_id: str) -> dict[str, list[Initiative]]:
    """The provider's initiatives by role (funding, implementing, extending), newest first."""
    by_role: dict[str, list[Initiative]] = {role: [] for role in taxonomy.PROVIDER_ROLES}
    for initiative in snapshot.initiatives.values():
        for part in initiative.providers:
            if part.id == provider_id:
                by_role.setdefault(part.role, []).append(initiative)
    for initiatives in by_role.values():
        initiatives.sort(key=lambda i: (i.start is None, -(i.start.toordinal() if i.start else 0),
                                        i.title))
    return by_role


def initiative_counts(snapshot: Snapshot) -> Counter[str]:
    """How many initiatives each provider takes part in (whatever its role)."""
    counts: Counter[str] = Counter()
    for initiative in snapshot.initiatives.values():
        counts.update(set(initiative.provider_ids()))
    return counts


def language_name(code: str) -> str:
    """An ISO 639-1 code in words (``fr`` -> ``French``); the code itself when unknown."""
    language = pycountry.languages.get(alpha_2=code.lower()) if len(code) == 2 else None
    return language.name if language else code


def _filter_fields(snapshot: Snapshot) -> list[FilterField]:
    return [
        FilterField("q", "Name", "search"),
        FilterField("kind", "Kind", options=choice_options(taxonomy.PROVIDER_KINDS,
                                                           taxonomy.PROVIDER_KINDS)),
        FilterField("component", "Focus component", options=component_options()),
        FilterField("country", "Country", options=country_options(snapshot),
                    hint="home country, focus country, or in a focus region"),
        FilterField("region", "Focus region", options=region_options(snapshot)),
    ]


@bp.get("/")
def index() -> str | Response:
    """Providers with filters, sorting and pages; ``?format=csv|json`` downloads them all."""
    return list_view("providers", "providers/index.html", _filter_fields, counts=initiative_counts)


@bp.get("/<path:provider_id>")
def detail(provider_id: str) -> str:
    """One provider: kind, home, focus, budget, languages and portfolio by role."""
    snapshot = snapshot_for(get_session(), current_viewer())
    provider = snapshot.providers.get(provider_id)
    if provider is None:
        raise NotFound(f"no provider {provider_id!r}")
    return render_template(
        "providers/detail.html", snapshot=snapshot, provider=provider,
        portfolio=portfolio(snapshot, provider.id),
        languages=[language_name(code) for code in provider.languages])
