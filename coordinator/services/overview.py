"""The numbers on the home page: what the record holds, by kind, status, region and component."""
from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from .. import taxonomy
from .catalog import snapshot_for
from ..visibility import Viewer

__all__ = ["overview"]


def overview(session: Session, viewer: Viewer) -> dict[str, Any]:
    """Counts of everything ``viewer`` may see, ready for a page or a JSON answer."""
    snapshot = snapshot_for(session, viewer)
    countries = snapshot.countries
    regions = snapshot.regions

    def region_name(alpha3: str) -> str:
        country = countries.get(alpha3)
        code = country.region if country else None
        return regions[code].name if code in regions else "Unknown"

    open_needs = [n for n in snapshot.needs.values() if n.status in ("open", "partially_met")]
    needs_by_region = Counter(region_name(n.country) for n in open_needs)
    needs_by_component = Counter(n.component for n in open_needs)
    providers_by_kind = Counter(p.kind for p in snapshot.providers.values())
    initiatives_by_status = Counter(i.status for i in snapshot.initiatives.values())
    countries_with_needs = {n.country for n in snapshot.needs.values()}
    priority_groups = Counter(
        group for alpha3 in countries_with_needs
        for group in countries[alpha3].groups if group in taxonomy.PRIORITY_GROUPS
    ) if countries else Counter()
    return {
        "totals": {
            "countries": len(countries),
            "cartagena_parties": sum(1 for c in countries.values() if c.cartagena_party),
            "providers": len(snapshot.providers),
            "initiatives": len(snapshot.initiatives),
            "needs": len(snapshot.needs),
            "open_needs": len(open_needs),
            "capacities": len(snapshot.capacities),
            "offered_capacities": sum(1 for c in snapshot.capacities.values() if c.can_offer),
            "profiles": len(snapshot.profiles),
            "meetings": len(snapshot.meetings),
            "partnerships": len(snapshot.partnerships),
            "countries_with_needs": len(countries_with_needs),
        },
        "providers_by_kind": [
            {"kind": k, "label": taxonomy.PROVIDER_KINDS[k], "count": providers_by_kind[k]}
            for k in taxonomy.PROVIDER_KINDS if providers_by_kind[k]
        ],
        "initiatives_by_status": [
            {"status": s, "count": initiatives_by_status[s]}
            for s in taxonomy.INITIATIVE_STATUSES
        ],
        "open_needs_by_region": [
            {"region": name, "count": count} for name, count in needs_by_region.most_common()
        ],
        "open_needs_by_component": [
            {"component": code, "label": taxonomy.COMPONENTS[code],
             "count": needs_by_component[code]}
            for code in taxonomy.COMPONENTS if needs_by_component[code]
        ],
        "countries_with_needs_by_group": [
            {"group": g, "label": taxonomy.COUNTRY_GROUPS[g], "count": priority_groups[g]}
            for g in taxonomy.PRIORITY_GROUPS
        ],
    }
