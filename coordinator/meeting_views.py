"""Meeting proposals and recorded meetings as JSON-ready dicts, in one shape for both.

The shape extends the contract's "meetings" output (``scope``, ``area``, ``host``,
``invitees``, ``agenda``, ``components``, ``score``) with what planners, exports and pages read:
see docs/meetings.md. Exporters (``coordinator.io.ics``, ``coordinator.io.agenda``) take it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matching.meeting_types import Proposal

from .domain import Meeting, Snapshot
from .meetings import need_phrase

__all__ = ["invitation_list", "proposal_dict", "meeting_view"]


def _name(snapshot: Snapshot, kind: str, ref: str) -> str:
    if kind == "country":
        country = snapshot.countries.get(ref)
        return country.name if country else ref
    provider = snapshot.providers.get(ref)
    return provider.name if provider else ref


def _country_contacts(snapshot: Snapshot) -> dict[str, str]:
    """A country's contact: that of its provider record of kind ``country``, when visible."""
    contacts = {}
    for provider in sorted(snapshot.providers.values(), key=lambda p: p.id):
        if provider.kind == "country" and provider.country and provider.contact:
            contacts.setdefault(provider.country, provider.contact)
    return contacts


def invitation_list(snapshot: Snapshot, countries: Iterable[str], providers: Iterable[str],
                    *, host: str | None = None,
                    because: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per invitee: kind (country, provider, expert), ref, name, side, contact, why.

    ``side`` is "recipient" (or "host") for countries and "support" for providers and experts.
    A contact is only given when the reader may see it.
    """
    because = because or {}
    contacts = _country_contacts(snapshot)
    rows = []
    for alpha3 in countries:
        rows.append({"kind": "country", "ref": alpha3, "name": _name(snapshot, "country", alpha3),
                     "side": "host" if alpha3 == host else "recipient",
                     "contact": contacts.get(alpha3), "why": because.get(alpha3, "")})
    for provider_id in providers:
        provider = snapshot.providers.get(provider_id)
        kind = "expert" if provider is not None and provider.kind == "expert" else "provider"
        rows.append({"kind": kind, "ref": provider_id,
                     "name": _name(snapshot, "provider", provider_id), "side": "support",
                     "contact": provider.contact if provider else None,
                     "why": because.get(provider_id, "")})
    return rows


def proposal_dict(proposal: Proposal, snapshot: Snapshot, notes: Iterable[str] = ()
                  ) -> dict[str, Any]:
    """A proposal in the contract's "meetings" shape, with everything a planner reads."""
    invited_providers = [*proposal.providers, *proposal.experts]
    return {
        "id": proposal.id,
        "title": proposal.title,
        "status": "proposed",
        "scope": proposal.scope,
        "area": proposal.area,
        "area_name": proposal.area_name,
        "host": proposal.host,
        "host_name": _name(snapshot, "country", proposal.host),
        "invitees": {"countries": list(proposal.countries), "providers": invited_providers},
        "experts": list(proposal.experts),
        "components": list(proposal.components),
        "window": {"start": proposal.window.start.isoformat(),
                   "end": proposal.window.end.isoformat()},
        "agenda": [item.text for item in proposal.agenda],
        "agenda_items": [{"section": item.section, "text": item.text, "refs": list(item.refs)}
                         for item in proposal.agenda],
        "score": proposal.score,
        "parts": dict(proposal.parts),
        "weights": dict(proposal.weights),
        "reasons": list(proposal.reasons),
        "host_reasons": list(proposal.host_reasons),
        "window_reasons": list(proposal.window_reasons),
        "size": proposal.size,
        "limit": proposal.limit,
        "left_out": {"countries": list(proposal.left_out_countries),
                     "providers": list(proposal.left_out_providers)},
        "invitation_list": invitation_list(snapshot, proposal.countries, invited_providers,
                                           host=proposal.host,
                                           because=proposal.invited_because),
        "notes": [*proposal.notes, *notes],
    }


def meeting_view(meeting: Meeting, snapshot: Snapshot) -> dict[str, Any]:
    """A recorded meeting in the same shape as a proposal (for exports and pages), with the
    partnerships agreed there."""
    countries = [i.ref for i in meeting.invitees if i.kind == "country"]
    providers = [i.ref for i in meeting.invitees if i.kind == "provider"]
    experts = [p for p in providers
               if p in snapshot.providers and snapshot.providers[p].kind == "expert"]
    agreed = [
        {"id": p.id, "need": p.need, "provider": p.provider, "status": p.status,
         "text": f"{_name(snapshot, 'provider', p.provider or '')} with "
                 f"{need_phrase(snapshot, p.need)}"}
        for p in sorted(snapshot.partnerships.values(), key=lambda p: p.id)
        if p.meeting == meeting.id
    ]
    area_name = snapshot.regions[meeting.area].name if meeting.area in snapshot.regions \
        else meeting.area
    return {
        "id": meeting.id, "title": meeting.title, "status": meeting.status,
        "scope": meeting.scope, "area": meeting.area, "area_name": area_name,
        "host": meeting.host,
        "host_name": _name(snapshot, "country", meeting.host) if meeting.host else None,
        "invitees": {"countries": countries, "providers": providers},
        "experts": experts, "components": list(meeting.components),
        "window": {"start": meeting.start.isoformat() if meeting.start else None,
                   "end": meeting.end.isoformat() if meeting.end else None},
        "agenda": list(meeting.agenda),
        "agenda_items": [{"section": "agenda", "text": t, "refs": []} for t in meeting.agenda],
        "size": len(countries) + len(providers),
        "invitation_list": invitation_list(snapshot, countries, providers, host=meeting.host),
        "outcome": meeting.outcome,
        "agreed": agreed,
    }
