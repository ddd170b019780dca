"""Changing records through the API: create, update, delete, restore; and who am I.

Every change names the version of the record it was made on, in an ``If-Match`` header
(``If-Match: "3"``) or a ``"version"`` field, and answers with the record, its new version and
an ``ETag``. Someone else's change in between is a 409; a refusal by role is a 403; a record the
caller may not see is a 404, like one that does not exist. All of it goes through
:mod:`coordinator.services.changes`.

Scripts authenticate with ``Authorization: Bearer TOKEN``. A browser session may also write, but
then must send its CSRF token in an ``X-CSRFToken`` header, so that no other site can make a
signed-in browser change records.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request, url_for

from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.io.schema import RECORD_SCHEMAS
from coordinator.services import changes
from coordinator.store.models.base import ID_LENGTH

from ..auth import current_account, signed_in_with, unauthorized
from ..database import get_session
from ..security import csrf
from ..viewer import current_viewer
from . import bp
from .spec import operation, path_param, query

__all__ = ["WRITABLE", "VERSIONED_SCHEMA", "read_version"]

#: Record lists of the API that can be created, changed, deleted and restored, by kind.
WRITABLE = {"providers": "provider", "initiatives": "initiative", "needs": "need",
            "capacities": "capacity"}
_SCHEMA = {"provider": "Provider", "initiative": "Initiative", "need": "Need",
           "capacity": "Capacity", "profile": "Profile"}

VERSIONED_SCHEMA = {
    "type": "object", "required": ["kind", "id", "version", "deleted", "record"],
    "properties": {
        "kind": {"type": "string", "enum": list(_SCHEMA)},
        "id": {"type": "string"},
        "version": {"type": "integer", "description": "name it in If-Match to change the record"},
        "deleted": {"type": "boolean"},
        "record": {"type": "object", "description": "the record in the document format"},
    },
}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
             "description": 'the version the change was made on, e.g. "3" (or a "version" '
                            "field in the body)", "schema": {"type": "string"}}
_ME_SCHEMA = {"type": "object", "properties": {
    "email": {"type": "string"}, "name": {"type": "string"},
    "role": {"type": "string", "enum": ["secretariat", "focal_point", "provider", "viewer"]},
    "country": {"type": ["string", "null"]}, "provider": {"type": ["string", "null"]},
    "has_api_token": {"type": "boolean"}, "authenticated_by": {"type": "string"}}}


def _changes_schema(kind: str) -> dict[str, Any]:
    """The record's fields, none required (those left out keep their value), plus version."""
    base = RECORD_SCHEMAS[_SCHEMA[kind]]
    return {"type": "object", "additionalProperties": False,
            "description": f"the fields of the {kind} to change; a field given as null is "
                           "cleared, a field left out keeps its value",
            "properties": {**base["properties"],
                           "version": {"type": "integer", "minimum": 1}}}


def _record_id(kind: str, record_id: str) -> str:
    """The id as asked for; one that no record can have (too long, control characters) is a
    404 here, before any database sees it."""
    if len(record_id) > ID_LENGTH or any(ord(ch) < 32 for ch in record_id):
        raise NotFound(f"no {kind} with such an id")
    return record_id


def read_version(body: dict[str, Any] | None = None) -> Any:
    """The version the caller edited: ``If-Match`` first, else the body's or the query's."""
    header = request.headers.get("If-Match")
    if header is not None:
        return header.strip().removeprefix("W/").strip().strip('"')
    if body is not None and "version" in body:
        return body["version"]
    return request.args.get("version")


def _writer() -> Response | None:
    """A 401 for anonymous callers; a browser session must also show its CSRF token."""
    if current_viewer().role == "anonymous":
        return unauthorized("changing records needs an account: send "
                            "'Authorization: Bearer TOKEN' (see /account/ for a token)")
    if signed_in_with() == "session":
        csrf.protect()
    return None


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True) if request.content_length else {}
    if data is None:
        raise InvalidInput(Problem("request", "", "", "the body must be a JSON object "
                                   "(Content-Type: application/json)"))
    if not isinstance(data, dict):
        raise InvalidInput(Problem("request", "", "", "the body must be a JSON object of "
                                   "fields"))
    return data


def _answer(saved: changes.RecordVersion, status: int = 200) -> Response:
    response = jsonify(saved.as_dict())
    response.status_code = status
    response.headers["ETag"] = f'"{saved.version}"'
    if status == 201:
        plural = next((p for p, k in WRITABLE.items() if k == saved.kind), None)
        if plural:
            response.headers["Location"] = url_for(f"api.get_{plural}", record_id=saved.id)
    return response


def _run(change: Callable[[], changes.RecordVersion], status: int = 200) -> Response:
    refused = _writer()
    if refused is not None:
        return refused
    session = get_session()
    try:
        saved = change()
    except Exception:
        session.rollback()
        raise
    session.commit()
    return _answer(saved, status)


# --- the routes -----------------------------------------------------------------------------

def _create(kind: str) -> Response:
    return _run(lambda: changes.create_record(get_session(), current_viewer(), kind, _body()),
                201)


