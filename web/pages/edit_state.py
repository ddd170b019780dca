"""Filling the edit forms: the choices a person may pick, the validator's problems next to the
fields they name, and, after a conflict, what is saved now where it differs from what was typed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pycountry
from wtforms import BooleanField, SelectField, SelectMultipleField

from coordinator import taxonomy
from coordinator.domain import Snapshot
from coordinator.errors import Problem
from coordinator.io.fields import iso_currencies
from coordinator.visibility import Viewer

from .edit_forms import FORMS, ProviderForm, RecordForm, options
from .listing import name_key, region_options

__all__ = ["make_form", "place_problems", "differences"]


def _currency_choices() -> list[tuple[str, str]]:
    def label(code: str) -> str:
        found = pycountry.currencies.get(alpha_3=code)
        return f"{code} — {found.name}" if found else code
    common = ["USD", "EUR"]
    return [(c, label(c)) for c in common] + [(c, label(c)) for c in sorted(iso_currencies())
                                              if c not in common]


def _country_choices(snapshot: Snapshot, only: str | None = None) -> list[tuple[str, str]]:
    countries = sorted(snapshot.countries.values(), key=lambda c: name_key(c.name))
    return [(c.alpha3, c.name) for c in countries if only is None or c.alpha3 == only]


def _set_choices(form: RecordForm, snapshot: Snapshot, viewer: Viewer) -> None:
    components = [(code, taxonomy.component_label(code)) for code in taxonomy.COMPONENTS]
    currencies = _currency_choices()
    countries = _country_choices(snapshot)
    regions = [(o.value, o.label) for o in region_options(snapshot)]
    providers = [(p.id, p.name) for p in sorted(snapshot.providers.values(),
                                                key=lambda p: (name_key(p.name), p.id))]
    own_country = viewer.country if viewer.role == "focal_point" else None
    for name, field in form._fields.items():
        if name in ("component",):
            field.choices = options(components)
        elif name in ("focus_components", "components"):
            field.choices = options(components)
        elif name.endswith("currency"):
            field.choices = options(currencies)
        elif name == "country" and isinstance(form, ProviderForm):
            field.choices = options([("", "—"), *countries])
        elif name == "country":
            field.choices = options(_country_choices(snapshot, own_country) if own_country
                                     else countries)
        elif name in ("focus_countries", "recipient_countries"):
            field.choices = options(countries)
        elif name in ("focus_regions", "recipient_regions"):
            field.choices = options(regions)
        elif name in taxonomy.PROVIDER_ROLES:
            field.choices = options(providers)


def make_form(kind: str, snapshot: Snapshot, viewer: Viewer, *,
              values: Mapping[str, Any] | None = None, submitted: bool = True) -> RecordForm:
    """The form for ``kind``: from the request when ``submitted``, else filled with ``values``."""
    form_class = FORMS[kind]
    if submitted:
        form = form_class()
    else:
        form = form_class(formdata=None, data=dict(values or {}))
    _set_choices(form, snapshot, viewer)
    return form


def place_problems(form: RecordForm, problems: Iterable[Problem]) -> list[str]:
    """Show each problem next to its field; return those that belong to no field."""
    unplaced = []
    for problem in problems:
        name = form.field_for(problem.field) if problem.field else None
        if name is None:
            where = f"{problem.field}: " if problem.field else ""
            unplaced.append(f"{where}{problem.message}")
            continue
        field = form[name]
        message = problem.message
        if message.startswith(("is ", "must ", "has ", "contains ")):
            message = f"{field.label.text} {message}"
        message = message[:1].upper() + message[1:]
        field.errors = [*field.errors, message if message.endswith((".", ")")) else f"{message}."]
    return unplaced


def _shown(field: Any) -> str:
    data = field.data
    if isinstance(field, BooleanField):
        return "Yes" if data else "No"
    if isinstance(field, (SelectField, SelectMultipleField)):
        labels = {str(value): str(label) for value, label, *_ in field.choices or ()}
        values = data if isinstance(data, list) else [data]
        shown = [labels.get(str(v), str(v)) for v in values if v not in (None, "")]
        return ", ".join(s.strip() for s in shown) or "(none)"
    if data is None or data == "":
        return "(empty)"
    return str(data)


def _comparable(field: Any) -> Any:
    data = field.data
    if isinstance(data, list):
        return sorted(str(v) for v in data)
    if isinstance(data, str):
        return data.strip() or None
    return data


def differences(typed: RecordForm, saved: RecordForm) -> dict[str, str]:
    """For each field where what was typed differs from what is saved now, the saved value."""
    out = {}
    for name, field in saved._fields.items():
        if name in ("version", "csrf_token"):
            continue
        if _comparable(typed[name]) != _comparable(field):
            out[name] = _shown(field)
    return out
