"""Turning errors into answers in one place: JSON under /api/, a page elsewhere."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from coordinator.errors import CoordinatorError, InvalidInput

__all__ = ["init_app", "wants_json"]


def wants_json() -> bool:
    """True for API requests and clients that ask for JSON."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _coordinator_error(error: CoordinatorError):
    status = error.http_status
    problems = [p.as_dict() for p in error.problems] if isinstance(error, InvalidInput) else []
    if wants_json():
        return jsonify({"error": type(error).__name__, "message": str(error),
                        "problems": problems}), status
    return render_template("error.html", status=status, message=str(error),
                           problems=problems), status


def _http_error(error: HTTPException):
    if wants_json():
        return jsonify({"error": error.name, "message": error.description}), error.code
    return render_template("error.html", status=error.code, message=error.description,
                           problems=[]), error.code


def init_app(app: Flask) -> None:
    """Install the error handlers."""
    app.register_error_handler(CoordinatorError, _coordinator_error)
    app.register_error_handler(HTTPException, _http_error)