def _update(kind: str, record_id: str) -> Response:
    record_id = _record_id(kind, record_id)
    def change() -> changes.RecordVersion:
        body = _body()
        version = read_version(body)
        body.pop("version", None)
        return changes.update_record(get_session(), current_viewer(), kind, record_id, body,
                                     version=version)
    return _run(change)


def _delete(kind: str, record_id: str) -> Response:
    record_id = _record_id(kind, record_id)
    return _run(lambda: changes.delete_record(get_session(), current_viewer(), kind,
                                              record_id, version=read_version(_body())))


def _restore(kind: str, record_id: str) -> Response:
    record_id = _record_id(kind, record_id)
    return _run(lambda: changes.restore_record(get_session(), current_viewer(), kind,
                                               record_id, version=read_version(_body())))


def _version(kind: str, record_id: str) -> Response:
    record_id = _record_id(kind, record_id)
    found = changes.get_record(get_session(), current_viewer(), kind, record_id,
                               include_deleted=True)
    return _answer(found)


def _put_profile(record_id: str) -> Response:
    """Change a country's profile, or write its first one (then no version is needed)."""
    record_id = _record_id("profile", record_id)
    created = []

    def change() -> changes.RecordVersion:
        session, viewer = get_session(), current_viewer()
        body = _body()
        version = read_version(body)
        body.pop("version", None)
        code = record_id.strip().upper()
        try:
            changes.get_record(session, viewer, "profile", code)
        except NotFound:
            if version is not None:
                raise
            created.append(code)
            return changes.create_record(session, viewer, "profile", {**body, "country": code})
        return changes.update_record(session, viewer, "profile", code, body, version=version)

    response = _run(change)
    if created:
        response.status_code = 201
    return response


def _register(plural: str, kind: str) -> None:
    schema = {"$ref": f"#/components/schemas/{_SCHEMA[kind]}"}
    record_id = (path_param("id", "record id"),)
    operation("post", f"/api/v1/{plural}", f"Create a {kind}", plural, auth=True,
              request_schema=schema, response_schema=VERSIONED_SCHEMA, success=201)
    operation("put", f"/api/v1/{plural}/{{id}}", f"Change a {kind}", plural, auth=True,
              parameters=(*record_id, _IF_MATCH), request_schema=_changes_schema(kind),
              response_schema=VERSIONED_SCHEMA)
    operation("delete", f"/api/v1/{plural}/{{id}}", f"Delete a {kind} (it can be restored)",
              plural, auth=True, response_schema=VERSIONED_SCHEMA,
              parameters=(*record_id, _IF_MATCH,
                          query("version", "the version deleted, if not in If-Match",
                                {"type": "integer"})))
    operation("post", f"/api/v1/{plural}/{{id}}/restore", f"Restore a deleted {kind}", plural,
              auth=True, parameters=(*record_id, _IF_MATCH), response_schema=VERSIONED_SCHEMA)
    operation("get", f"/api/v1/{plural}/{{id}}/version",
              f"A {kind} with its current version (deleted ones too, for who may restore them)",
              plural, parameters=record_id, response_schema=VERSIONED_SCHEMA)
    bp.add_url_rule(f"/{plural}", f"create_{plural}", lambda: _create(kind), methods=["POST"])
    bp.add_url_rule(f"/{plural}/<path:record_id>", f"update_{plural}",
                    lambda record_id: _update(kind, record_id), methods=["PUT"])
    bp.add_url_rule(f"/{plural}/<path:record_id>", f"delete_{plural}",
                    lambda record_id: _delete(kind, record_id), methods=["DELETE"])
    bp.add_url_rule(f"/{plural}/<path:record_id>/restore", f"restore_{plural}",
                    lambda record_id: _restore(kind, record_id), methods=["POST"])
    bp.add_url_rule(f"/{plural}/<path:record_id>/version", f"version_{plural}",
                    lambda record_id: _version(kind, record_id))


for _plural, _kind in WRITABLE.items():
    _register(_plural, _kind)

operation("put", "/api/v1/profiles/{id}", "Change a country's profile, or write its first one",
          "profiles", auth=True,
          parameters=(path_param("id", "the country's ISO 3166-1 alpha-3 code"), _IF_MATCH),
          request_schema=_changes_schema("profile"), response_schema=VERSIONED_SCHEMA)
operation("get", "/api/v1/profiles/{id}/version", "A country's profile with its current version",
          "profiles", parameters=(path_param("id", "the country's ISO 3166-1 alpha-3 code"),),
          response_schema=VERSIONED_SCHEMA)
bp.add_url_rule("/profiles/<path:record_id>", "put_profile", _put_profile, methods=["PUT"])
bp.add_url_rule("/profiles/<path:record_id>/version", "version_profiles",
                lambda record_id: _version("profile", record_id.strip().upper()))


@bp.get("/me")
def me() -> Response:
    """The account making the request: role, country or provider, and how it signed in."""
    account = current_account()
    if account is None:
        return unauthorized("no account: send 'Authorization: Bearer TOKEN' or sign in")
    return jsonify({"email": account.email, "name": account.name, "role": account.role,
                    "country": account.country, "provider": account.provider,
                    "has_api_token": account.has_api_token,
                    "authenticated_by": signed_in_with()})


operation("get", "/api/v1/me", "The account making the request", "accounts", auth=True,
          response_schema=_ME_SCHEMA)
