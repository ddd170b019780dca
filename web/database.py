"""One engine per application, one session per request (closed at teardown)."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from coordinator.store import make_engine

__all__ = ["init_app", "get_session"]


def init_app(app: Flask) -> None:
    """Create the application's engine and close each request's session when it ends."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["coordinator.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["coordinator.engine"] = engine
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's database session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["coordinator.sessionmaker"]()
    return g.db_session


def _close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
