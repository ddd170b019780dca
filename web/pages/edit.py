"""Editing records from the browser: needs, capacities, country profiles, providers, initiatives.

Who may open which form is :mod:`coordinator.permissions`'s decision (a focal point its own
country's records, a provider its own record and initiatives, the secretariat everything);
every save goes through :mod:`coordinator.services.changes`, which checks it again, validates
it and refuses it if someone else saved the record since the form was opened. Whatever happens,
what the person typed stays in the form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField

from coordinator import permissions
from coordinator.domain import Country, Need, Profile
from coordinator.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coordinator.services import changes
from coordinator.services.catalog import snapshot_for
from coordinator.store.models.base import ID_LENGTH
from coordinator.visibility import can_see_need

from ..auth import requires_role
from ..database import get_session
from ..viewer import current_viewer
from .edit_forms import FORMS
from .edit_state import differences, make_form, place_problems
from .listing import install_template_helpers

__all__ = ["bp", "KINDS", "EditKind", "can_edit", "edit_url", "record_url"]

bp = Blueprint("edit", __name__, url_prefix="/edit")
bp.record_once(install_template_helpers)


@dataclass(frozen=True)
class EditKind:
    """One kind of record that has an edit form."""

    kind: str
    plural: str
    label: str
    #: roles that may open the form for a new record
    creators: tuple[str, ...]
    deletable: bool = True


KINDS = {k.plural: k for k in (
    EditKind("need", "needs", "need", ("secretariat", "focal_point")),
    EditKind("capacity", "capacities", "capacity", ("secretariat", "focal_point")),
    EditKind("profile", "profiles", "country profile", ("secretariat", "focal_point"),
             deletable=False),
    EditKind("provider", "providers", "provider", ("secretariat",)),
    EditKind("initiative", "initiatives", "initiative", ("secretariat", "provider")),
)}
_PLURAL = {k.kind: k.plural for k in KINDS.values()}
_CREATABLE = "any(needs, capacities, providers, initiatives)"
_DELETABLE = _CREATABLE
_ALL = "any(needs, capacities, profiles, providers, initiatives)"


class ActionForm(FlaskForm):
    """Delete or restore: the version the page showed (and the CSRF token)."""

    version = HiddenField()


# --- template helpers -----------------------------------------------------------------------

def can_edit(record: Any) -> bool:
    """Whether the current viewer may change ``record`` (a country: its profile and records)."""
    viewer = current_viewer()
    if record is None or viewer.role in ("anonymous", "viewer"):
        return False
    if isinstance(record, Country):
        record = Profile(country=record.alpha3)
    if isinstance(record, Need) and not can_see_need(viewer, record):
        return False
    return permissions.allowed(viewer, "update", record)


def _key(kind: str, record: Any) -> str:
    return record.country if kind == "profile" else record.id


def edit_url(record: Any) -> str:
    """The address of ``record``'s edit form (a country: its profile's)."""
    if isinstance(record, Country):
        return url_for("edit.record", plural="profiles", record_id=record.alpha3)
    kind = type(record).__name__.lower()
    return url_for("edit.record", plural=_PLURAL[kind], record_id=_key(kind, record))


def record_url(kind: str, record: Any) -> str:
    """Where a saved record is shown."""
    if kind == "need":
        return url_for("needs.detail", need_id=record.id)
    if kind == "capacity":
        return url_for("countries.detail", alpha3=record.country, _anchor="capacities")
    if kind == "profile":
        return url_for("countries.detail", alpha3=record.country, _anchor="profile")
    if kind == "provider":
        return url_for("providers.detail", provider_id=record.id)
    return url_for("initiatives.detail", initiative_id=record.id)


@bp.record_once
def _template_globals(state: Any) -> None:
    state.app.add_template_global(can_edit, "can_edit")
    state.app.add_template_global(edit_url, "edit_url")


# --- pages ----------------------------------------------------------------------------------

def _render(spec: EditKind, form: Any, *, status: int = 200, rv: changes.RecordVersion | None
            = None, country: str | None = None, problems: list[str] | None = None,
            conflict: str | None = None, saved: dict[str, str] | None = None) -> Any:
    viewer = current_viewer()
    snapshot = snapshot_for(get_session(), viewer)
    record = rv.record if rv else None
    deleted = bool(rv and rv.deleted_at)
    actions = ActionForm(formdata=None, data={"version": str(rv.version) if rv else ""})
    page = render_template(
        "edit/form.html", spec=spec, form=form, rv=rv, record=record, deleted=deleted,
        snapshot=snapshot, country=snapshot.countries.get(country or "") if country else None,
        problems=problems or [], conflict=conflict, saved=saved or {}, actions=actions,
        may_delete=bool(record and spec.deletable and not deleted
                        and permissions.allowed(viewer, "delete", record)),
        may_restore=bool(record and deleted and permissions.allowed(viewer, "restore", record)),
        back=_back(spec, record if not deleted else None, country))
    return page, status


def _back(spec: EditKind, record: Any, country: str | None) -> str | None:
    """Where "Back" and "Cancel" lead: the record, else its country or the provider's page."""
    if record is not None:
        return record_url(spec.kind, record)
    if country and spec.kind in ("need", "capacity", "profile"):
        return url_for("countries.detail", alpha3=country)
    provider = current_viewer().provider
    if provider and spec.kind == "initiative":
        return url_for("providers.detail", provider_id=provider)
    return None


