"""A small world for the matching, allocation, meeting and network pages: the sample document
plus West and East African needs that share components, an initiative in East Africa, and a
provider account for UNEP. Shared by tests/web/test_pages_*.py and test_api_matching.py."""
from __future__ import annotations

from tests.web.test_auth import add_people
from tests.web.test_pages_countries import add_records

__all__ = ["MARKER", "CONFIDENTIAL_TITLE", "PLANNING_PEOPLE", "need", "add_planning_world"]

MARKER = "CONFIDENTIAL-MARKER"
CONFIDENTIAL_TITLE = "Rules for confidential business information"
#: The accounts of the sample tests, and UNEP's provider account.
PLANNING_PEOPLE = {
    "officer@cbd.example": ("secretariat", {}),
    "fp@ken.example": ("focal_point", {"country": "KEN"}),
    "donor@gef.example": ("provider", {"provider": "p-gef"}),
    "desk@unep.example": ("provider", {"provider": "p-unep"}),
    "reader@example.org": ("viewer", {}),
}


def need(ident, country, component, title, priority=2, cost=150000, **more):
    """An open need in the document format, 2026-2028, with its cost in USD."""
    return {"id": ident, "country": country, "component": component, "title": title,
            "description": f"{title}: training, equipment and guidance.", "priority": priority,
            "start": "2026-01-01", "end": "2028-12-31",
            "estimated_cost": {"amount": cost, "currency": "USD"}, "status": "open", **more}


def add_planning_world(app) -> None:
    """Add the needs, initiative and accounts the planning tests rely on."""
    add_records(app, initiatives=[{
        "id": "ini-2", "title": "East African biosafety enforcement programme",
        "description": "Inspectors and prosecutors trained on LMO enforcement.",
        "providers": [{"id": "p-unep", "role": "funding"}],
        "recipient_countries": ["KEN", "UGA", "TZA"], "components": ["l", "i"],
        "budget": {"amount": 800000, "currency": "USD"}, "start": "2025-01-01",
        "end": "2027-12-31", "status": "ongoing"}], needs=[
        need("need-sen-i", "SEN", "i", "LMO detection laboratory for Senegal", 1, 250000),
        need("need-bfa-i", "BFA", "i", "Detection kits for Burkina Faso border posts", 2),
        need("need-uga-l", "UGA", "l", "Enforcement guidance for Uganda", 1, 120000),
        need("need-tza-l", "TZA", "l", "Inspection manual for Tanzania", 2, 90000),
        need("need-uga-i", "UGA", "i", "Detection capacity for Uganda", 2, 110000),
        need("need-tza-i", "TZA", "i", "Laboratory accreditation for Tanzania", 3, 70000),
    ])
    add_people(app, PLANNING_PEOPLE)
