"""The optimal allocation of known budgets to open needs, for the secretariat's planning.

The allocation is :func:`coordinator.services.matching.allocation_for`'s (cached per data
version and method); this page groups its assignments by provider with how much of each budget
they use, lists the needs left without support, says how it was computed, and downloads it all
as CSV. A need the viewer may not read is never shown.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, render_template, request

from coordinator.domain import Need, Provider, Snapshot
from coordinator.errors import InvalidInput, Problem
from coordinator.io.csv_columns import guard_cell
from coordinator.money import RateTable, default_table
from coordinator.services.catalog import snapshot_for
from coordinator.services.matching import allocation_for
from coordinator.suggestions import ALLOCATION_METHODS
from coordinator.visibility import Viewer, can_see_need

from ..database import get_session
from ..viewer import current_viewer
from .listing import install_template_helpers

__all__ = ["bp", "NAV", "METHOD_LABELS", "Assigned", "ProviderShare", "AllocationView",
           "allocation_view", "read_method", "allocation_csv", "CSV_COLUMNS"]

bp = Blueprint("allocation", __name__, url_prefix="/allocation")
bp.record_once(install_template_helpers)
NAV = (75, "Allocation", "allocation.index")

METHOD_LABELS = {
    "augmenting": "Exact, fast (augmenting paths)",
    "lp": "Exact, linear programme (HiGHS; slower)",
    "greedy": "Greedy baseline (for comparison)",
}
CSV_COLUMNS = ("provider", "provider_name", "need", "need_title", "country", "component",
               "priority", "amount_usd", "reasons")


@dataclass(frozen=True)
class Assigned:
    """USD of one provider's budget assigned to one need, and why."""

    need: Need
    amount_usd: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ProviderShare:
    """One provider's part of the allocation: what it would fund, and how much of its budget."""

    provider_id: str
    provider: Provider | None
    budget_usd: float | None
    assigned_usd: float
    assignments: tuple[Assigned, ...]

    @property
    def name(self) -> str:
        """The provider's name, or its id."""
        return self.provider.name if self.provider else self.provider_id

    @property
    def used_share(self) -> float | None:
        """The share of its budget assigned (0..1), None when its budget is unknown."""
        if not self.budget_usd:
            return None
        return min(1.0, self.assigned_usd / self.budget_usd)

    @property
    def used_percent(self) -> int:
        """The share used as a whole percentage, for bars."""
        share = self.used_share
        return 0 if share is None else round(share * 100)


@dataclass(frozen=True)
class AllocationView:
    """The allocation as the page shows it."""

    method: str
    description: str
    objective: float
    covered_usd: float
    budgets_usd: float
    providers: tuple[ProviderShare, ...]
    unassigned: tuple[Need, ...]
    notes: tuple[str, ...]

    @property
    def assignment_count(self) -> int:
        """How many (need, provider) assignments there are."""
        return sum(len(p.assignments) for p in self.providers)

    @property
    def needs_supported(self) -> int:
        """How many needs get something."""
        return len({a.need.id for p in self.providers for a in p.assignments})


def read_method(args: Mapping[str, str]) -> str:
    """The allocation method asked for (``augmenting`` unless said), checked."""
    method = args.get("method") or "augmenting"
    if method not in ALLOCATION_METHODS:
        raise InvalidInput(Problem("query", "allocation", "method",
                                   f"{method!r}: one of {', '.join(ALLOCATION_METHODS)}"))
    return method


def _rates(snapshot: Snapshot) -> RateTable:
    return RateTable(snapshot.rates) if snapshot.rates else default_table()


def _visible(snapshot: Snapshot, viewer: Viewer, need_id: str) -> Need | None:
    need = snapshot.needs.get(need_id)
    return need if need is not None and can_see_need(viewer, need) else None


def allocation_view(result: Mapping[str, Any], snapshot: Snapshot, viewer: Viewer,
                    method: str = "augmenting") -> AllocationView:
    """Group the contract's "allocate" result (computed with ``method``) by provider, largest
    share of the money first; unassigned needs by priority. ``snapshot`` is the viewer's."""
    rates = _rates(snapshot)
    grouped: dict[str, list[Assigned]] = {}
    for item in result["assignments"]:
        need = _visible(snapshot, viewer, item["need"])
        if need is None:
            continue
        grouped.setdefault(item["provider"], []).append(
            Assigned(need, float(item["amount"]["amount"]), tuple(item.get("reasons") or ())))
    shares = []
    for provider_id, assigned in grouped.items():
        provider = snapshot.providers.get(provider_id)
        budget = rates.to_usd(provider.budget, snapshot.as_of) \
            if provider is not None and provider.budget is not None else None
        assigned.sort(key=lambda a: (-a.amount_usd, a.need.id))
        shares.append(ProviderShare(provider_id, provider, budget,
                                    sum(a.amount_usd for a in assigned), tuple(assigned)))
    shares.sort(key=lambda s: (-s.assigned_usd, s.provider_id))
    unassigned = [n for n in (_visible(snapshot, viewer, i) for i in result["unassigned"]) if n]
    unassigned.sort(key=lambda n: (n.priority, n.country, n.id))
    budgets = 0.0
    for provider in snapshot.providers.values():
        if provider.budget is not None and provider.kind not in ("expert", "country"):
            budgets += rates.to_usd(provider.budget, snapshot.as_of) or 0.0
    return AllocationView(
        method=method,
        description=str(result.get("method") or ""), objective=float(result["objective"]),
        covered_usd=float((result.get("covered") or {}).get("amount") or
                          sum(s.assigned_usd for s in shares)),
        budgets_usd=budgets, providers=tuple(shares), unassigned=tuple(unassigned),
        notes=tuple(result.get("notes") or ()))


def allocation_csv(view: AllocationView) -> str:
    """Every assignment as a CSV row (safe to open in a spreadsheet)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for share in view.providers:
        for a in share.assignments:
            row: Sequence[Any] = (share.provider_id, share.name, a.need.id, a.need.title,
                                  a.need.country, a.need.component, a.need.priority,
                                  f"{a.amount_usd:.2f}", "; ".join(a.reasons))
            writer.writerow([guard_cell(str(v)) for v in row])
    return buffer.getvalue()


def _computed(method: str) -> tuple[AllocationView, Snapshot]:
    viewer = current_viewer()
    session = get_session()
    result = allocation_for(session, viewer, method)
    snapshot = snapshot_for(session, viewer)
    return allocation_view(result, snapshot, viewer, method), snapshot


@bp.get("/")
def index() -> str | Response:
    """The allocation by provider, the needs left out, the method; ``?format=csv`` downloads."""
    method = read_method(request.args)
    download = request.args.get("format")
    if download not in (None, "", "csv"):
        raise InvalidInput(Problem("query", "allocation", "format", "csv"))
    view, snapshot = _computed(method)
    if download == "csv":
        response = Response(allocation_csv(view), mimetype="text/csv")
        response.headers["Content-Disposition"] = \
            f'attachment; filename="allocation-{method}.csv"'
        return response
    return render_template("allocation/index.html", view=view, snapshot=snapshot,
                           methods=METHOD_LABELS)
