"""The home page: what the record holds, at a glance."""
from __future__ import annotations

from flask import Blueprint, render_template

from coordinator import services
from coordinator.visibility import ANONYMOUS

from .database import get_session

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Totals by kind, status, region, component and priority group."""
    numbers = services.overview(get_session(), ANONYMOUS)
    return render_template("home.html", numbers=numbers)
