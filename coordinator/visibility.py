"""Who may see what: the one confidentiality rule every read goes through (component ``l``).

A confidential need is seen in full only by the secretariat, the system operator and the focal
points of its own country. Everyone else still counts it in aggregate figures, but sees it
redacted: no text, no cost, no identifier that could be looked up. Provider contacts are private
to the secretariat and to the provider itself.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .domain import Need, Provider, Snapshot

__all__ = ["Viewer", "SYSTEM", "ANONYMOUS", "can_see_need", "redact_need", "visible_snapshot",
           "hidden_need_aliases", "scrub", "REDACTED_TITLE"]

REDACTED_TITLE = "Confidential need"
FULL_ACCESS = frozenset({"system", "secretariat"})


@dataclass(frozen=True)
class Viewer:
    """The person (or process) reading: role, and the country or provider they act for."""

    role: str
    country: str | None = None
    provider: str | None = None
    name: str = ""

    @property
    def full_access(self) -> bool:
        """True for the secretariat and the system operator."""
        return self.role in FULL_ACCESS


SYSTEM = Viewer("system", name="system")
ANONYMOUS = Viewer("anonymous")


def can_see_need(viewer: Viewer, need: Need) -> bool:
    """Whether ``viewer`` may see this need in full."""
    if not need.confidential or viewer.full_access:
        return True
    return viewer.role == "focal_point" and viewer.country == need.country


def redact_need(need: Need, alias: str) -> Need:
    """The need as seen by someone who may not read it: place, theme and priority only."""
    return Need(
        id=alias, country=need.country, component=need.component, title=REDACTED_TITLE,
        description="", priority=need.priority, sequence=None, start=need.start, end=need.end,
        estimated_cost=None, status=need.status, confidential=True, updated=None,
    )


def _visible_provider(viewer: Viewer, provider: Provider) -> Provider:
    if viewer.full_access or viewer.provider == provider.id or provider.contact is None:
        return provider
    return replace(provider, contact=None)


def hidden_need_aliases(snapshot: Snapshot, viewer: Viewer) -> dict[str, str]:
    """The needs ``viewer`` may not read, each with the alias it is shown under."""
    if viewer.full_access:
        return {}
    hidden = [need_id for need_id in sorted(snapshot.needs)
              if not can_see_need(viewer, snapshot.needs[need_id])]
    return {need_id: f"confidential-{number}" for number, need_id in enumerate(hidden, 1)}


def scrub(value: Any, aliases: dict[str, str]) -> Any:
    """A JSON-ready value with every hidden need id replaced by its alias."""
    if not aliases:
        return value
    if isinstance(value, str):
        return aliases.get(value, value)
    if isinstance(value, list | tuple):
        return [scrub(v, aliases) for v in value]
    if isinstance(value, dict):
        return {scrub(k, aliases): scrub(v, aliases) for k, v in value.items()}
    return value


def visible_snapshot(snapshot: Snapshot, viewer: Viewer) -> Snapshot:
    """The part of ``snapshot`` that ``viewer`` may see, confidential needs redacted."""
    if viewer.full_access:
        return snapshot
    aliases = hidden_need_aliases(snapshot, viewer)
    needs = {}
    for need_id, need in sorted(snapshot.needs.items()):
        if need_id in aliases:
            alias = aliases[need_id]
            needs[alias] = redact_need(need, alias)
        else:
            needs[need_id] = need
    partnerships = {k: p for k, p in snapshot.partnerships.items() if p.need not in aliases}
    providers = {k: _visible_provider(viewer, p) for k, p in snapshot.providers.items()}
    return replace(snapshot, needs=needs, partnerships=partnerships, providers=providers)
