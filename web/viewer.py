"""Who is asking: the coordinator Viewer behind the current request."""
from __future__ import annotations

from flask import g

from coordinator.visibility import ANONYMOUS, Viewer

__all__ = ["current_viewer", "set_viewer"]


def set_viewer(viewer: Viewer) -> None:
    """Remember the request's viewer (set once by the authentication layer)."""
    g.viewer = viewer


def current_viewer() -> Viewer:
    """The request's viewer; anonymous until someone signs in or presents a token."""
    return g.get("viewer", ANONYMOUS)
