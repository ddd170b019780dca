"""The Flask application: pages and API over the coordinator's services."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from coordinator.store import resolve_url

from . import api, auth, database, errors, security
from .pages import register_pages

__all__ = ["create_app"]


def _instance_secret() -> str:
    """A secret key kept in ``instance/secret_key`` (made once, readable by its owner only)."""
    path = Path(os.environ.get("INSTANCE_PATH", "instance")) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key)
        return key


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``test_config`` overrides the settings read from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY") or _instance_secret(),
        DATABASE_URL=resolve_url(None),
        MAX_CONTENT_LENGTH=int(os.environ.get("MAX_CONTENT_LENGTH", 64 * 1024 * 1024)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # behind a TLS proxy: the cookie is then never sent over plain HTTP
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE", "").strip().lower()
        in ("1", "true", "yes", "on"),
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config:
        app.config.update(test_config)
    database.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    navigation = register_pages(app)
    api.init_app(app)

    @app.context_processor
    def _navigation() -> dict[str, Any]:
        return {"navigation": navigation}

    return app
