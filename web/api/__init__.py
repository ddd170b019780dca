"""The JSON API under /api/v1: one module per resource, each adding routes to ``bp``."""
from __future__ import annotations

import pkgutil
from importlib import import_module

from flask import Blueprint, Flask, jsonify, request

from ..security import csrf
from .spec import openapi_document

__all__ = ["bp", "init_app"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(request.host_url))


def init_app(app: Flask) -> None:
    """Load every resource module of this package, then register the API (CSRF-exempt: tokens)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "spec":
            import_module(f"{__name__}.{info.name}")
    csrf.exempt(bp)
    app.register_blueprint(bp)
