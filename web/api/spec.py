"""The API's description: each endpoint registers itself, and /api/v1/openapi.json is built from it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coordinator.io.schema import RECORD_SCHEMAS, document_schema

__all__ = ["Operation", "operation", "openapi_document", "OPERATIONS"]


@dataclass(frozen=True)
class Operation:
    """One documented endpoint."""

    method: str
    path: str
    summary: str
    tag: str
    parameters: tuple[dict[str, Any], ...] = ()
    request_schema: dict[str, Any] | None = None
    response_schema: dict[str, Any] = field(default_factory=lambda: {"type": "object"})
    success: int = 200
    auth: bool = False


OPERATIONS: list[Operation] = []


def operation(method: str, path: str, summary: str, tag: str, **details: Any) -> Callable:
    """Document the decorated view as ``method path`` (``path`` in OpenAPI form, ``{id}``)."""
    OPERATIONS.append(Operation(method.lower(), path, summary, tag, **details))

    def decorate(view: Callable) -> Callable:
        return view
    return decorate


def query(name: str, description: str, schema: dict[str, Any] | None = None,
          required: bool = False) -> dict[str, Any]:
    """A query-string parameter."""
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def path_param(name: str, description: str) -> dict[str, Any]:
    """A path parameter."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


ERROR_SCHEMA = {
    "type": "object", "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "problems": {"type": "array", "items": {"type": "object", "properties": {
            "source": {"type": "string"}, "record": {"type": "string"},
            "field": {"type": "string"}, "message": {"type": "string"}}}},
    },
}


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    """The OpenAPI 3.1 description of every registered operation."""
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        responses: dict[str, Any] = {
            str(op.success): {"description": "Success",
                              "content": {"application/json": {"schema": op.response_schema}}},
            "400": {"$ref": "#/components/responses/Error"},
        }
        if any(p["in"] == "path" for p in op.parameters):
            responses["404"] = {"$ref": "#/components/responses/Error"}
        if op.request_schema is not None:
            responses["422"] = {"$ref": "#/components/responses/Error"}
        if op.auth:
            responses["401"] = {"$ref": "#/components/responses/Error"}
            responses["403"] = {"$ref": "#/components/responses/Error"}
            responses["409"] = {"$ref": "#/components/responses/Error"}
        entry: dict[str, Any] = {
            "summary": op.summary, "tags": [op.tag], "parameters": list(op.parameters),
            "responses": responses,
            "operationId": f"{op.method}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
        }
        if op.request_schema is not None:
            entry["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": op.request_schema}}}
        if op.auth:
            entry["security"] = [{"bearerToken": []}, {"sessionCookie": []}]
        paths.setdefault(op.path, {})[op.method] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Capacity Coordinator API",
            "version": "1",
            "description": "Needs, providers, initiatives and the analyses of capacity building "
                           "for the Cartagena Protocol on Biosafety. Reading public data needs no "
                           "account; changes need an API token (`coordinator users token EMAIL`) "
                           "sent as `Authorization: Bearer TOKEN`.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {**RECORD_SCHEMAS, "Document": document_schema(), "Error": ERROR_SCHEMA},
            "responses": {"Error": {"description": "What went wrong, and every problem found",
                                    "content": {"application/json": {
                                        "schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer"},
                "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