def _open(spec: EditKind, record_id: str) -> changes.RecordVersion:
    """The stored record, if the viewer may change (or restore) it."""
    viewer = current_viewer()
    if len(record_id) > ID_LENGTH or any(ord(ch) < 32 for ch in record_id):
        raise NotFound(f"no {spec.label} with such an id")
    rv = changes.get_record(get_session(), viewer, spec.kind, record_id, include_deleted=True)
    action = "restore" if rv.deleted_at else "update"
    permissions.require(viewer, action, rv.record)
    return rv


def _save_failed(spec: EditKind, form: Any, error: Exception, *, rv=None, country=None) -> Any:
    """Show why a save was refused, keeping every value typed."""
    get_session().rollback()
    if isinstance(error, InvalidInput):
        return _render(spec, form, status=422, rv=rv, country=country,
                       problems=place_problems(form, error.problems))
    if isinstance(error, PermissionDenied):
        return _render(spec, form, status=403, rv=rv, country=country,
                       problems=[f"This change is not allowed: {error}."])
    message = str(error)
    if rv is None:
        return _render(spec, form, status=409, country=country, problems=[message])
    current = changes.get_record(get_session(), current_viewer(), spec.kind, rv.id,
                                 include_deleted=True)
    snapshot = snapshot_for(get_session(), current_viewer())
    saved = make_form(spec.kind, snapshot, current_viewer(),
                      values=FORMS[spec.kind].values(current.record), submitted=False)
    form.version.data = str(current.version)
    if "changed by someone else" in message:
        message = (f"This {spec.label} was changed by someone else since you opened it. What "
                   "you typed is kept below; next to each field that differs you see what is "
                   "saved now. Check them, then save again to replace the saved version with "
                   "yours.")
    return _render(spec, form, status=409, rv=current, country=country, conflict=message,
                   saved=differences(form, saved))


def _done(spec: EditKind, saved: changes.RecordVersion, before: int | None) -> Response:
    name = f"The {spec.label}"
    flash(f"{name} is saved." if saved.version != before else f"{name} had no change to save.",
          "info")
    return redirect(record_url(spec.kind, saved.record))


@bp.route(f"/<{_CREATABLE}:plural>/new", methods=["GET", "POST"])
@requires_role()
def new(plural: str) -> Any:
    """The form for a new record; ``?country=`` preselects the country of a need or capacity."""
    spec = KINDS[plural]
    viewer = current_viewer()
    if viewer.role not in spec.creators:
        raise PermissionDenied(f"{spec.label}s cannot be added from this account")
    snapshot = snapshot_for(get_session(), viewer)
    country = (request.args.get("country") or viewer.country or "").upper() or None
    if request.method == "GET":
        values: dict[str, Any] = {}
        if country and spec.kind in ("need", "capacity"):
            values["country"] = country
        if spec.kind == "initiative" and viewer.provider:
            values["funding"] = [viewer.provider]
        form = make_form(spec.kind, snapshot, viewer, values=values, submitted=False)
        return _render(spec, form, country=country)
    form = make_form(spec.kind, snapshot, viewer)
    if not form.validate():
        return _render(spec, form, status=422, country=country)
    session = get_session()
    try:
        saved = changes.create_record(session, viewer, spec.kind, form.record_data())
    except (InvalidInput, PermissionDenied, Conflict) as error:
        return _save_failed(spec, form, error, country=country)
    session.commit()
    return _done(spec, saved, None)


