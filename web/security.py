"""Security headers and CSRF protection for every response and form."""
from __future__ import annotations

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect

__all__ = ["init_app", "csrf"]

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    return response


def init_app(app: Flask) -> None:
    """CSRF on every form (the token-authenticated API is exempted where it registers)."""
    csrf.init_app(app)
    app.after_request(_headers)
