"""The home page: what the record holds, at a glance."""
from __future__ import annotations

from flask import Blueprint, render_template

from coordinator import services

from ..database import get_session
from ..viewer import current_viewer

bp = Blueprint("home", __name__)
NAV = (0, "Overview", "home.index")


@bp.get("/")
def index() -> str:
    """Totals by kind, status, region, component and priority group."""
    numbers = services.overview(get_session(), current_viewer())
    return render_template("home.html", numbers=numbers)
