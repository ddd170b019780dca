"""A record for the analysis pages' tests: the sample document plus planted duplicates.

* ``ini-2`` is ``ini-1`` entered a second time (a duplicate record);
* ``ini-3`` is another provider's support to the same thing in Ghana and Senegal at the same
  time (overlapping support with ``ini-2``);
* ``need-ken-l2`` is a public need of Kenya that duplicates the confidential ``need-ken-l``:
  the pair may be shown only to those who may read the confidential need.
"""
from __future__ import annotations

from typing import Any

import pytest

from coordinator import services
from coordinator.store import make_engine, session_scope
from tests.coordinator.sample_documents import base_document
from web import create_app

__all__ = ["analysis_document", "analysis_app", "MARKER", "TITLE"]

MARKER = "CONFIDENTIAL-MARKER"
TITLE = "Rules for confidential business information"


def analysis_document() -> dict[str, Any]:
    """The sample document with the planted pairs."""
    document = base_document()
    for need in document["needs"]:
        if need["id"] == "need-ken-l":
            need.update({"start": "2025-01-01", "end": "2026-12-31"})
    document["initiatives"] += [
        {"id": "ini-2", "title": "LMO detection laboratories network in West Africa",
         "description": "Trains and equips three national reference laboratories for LMO "
                        "detection.",
         "providers": [{"id": "p-gef", "role": "funding"}],
         "recipient_countries": ["GHA", "SEN", "BFA"], "components": ["i"],
         "budget": {"amount": 1600000, "currency": "USD"},
         "start": "2024-02-01", "end": "2026-12-31", "status": "ongoing"},
        {"id": "ini-3", "title": "LMO detection laboratory support for Ghana and Senegal",
         "description": "Equips the national reference laboratories of Ghana and Senegal "
                        "for LMO detection and trains their analysts.",
         "providers": [{"id": "p-unep", "role": "funding"}],
         "recipient_countries": ["GHA", "SEN"], "components": ["i"],
         "budget": {"amount": 1200000, "currency": "USD"},
         "start": "2024-03-01", "end": "2026-12-31", "status": "ongoing"},
    ]
    document["needs"].append(
        {"id": "need-ken-l2", "country": "KEN", "component": "l",
         "title": "Confidential business information rules in applications",
         "description": "Rules for business information in applications: an enforcement case "
                        "under review.",
         "priority": 2, "start": "2025-01-01", "end": "2026-12-31",
         "estimated_cost": {"amount": 90000, "currency": "USD"}, "status": "open"})
    return document


@pytest.fixture
def analysis_app(sqlite_url):
    """An application over the analysis document (SQLite), CSRF on as in production."""
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        services.import_document(session, analysis_document(), source="analysis.json")
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test"})
    yield app
    app.extensions["coordinator.engine"].dispose()
