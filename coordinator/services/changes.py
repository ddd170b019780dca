"""Single-record edits the web pages and the API call: create, update, soft-delete, restore.

Each use case checks the caller's permission (:mod:`coordinator.permissions`) on the record as
stored and as it would become, validates through the one validator
(:func:`~coordinator.io.records.parse_document`), compares the version the caller edited with
the stored one (optimistic locking: a mismatch is a :class:`~coordinator.errors.Conflict`), writes
in the caller's transaction and leaves an audit entry with the record before and after.

Records the caller may not see (a confidential need of another country) are reported as not
found, exactly like records that do not exist.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .. import permissions
from ..domain import Snapshot
from ..errors import Conflict, InvalidInput, NotFound, Problem
from ..io.document import record_dict
from ..io.records import FORMAT, ParsedDocument, ReferenceContext, parse_document
from ..store.convert import (
    capacity_from_row,
    initiative_from_row,
    need_from_row,
    profile_from_row,
    provider_from_row,
)
from ..store.models import (
    AuditRow,
    CapacityRow,
    CountryRow,
    InitiativeProviderRow,
    InitiativeRow,
    MeetingInviteeRow,
    MeetingRow,
    NeedRow,
    PartnershipRow,
    ProfileRow,
    ProviderRow,
    RecordAliasRow,
    RegionRow,
    utcnow,
)
from ..store.writer import write_document
from ..visibility import Viewer, visible_snapshot

__all__ = ["KINDS", "RecordVersion", "AuditEntry", "get_record", "create_record",
           "update_record", "delete_record", "restore_record", "audit_log"]


@dataclass(frozen=True)
class _Kind:
    model: type
    plural: str
    key: str
    from_row: Callable[[Any], Any]


_KINDS = {
    "need": _Kind(NeedRow, "needs", "id", need_from_row),
    "capacity": _Kind(CapacityRow, "capacities", "id", capacity_from_row),
    "profile": _Kind(ProfileRow, "profiles", "country", profile_from_row),
    "provider": _Kind(ProviderRow, "providers", "id", provider_from_row),
    "initiative": _Kind(InitiativeRow, "initiatives", "id", initiative_from_row),
}
KINDS = tuple(_KINDS)


@dataclass(frozen=True)
class RecordVersion:
    """A record as stored, with the version an edit of it must name."""

    kind: str
    record: Any
    version: int
    deleted_at: datetime | None = None

    @property
    def id(self) -> str:
        """The record's identifier (the country code for a profile)."""
        return self.record.country if self.kind == "profile" else self.record.id

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: kind, id, version, deleted and the record in the document format."""
        return {"kind": self.kind, "id": self.id, "version": self.version,
                "deleted": self.deleted_at is not None, "record": record_dict(self.record)}


@dataclass(frozen=True)
class AuditEntry:
    """One change in the audit log: who, when, what, the record before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds"), "actor": self.actor,
                "action": self.action, "record_type": self.record_type,
                "record_id": self.record_id, "before": self.before, "after": self.after}


# --- reading --------------------------------------------------------------------------------

def _kind(kind: str) -> _Kind:
    if kind not in _KINDS:
        raise InvalidInput(Problem("", "", "kind", f"{kind!r} is not one of: {', '.join(KINDS)}"))
    return _KINDS[kind]


def _label(kind: str, record_id: Any) -> str:
    return f"{kind} {record_id}"


def _actor(viewer: Viewer) -> str:
    return viewer.name or viewer.role


def _domain(session: Session, kind: str, row: Any) -> Any:
    if kind == "initiative":
        aliases = tuple(sorted(session.scalars(select(RecordAliasRow.alias).where(
            RecordAliasRow.kind == "initiative", RecordAliasRow.target_id == row.id))))
        return initiative_from_row(row, aliases)
    return _KINDS[kind].from_row(row)


def _visible(viewer: Viewer, kind: str, record: Any) -> Any | None:
    """The record as ``viewer`` may see it (the one visibility rule), or None."""
    spec = _KINDS[kind]
    key = getattr(record, spec.key)
    seen = visible_snapshot(Snapshot(**{spec.plural: {key: record}}), viewer)
    return getattr(seen, spec.plural).get(key)


