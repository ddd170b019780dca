"""The home page: the dashboard — what the record holds, the indicators by year and region, the
gap map, the newest flagged duplications and the data-quality warnings."""
from __future__ import annotations

from flask import Blueprint, render_template

from coordinator.services.matching import top_suggestions

from ..database import get_session
from ..viewer import current_viewer
from .dashboard import SEVERITY_CLASSES, dashboard_figures, install_analysis_helpers
from .listing import install_template_helpers

__all__ = ["bp", "NAV"]

bp = Blueprint("home", __name__)
bp.record_once(install_template_helpers)
bp.record_once(install_analysis_helpers)
NAV = (0, "Overview", "home.index")


@bp.get("/")
def index() -> str:
    """The dashboard of everything the viewer may see."""
    session, viewer = get_session(), current_viewer()
    figures = dashboard_figures(session, viewer)
    return render_template("home.html", severity_classes=SEVERITY_CLASSES,
                           top_suggestions=top_suggestions(session, viewer), **figures)
