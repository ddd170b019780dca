"""Flask fixtures: an application on a real SQLite file with the sample document loaded."""
from __future__ import annotations

import pytest

from coordinator import services
from coordinator.store import make_engine, session_scope
from tests.coordinator.sample_documents import base_document
from web import create_app


@pytest.fixture
def app(sqlite_url):
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        services.import_document(session, base_document(), source="sample.json")
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test"})
    yield app
    app.extensions["coordinator.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()