def _load(session: Session, viewer: Viewer, kind: str, record_id: Any) -> tuple[Any, Any]:
    spec = _kind(kind)
    usable = isinstance(record_id, str) and "\x00" not in record_id and len(record_id) <= 120
    row = session.get(spec.model, record_id) if usable else None
    if row is None:
        raise NotFound(f"no {_label(kind, repr(record_id))}")
    record = _domain(session, kind, row)
    if _visible(viewer, kind, record) is None:
        raise NotFound(f"no {_label(kind, repr(record_id))}")
    return row, record


def _stored(session: Session, kind: str, row: Any) -> RecordVersion:
    return RecordVersion(kind, _domain(session, kind, row), row.version,
                         getattr(row, "deleted_at", None))


def get_record(session: Session, viewer: Viewer, kind: str, record_id: str, *,
               include_deleted: bool = False) -> RecordVersion:
    """A record and its version, as ``viewer`` may see it (for an edit form or an API read).

    Deleted records are found only with ``include_deleted`` and by someone who may restore them.
    """
    row, record = _load(session, viewer, kind, record_id)
    if getattr(row, "deleted_at", None) is not None and not (
            include_deleted and permissions.allowed(viewer, "restore", record)):
        raise NotFound(f"no {_label(kind, repr(record_id))}")
    return RecordVersion(kind, _visible(viewer, kind, record), row.version,
                         getattr(row, "deleted_at", None))


# --- validating -----------------------------------------------------------------------------

def _provider_refs(data: Mapping[str, Any]) -> set[str]:
    roles = data.get("providers")
    if not isinstance(roles, list):
        return set()
    return {r["id"].strip() for r in roles
            if isinstance(r, Mapping) and isinstance(r.get("id"), str)}


def _context(session: Session, kind: str, data: Mapping[str, Any]) -> ReferenceContext:
    """What one record is checked against: reference codes, and only the ids it names."""
    countries = set(session.scalars(select(CountryRow.alpha3)))
    regions = set(session.scalars(select(RegionRow.code)))
    named = _provider_refs(data) if kind == "initiative" else set()
    own = data.get("id").strip() if isinstance(data.get("id"), str) else None
    lookup = named | ({own} if own else set())
    aliases = {(r.kind, r.alias): r.target_id for r in session.scalars(
        select(RecordAliasRow).where(RecordAliasRow.alias.in_(lookup)))} if lookup else {}
    stored: dict[str, set[str]] = {}
    if named:
        resolved = {aliases.get(("provider", n), n) for n in named}
        # a deleted provider is not a valid reference: the validator then names the field
        stored["providers"] = set(session.scalars(select(ProviderRow.id).where(
            ProviderRow.id.in_(resolved), ProviderRow.deleted_at.is_(None))))
    return ReferenceContext(countries=countries, regions=regions, stored_ids=stored,
                            aliases=aliases)


def _parse(session: Session, kind: str, data: Mapping[str, Any]) -> Any:
    spec = _KINDS[kind]
    document = {"format": FORMAT, spec.plural: [dict(data)]}
    parsed = parse_document(document, _context(session, kind, data), source="edit")
    return getattr(parsed, spec.plural)[0]


