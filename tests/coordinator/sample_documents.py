"""Small hand-made documents in the capacity-coordinator/1 format, shared by tests."""
from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "format": "capacity-coordinator/1",
    "providers": [
        {"id": "p-gef", "name": "Global Environment Facility", "kind": "gef",
         "focus_components": ["a1", "f"], "focus_regions": ["002"],
         "budget": {"amount": 2000000, "currency": "USD"}, "languages": ["en", "fr"],
         "contact": "programme@example.org"},
        {"id": "p-unep", "name": "UN Environment Programme", "kind": "multilateral",
         "focus_components": ["i", "c"], "focus_countries": ["KEN", "GHA"]},
    ],
    "initiatives": [
        {"id": "ini-1", "title": "LMO detection laboratory network for West Africa",
         "description": "Equips and trains three national reference laboratories.",
         "providers": [{"id": "p-gef", "role": "funding"},
                       {"id": "p-unep", "role": "implementing"}],
         "recipient_countries": ["GHA", "SEN", "BFA"], "recipient_regions": ["011"],
         "components": ["i", "b"], "budget": {"amount": 1500000.5, "currency": "EUR"},
         "start": "2024-01-01", "end": "2026-12-31", "status": "ongoing",
         "lessons": "Pooling reference materials across laboratories cut costs."},
    ],
    "needs": [
        {"id": "need-gha-i", "country": "GHA", "component": "i",
         "title": "Detection of LMOs at ports of entry",
         "description": "Border officers need rapid strip tests and training.",
         "priority": 1, "sequence": 1, "start": "2025-01-01", "end": "2027-12-31",
         "estimated_cost": {"amount": 350000, "currency": "USD"}, "status": "open"},
        {"id": "need-ken-l", "country": "KEN", "component": "l",
         "title": "Rules for confidential business information in applications",
         "description": "CONFIDENTIAL-MARKER enforcement case under review.",
         "priority": 2, "estimated_cost": {"amount": 90000, "currency": "USD"},
         "status": "open", "confidential": True},
    ],
    "capacities": [
        {"id": "cap-ken-c", "country": "KEN", "component": "c", "level": "advanced",
         "description": "National risk-assessment committee with 12 trained members.",
         "can_offer": True},
    ],
    "profiles": [
        {"country": "GHA", "focal_point": True, "competent_authority": True,
         "framework": "operational", "strategy": True, "coordination_mechanism": False,
         "bch_node": True, "funding_need_short": {"amount": 500000, "currency": "USD"},
         "updated": "2025-06-30"},
    ],
    "meetings": [
        {"id": "m-wa-2025", "title": "West Africa subregional coordination meeting",
         "scope": "subregion", "area": "011", "host": "GHA", "start": "2025-03-10",
         "end": "2025-03-12", "status": "held",
         "invitees": {"countries": ["GHA", "SEN"], "providers": ["p-gef"]},
         "agenda": ["Shared gaps in LMO detection"], "components": ["i"],
         "outcome": "Agreed to pool reference materials."},
    ],
    "partnerships": [
        {"id": "pt-1", "need": "need-gha-i", "provider": "p-gef", "status": "accepted",
         "origin": "meeting", "meeting": "m-wa-2025", "score": 0.82,
         "history": [{"status": "suggested", "at": "2025-03-10T09:00:00"},
                     {"status": "accepted", "at": "2025-03-12T16:30:00",
                      "note": "Agreed at the meeting"}]},
    ],
}


def base_document() -> dict[str, Any]:
    """A fresh deep copy of the base document."""
    return copy.deepcopy(BASE)


def snapshot_of(document: dict[str, Any] | None = None, as_of=None):
    """A Snapshot of a document without any database: reference data from seed_data."""
    from datetime import date

    from coordinator.domain import Snapshot
    from coordinator.io.records import ReferenceContext, parse_document
    from coordinator.money import load_rates
    from coordinator.reference import load_countries, load_regions

    regions = load_regions()
    countries = load_countries()
    parsed = parse_document(document or base_document(),
                            ReferenceContext(countries=set(countries), regions=set(regions)))
    return Snapshot(
        countries=countries, regions=regions,
        profiles={p.country: p for p in parsed.profiles},
        providers={p.id: p for p in parsed.providers},
        initiatives={i.id: i for i in parsed.initiatives},
        needs={n.id: n for n in parsed.needs},
        capacities={c.id: c for c in parsed.capacities},
        partnerships={p.id: p for p in parsed.partnerships},
        meetings={m.id: m for m in parsed.meetings},
        rates=load_rates(), as_of=as_of or date(2026, 11, 24),
    )