def _profile_to_create(record_id: str) -> tuple[str, Any] | None:
    """A country with no profile yet, when the viewer may create it: (code, blank form)."""
    viewer = current_viewer()
    code = record_id.upper()
    snapshot = snapshot_for(get_session(), viewer)
    if code not in snapshot.countries or code in snapshot.profiles:
        return None
    permissions.require(viewer, "create", Profile(country=code))
    return code, snapshot


@bp.route(f"/<{_ALL}:plural>/<path:record_id>", methods=["GET", "POST"])
@requires_role()
def record(plural: str, record_id: str) -> Any:
    """Change a record (or, for a country without a profile yet, write its first profile)."""
    spec = KINDS[plural]
    viewer = current_viewer()
    try:
        rv = _open(spec, record_id)
    except NotFound:
        fresh = _profile_to_create(record_id) if spec.kind == "profile" else None
        if fresh is None:
            raise
        return _first_profile(spec, *fresh)
    snapshot = snapshot_for(get_session(), viewer)
    if request.method == "GET" or rv.deleted_at:
        if request.method == "POST":
            flash(f"This {spec.label} is deleted: restore it before changing it.", "error")
        form = make_form(spec.kind, snapshot, viewer,
                         values={**FORMS[spec.kind].values(rv.record),
                                 "version": str(rv.version)}, submitted=False)
        return _render(spec, form, rv=rv, status=409 if request.method == "POST" else 200)
    form = make_form(spec.kind, snapshot, viewer)
    if not form.validate():
        return _render(spec, form, status=422, rv=rv)
    session = get_session()
    try:
        saved = changes.update_record(session, viewer, spec.kind, rv.id, form.record_data(),
                                      version=form.version.data)
    except (InvalidInput, PermissionDenied, Conflict) as error:
        return _save_failed(spec, form, error, rv=rv)
    session.commit()
    return _done(spec, saved, rv.version)


def _first_profile(spec: EditKind, code: str, snapshot: Any) -> Any:
    viewer = current_viewer()
    if request.method == "GET":
        form = make_form(spec.kind, snapshot, viewer, submitted=False)
        return _render(spec, form, country=code)
    form = make_form(spec.kind, snapshot, viewer)
    if not form.validate():
        return _render(spec, form, status=422, country=code)
    session = get_session()
    try:
        saved = changes.create_record(session, viewer, "profile",
                                      {**form.record_data(), "country": code})
    except (InvalidInput, PermissionDenied, Conflict) as error:
        return _save_failed(spec, form, error, country=code)
    session.commit()
    return _done(spec, saved, None)


def _change_state(plural: str, record_id: str, action: str) -> Response:
    spec = KINDS[plural]
    viewer = current_viewer()
    form = ActionForm()
    if not form.validate():
        abort(400)
    session = get_session()
    run = changes.delete_record if action == "delete" else changes.restore_record
    try:
        run(session, viewer, spec.kind, record_id, version=form.version.data)
    except (Conflict, InvalidInput) as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for("edit.record", plural=plural, record_id=record_id))
    session.commit()
    if action == "delete":
        flash(f"The {spec.label} is deleted: it no longer appears anywhere. You can restore it "
              "below.", "info")
        return redirect(url_for("edit.record", plural=plural, record_id=record_id))
    restored = changes.get_record(session, viewer, spec.kind, record_id)
    flash(f"The {spec.label} is restored.", "info")
    return redirect(record_url(spec.kind, restored.record))


@bp.post(f"/<{_DELETABLE}:plural>/<path:record_id>/delete")
@requires_role()
def delete(plural: str, record_id: str) -> Response:
    """Soft-delete a record (it can be restored)."""
    return _change_state(plural, record_id, "delete")


@bp.post(f"/<{_DELETABLE}:plural>/<path:record_id>/restore")
@requires_role()
def restore(plural: str, record_id: str) -> Response:
    """Bring a deleted record back."""
    return _change_state(plural, record_id, "restore")