def _as_mapping(kind: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise InvalidInput(Problem("edit", kind, "", "must be an object of fields"))
    return dict(data)


def _check_version(label: str, row: Any, version: Any) -> None:
    if isinstance(version, bool) or not isinstance(version, (int, str)):
        version = None
    try:
        expected = int(version) if version is not None else None
    except ValueError:
        expected = None
    if expected is None:
        raise InvalidInput(Problem("edit", label, "version",
                                   "must be the version number of the record you edited"))
    if row.version != expected:
        raise Conflict(f"{label} was changed by someone else since you opened it (you edited "
                       f"version {expected}; it is now at version {row.version}): reload it and "
                       "make your change again")


@contextmanager
def _one_writer(label: str) -> Iterator[None]:
    """A concurrent flush of the same row (the ORM's version check) becomes a Conflict."""
    try:
        yield
    except StaleDataError as error:
        raise Conflict(f"{label} was changed by someone else at the same time: reload it and "
                       "make your change again") from error


def _new_id(kind: str, data: Mapping[str, Any]) -> str:
    parts = [kind]
    for name in ("country", "component"):
        if isinstance(data.get(name), str):
            parts.append(re.sub(r"[^a-z0-9]+", "", data[name].lower())[:10])
    parts.append(secrets.token_hex(4))
    return "-".join(p for p in parts if p)


def _audit_form(record: Any) -> dict[str, Any]:
    data = record_dict(record)
    data.pop("updated", None)
    return data


def _write(session: Session, viewer: Viewer, kind: str, record: Any, label: str) -> None:
    spec = _KINDS[kind]
    with _one_writer(label):
        write_document(session, ParsedDocument(**{spec.plural: (record,)}), actor=_actor(viewer))
        session.flush()


# --- changing -------------------------------------------------------------------------------

def create_record(session: Session, viewer: Viewer, kind: str, data: Mapping[str, Any]
                  ) -> RecordVersion:
    """Create one record from its fields (document format); an ``id`` is made up if missing."""
    spec = _kind(kind)
    data = _as_mapping(kind, data)
    if kind == "profile":
        data.setdefault("updated", date.today().isoformat())
    else:
        data.pop("updated", None)
        if data.get("id") is None:
            data["id"] = _new_id(kind, data)
    record = _parse(session, kind, data)
    key = getattr(record, spec.key)
    label = _label(kind, key)
    permissions.require(viewer, "create", record)
    if kind != "profile" and key != data["id"].strip():
        raise Conflict(f"{_label(kind, data['id'].strip())} was merged into {label}: edit that one")
    existing = session.get(spec.model, key)
    if existing is not None:
        hint = "; it is deleted: restore it instead" if getattr(existing, "deleted_at", None) \
            else ": change it instead"
        raise Conflict(f"{label} already exists{hint}")
    try:
        _write(session, viewer, kind, record, label)
    except IntegrityError as error:
        raise Conflict(f"{label} was created by someone else at the same time") from error
    return _stored(session, kind, session.get(spec.model, key))


def update_record(session: Session, viewer: Viewer, kind: str, record_id: str,
                  changes: Mapping[str, Any], *, version: int) -> RecordVersion:
    """Change the fields given in ``changes`` (a field given as null is cleared).

    ``version`` is the version the caller read; if the record has moved on since, nothing is
    written and :class:`~coordinator.errors.Conflict` says so.
    """
    spec = _kind(kind)
    changes = _as_mapping(kind, changes)
    row, current = _load(session, viewer, kind, record_id)
    label = _label(kind, record_id)
    if getattr(row, "deleted_at", None) is not None:
        raise Conflict(f"{label} is deleted: restore it before changing it")
    permissions.require(viewer, "update", current)
    _check_version(label, row, version)
    given_key = changes.get(spec.key)
    if given_key is not None and (not isinstance(given_key, str) or given_key.strip() != record_id):
        raise InvalidInput(Problem("edit", label, spec.key, "cannot be changed"))
    data = _audit_form(current)
    data.update(changes)
    data[spec.key] = record_id
    if kind != "profile":
        data.pop("updated", None)
    elif "updated" not in changes:
        data["updated"] = date.today().isoformat()
    record = _parse(session, kind, data)
    permissions.require(viewer, "update", record)
    _write(session, viewer, kind, record, label)
    return _stored(session, kind, row)


def _referrers(session: Session, kind: str, record_id: str) -> list[str]:
    """Live records that name this one (deleting it would leave them pointing at nothing)."""
    live_partnerships = select(PartnershipRow.id).where(PartnershipRow.deleted_at.is_(None))
    found: list[str] = []
    if kind == "need":
        found += [f"partnership {i}" for i in session.scalars(
            live_partnerships.where(PartnershipRow.need_id == record_id))]
    elif kind == "initiative":
        found += [f"partnership {i}" for i in session.scalars(
            live_partnerships.where(PartnershipRow.initiative_id == record_id))]
    elif kind == "provider":
        found += [f"initiative {i}" for i in session.scalars(
            select(InitiativeRow.id).join(InitiativeProviderRow).where(
                InitiativeProviderRow.provider_id == record_id,
                InitiativeRow.deleted_at.is_(None)).distinct())]
        found += [f"partnership {i}" for i in session.scalars(
            live_partnerships.where(PartnershipRow.provider_id == record_id))]
        found += [f"meeting {i}" for i in session.scalars(
            select(MeetingRow.id).join(MeetingInviteeRow).where(
                MeetingInviteeRow.kind == "provider", MeetingInviteeRow.ref == record_id,
                MeetingRow.deleted_at.is_(None)))]
    return sorted(found)


def _soft_delete_target(session: Session, viewer: Viewer, kind: str, record_id: str,
                        action: str, version: Any) -> tuple[Any, Any, str]:
    _kind(kind)
    label = _label(kind, record_id)
    if kind == "profile":
        raise InvalidInput(Problem("edit", label, "", "a country profile cannot be deleted or "
                                   "restored; change its fields instead"))
    row, current = _load(session, viewer, kind, record_id)
    permissions.require(viewer, action, current)
    if (row.deleted_at is not None) == (action == "delete"):
        raise Conflict(f"{label} is {'already' if action == 'delete' else 'not'} deleted")
    _check_version(label, row, version)
    return row, current, label


def delete_record(session: Session, viewer: Viewer, kind: str, record_id: str, *,
                  version: int) -> RecordVersion:
    """Soft-delete a record: hidden everywhere, kept with its history, restorable."""
    row, current, label = _soft_delete_target(session, viewer, kind, record_id, "delete", version)
    referrers = _referrers(session, kind, record_id)
    if referrers:
        shown = ", ".join(referrers[:5]) + (f" and {len(referrers) - 5} more"
                                            if len(referrers) > 5 else "")
        raise Conflict(f"{label} cannot be deleted while {shown} refer to it: change or delete "
                       "those first")
    now = utcnow()
    row.deleted_at, row.updated_at = now, now
    session.add(AuditRow(at=now, actor=_actor(viewer), action="delete", record_type=kind,
                         record_id=record_id, before=_audit_form(current), after=None))
    with _one_writer(label):
        session.flush()
    return _stored(session, kind, row)


def restore_record(session: Session, viewer: Viewer, kind: str, record_id: str, *,
                   version: int) -> RecordVersion:
    """Bring a soft-deleted record back as it was."""
    row, current, label = _soft_delete_target(session, viewer, kind, record_id, "restore",
                                              version)
    merged_into = session.scalar(select(RecordAliasRow.target_id).where(
        RecordAliasRow.kind == kind, RecordAliasRow.alias == record_id))
    if merged_into is not None:
        raise Conflict(f"{label} was merged into {_label(kind, merged_into)}: undo that "
                       "duplicate review instead")
    if kind == "initiative":
        gone = sorted(p for p in current.provider_ids() if session.scalar(
            select(ProviderRow.id).where(ProviderRow.id == p, ProviderRow.deleted_at.is_(None)))
            is None)
        if gone:
            raise Conflict(f"{label} names provider {', '.join(gone)}, which is deleted: "
                           "restore that first")
    now = utcnow()
    row.deleted_at, row.updated_at = None, now
    session.add(AuditRow(at=now, actor=_actor(viewer), action="restore", record_type=kind,
                         record_id=record_id, before=None, after=_audit_form(current)))
    with _one_writer(label):
        session.flush()
    return _stored(session, kind, row)


def audit_log(session: Session, viewer: Viewer, record_type: str | None = None,
              record_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest changes first, optionally of one record type or one record (secretariat)."""
    permissions.require(viewer, "view_audit")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
        raise InvalidInput(Problem("", "audit log", "limit", "must be between 1 and 10,000"))
    query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
    if record_type is not None:
        query = query.where(AuditRow.record_type == record_type)
    if record_id is not None:
        query = query.where(AuditRow.record_id == record_id)
    return [AuditEntry(r.id, r.at, r.actor, r.action, r.record_type, r.record_id, r.before,
                       r.after) for r in session.scalars(query)]
