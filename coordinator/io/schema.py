"""JSON Schemas of the document format, for the API description (OpenAPI 3.1) and for users.

They describe what :mod:`coordinator.io.records` accepts; a test checks the two agree.
"""
from __future__ import annotations

from typing import Any

from .. import taxonomy
from .fields import LIMITS

__all__ = ["RECORD_SCHEMAS", "money_schema", "document_schema"]

_DATE = {"type": "string", "format": "date", "example": "2025-01-31"}
_DATETIME = {"type": "string", "format": "date-time"}


def money_schema() -> dict[str, Any]:
    """A money object: a non-negative amount and its ISO 4217 currency."""
    return {
        "type": "object", "additionalProperties": False, "required": ["amount", "currency"],
        "properties": {
            "amount": {"type": "number", "minimum": 0, "maximum": 1e15, "multipleOf": 0.01},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "example": "USD"},
        },
    }


def _text(limit: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "maxLength": LIMITS[limit], **extra}


def _codes(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item, "uniqueItems": True}


_COUNTRY = {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 3166-1 alpha-3",
            "example": "KEN"}
_REGION = {"type": "string", "pattern": "^[0-9]{3}$", "description": "UN M49 code",
           "example": "014"}
_COMPONENT = {"type": "string", "enum": list(taxonomy.COMPONENTS),
              "description": "Action Plan component"}
_ID = _text("id", minLength=1)


def _record(required: list[str], properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "required": required,
            "additionalProperties": False, "properties": properties}


RECORD_SCHEMAS: dict[str, dict[str, Any]] = {
    "Provider": _record(["id", "name", "kind"], {
        "id": _ID, "name": _text("name"), "kind": {"type": "string",
                                                   "enum": list(taxonomy.PROVIDER_KINDS)},
        "country": _COUNTRY, "focus_components": _codes(_COMPONENT),
        "focus_countries": _codes(_COUNTRY), "focus_regions": _codes(_REGION),
        "budget": money_schema(),
        "languages": _codes({"type": "string", "pattern": "^[a-z]{2}$"}),
        "contact": _text("contact"), "updated": _DATETIME,
    }, "A donor, agency, expert of the roster or country offering South-South support."),
    "Initiative": _record(["id", "title"], {
        "id": _ID, "title": _text("title"), "description": _text("text"),
        "providers": {"type": "array", "items": {
            "type": "object", "required": ["id"], "additionalProperties": False,
            "properties": {"id": _ID, "role": {"type": "string",
                                               "enum": list(taxonomy.PROVIDER_ROLES)}}}},
        "recipient_countries": _codes(_COUNTRY), "recipient_regions": _codes(_REGION),
        "components": _codes(_COMPONENT), "budget": money_schema(), "start": _DATE,
        "end": _DATE, "status": {"type": "string", "enum": list(taxonomy.INITIATIVE_STATUSES)},
        "lessons": _text("text"), "aliases": _codes(_ID),
        "unmapped_sectors": {"type": "array", "items": _text("name")}, "updated": _DATETIME,
    }, "A funded capacity-building project."),
    "Need": _record(["id", "country", "component", "title"], {
        "id": _ID, "country": _COUNTRY, "component": _COMPONENT, "title": _text("title"),
        "description": _text("text"),
        "priority": {"type": "integer", "minimum": 1, "maximum": 5, "description": "1 highest"},
        "sequence": {"type": "integer", "minimum": 0}, "start": _DATE, "end": _DATE,
        "estimated_cost": money_schema(),
        "status": {"type": "string", "enum": list(taxonomy.NEED_STATUSES)},
        "confidential": {"type": "boolean"}, "updated": _DATETIME,
    }, "A country's capacity-building need in one component."),
    "Capacity": _record(["id", "country", "component"], {
        "id": _ID, "country": _COUNTRY, "component": _COMPONENT,
        "level": {"type": "string", "enum": list(taxonomy.CAPACITY_LEVELS)},
        "description": _text("text"), "can_offer": {"type": "boolean"}, "updated": _DATETIME,
    }, "A capacity a country has; can_offer marks it available for South-South cooperation."),
    "Profile": _record(["country"], {
        "country": _COUNTRY, "focal_point": {"type": "boolean"},
        "competent_authority": {"type": "boolean"},
        "framework": {"type": "string", "enum": list(taxonomy.FRAMEWORK_STAGES)},
        "strategy": {"type": "boolean"}, "coordination_mechanism": {"type": "boolean"},
        "bch_node": {"type": "boolean"}, "funding_need_short": money_schema(),
        "funding_need_long": money_schema(), "updated": _DATE,
    }, "A country's national biosafety status (Action Plan 5.1)."),
    "Meeting": _record(["id", "title", "scope", "area"], {
        "id": _ID, "title": _text("title"),
        "scope": {"type": "string", "enum": list(taxonomy.MEETING_SCOPES)},
        "area": _text("name"), "host": _COUNTRY, "start": _DATE, "end": _DATE,
        "status": {"type": "string", "enum": list(taxonomy.MEETING_STATUSES)},
        "invitees": {"type": "object", "additionalProperties": False, "properties": {
            "countries": _codes(_COUNTRY), "providers": _codes(_ID)}},
        "agenda": {"type": "array", "items": _text("note")}, "components": _codes(_COMPONENT),
        "outcome": _text("text"),
    }, "A regional or subregional coordination meeting."),
    "Partnership": _record(["id", "need"], {
        "id": _ID, "need": _ID, "provider": _ID, "initiative": _ID,
        "status": {"type": "string", "enum": list(taxonomy.PARTNERSHIP_STATUSES)},
        "origin": {"type": "string", "enum": ["suggestion", "meeting", "manual"]},
        "meeting": _ID, "score": {"type": "number", "minimum": 0, "maximum": 1},
        "history": {"type": "array", "items": {
            "type": "object", "required": ["status", "at"], "properties": {
                "status": {"type": "string", "enum": list(taxonomy.PARTNERSHIP_STATUSES)},
                "at": _DATETIME, "note": _text("note"), "by": _text("name")}}},
    }, "A need linked to a provider or an initiative, with its status history."),
}


def document_schema() -> dict[str, Any]:
    """The whole import/export document."""
    lists = {"providers": "Provider", "initiatives": "Initiative", "needs": "Need",
             "capacities": "Capacity", "profiles": "Profile", "meetings": "Meeting",
             "partnerships": "Partnership"}
    return {
        "type": "object",
        "properties": {
            "format": {"const": "capacity-coordinator/1"},
            **{name: {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
               for name, schema in lists.items()},
        },
        "additionalProperties": False,
    }
