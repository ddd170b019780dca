"""Record types: list (with the filters of the pages), detail."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from coordinator.browse import FILTERS, SORTS, browse, parse_filters
from coordinator.errors import InvalidInput, NotFound, Problem
from coordinator.io.document import record_dict
from coordinator.services.catalog import snapshot_for

from ..database import get_session
from ..viewer import current_viewer
from . import bp
from .spec import operation, path_param, query

SCHEMA_OF = {"providers": "Provider", "initiatives": "Initiative", "needs": "Need",
             "capacities": "Capacity"}


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(Problem("query", "", name, f"{raw!r} is not a whole number")) from None


def _list_response(kind: str):
    filters = parse_filters(kind, request.args)
    order = request.args.get("order", "asc")
    if order not in ("asc", "desc"):
        raise InvalidInput(Problem("query", kind, "order", "asc or desc"))
    page = browse(snapshot_for(get_session(), current_viewer()), kind, filters,
                  sort=request.args.get("sort"), descending=order == "desc",
                  page=_int_arg("page", 1), per_page=_int_arg("per_page", 50))
    return jsonify({"items": [record_dict(r) for r in page.items], "total": page.total,
                    "page": page.page, "per_page": page.per_page, "pages": page.pages})


def _detail_response(kind: str, record_id: str):
    records = getattr(snapshot_for(get_session(), current_viewer()), kind)
    if record_id not in records:
        raise NotFound(f"no {kind[:-1] if kind != 'capacities' else 'capacity'} {record_id!r}")
    return jsonify(record_dict(records[record_id]))


def _page_schema(schema: str) -> dict[str, Any]:
    return {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        "total": {"type": "integer"}, "page": {"type": "integer"},
        "per_page": {"type": "integer"}, "pages": {"type": "integer"}}}


def _register(kind: str) -> None:
    schema = SCHEMA_OF[kind]
    params = (
        *(query(name, text) for name, text in FILTERS[kind].items()),
        query("sort", "sort by", {"type": "string", "enum": list(SORTS[kind])}),
        query("order", "asc or desc", {"type": "string", "enum": ["asc", "desc"]}),
        query("page", "page number from 1", {"type": "integer", "minimum": 1}),
        query("per_page", "records per page", {"type": "integer", "minimum": 1,
                                               "maximum": 500}),
    )
    operation("get", f"/api/v1/{kind}", f"List {kind}", kind, parameters=params,
              response_schema=_page_schema(schema))
    operation("get", f"/api/v1/{kind}/{{id}}", f"One of the {kind}", kind,
              parameters=(path_param("id", "record id"),),
              response_schema={"$ref": f"#/components/schemas/{schema}"})
    bp.add_url_rule(f"/{kind}", f"list_{kind}", lambda: _list_response(kind))
    bp.add_url_rule(f"/{kind}/<path:record_id>", f"get_{kind}",
                    lambda record_id: _detail_response(kind, record_id))


for _kind in SCHEMA_OF:
    _register(_kind)
