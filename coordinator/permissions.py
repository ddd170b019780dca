"""Who may change what: the one place that decides, as pure functions over a Viewer and a record.

* **secretariat** (and the system operator): everything.
* **focal_point**: create, update, delete and restore its own country's needs, capacities and
  profile.
* **provider**: update its own provider record; create, update, delete and restore the
  initiatives it takes part in; accept or decline suggestions (partnerships) made to it.
* **viewer** and **anonymous**: nothing.

Every signed-in person may change their own password and API token. Seeing records is decided
elsewhere, by :mod:`coordinator.visibility`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .domain import Capacity, Initiative, Meeting, Need, Partnership, Profile, Provider
from .errors import PermissionDenied
from .visibility import Viewer

__all__ = ["ACTIONS", "RECORD_ACTIONS", "Account", "allowed", "require", "describe"]

RECORD_ACTIONS = ("create", "update", "delete", "restore")
#: ``accept``/``decline`` are decisions on a suggested partnership; the rest need no record
#: (``manage_own_account`` takes an :class:`Account`).
ACTIONS = (*RECORD_ACTIONS, "accept", "decline", "view_audit", "manage_users",
           "manage_own_account", "backup")
_COUNTRY_RECORDS = (Need, Capacity, Profile)


@dataclass(frozen=True)
class Account:
    """A user account as the target of an action (by its e-mail address)."""

    email: str


def describe(record: Any) -> str:
    """How a record is named in messages; a confidential need is not named."""
    if isinstance(record, Need) and record.confidential:
        return "a confidential need"
    if isinstance(record, Profile):
        return f"the profile of {record.country}"
    if isinstance(record, Account):
        return f"the account {record.email}"
    kind = {Need: "need", Capacity: "capacity", Provider: "provider", Initiative: "initiative",
            Partnership: "partnership", Meeting: "meeting"}.get(type(record), "record")
    return f"{kind} {getattr(record, 'id', '')}".strip()


def _who(viewer: Viewer) -> str:
    if viewer.role == "focal_point":
        return f"a focal point of {viewer.country}"
    if viewer.role == "provider":
        return f"the provider account of {viewer.provider}"
    if viewer.role == "anonymous":
        return "someone who is not signed in"
    return f"a {viewer.role}"


def _focal_point_may(viewer: Viewer, action: str, record: Any) -> bool:
    return (action in RECORD_ACTIONS and isinstance(record, _COUNTRY_RECORDS)
            and viewer.country is not None and record.country == viewer.country)


def _provider_may(viewer: Viewer, action: str, record: Any) -> bool:
    if viewer.provider is None:
        return False
    if isinstance(record, Provider):
        return action == "update" and record.id == viewer.provider
    if isinstance(record, Initiative):
        return action in RECORD_ACTIONS and viewer.provider in record.provider_ids()
    if isinstance(record, Partnership):
        return action in ("accept", "decline") and record.provider == viewer.provider
    return False


def allowed(viewer: Viewer, action: str, record: Any = None) -> bool:
    """Whether ``viewer`` may do ``action`` to ``record`` (a domain object, or None)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    if viewer.full_access:
        return True
    if action == "manage_own_account":
        return viewer.role != "anonymous" and isinstance(record, Account) and \
            bool(viewer.name) and viewer.name.lower() == record.email.lower()
    if viewer.role in ("viewer", "anonymous"):
        return False
    if viewer.role == "focal_point":
        return _focal_point_may(viewer, action, record)
    if viewer.role == "provider":
        return _provider_may(viewer, action, record)
    return False


def require(viewer: Viewer, action: str, record: Any = None) -> None:
    """Raise :class:`~coordinator.errors.PermissionDenied` unless ``viewer`` may do it."""
    if not allowed(viewer, action, record):
        target = f" {describe(record)}" if record is not None else ""
        raise PermissionDenied(f"{_who(viewer)} may not {action.replace('_', ' ')}{target}")
