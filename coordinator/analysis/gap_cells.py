"""Initiatives broken into (country, leaf component) cells, and the cells that meet each need.

A cell carries its share of the initiative's budget in USD (the budget split evenly over the
countries covered and the components listed, a component ``a`` split again over ``a1``..``a5``),
the initiative's period and whether it is active. Matching needs to cells is a sorted join
(``searchsorted``) over integer keys, so 100,000 initiatives and 20,000 needs take well under a
second.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coordinator.analysis.duplicate_features import LEAF_COMPONENTS
from coordinator.domain import Need, Snapshot
from coordinator.money import RateTable
from coordinator.taxonomy import expand_component

__all__ = ["Cells", "initiative_cells", "need_matches", "covered_countries"]

_LEAF_INDEX = {code: i for i, code in enumerate(LEAF_COMPONENTS)}
_NEVER, _FOREVER = -(10**9), 10**9
_COUNTED = ("planned", "ongoing", "completed")


@dataclass(frozen=True)
class Cells:
    """One row per (initiative, country, leaf component) an initiative covers."""

    ids: tuple[str, ...]  # initiative ids, indexed by ``initiative``
    n_initiatives: int
    initiative: np.ndarray
    key: np.ndarray  # country number * 32 + leaf number, sorted ascending
    usd: np.ndarray  # the cell's share of the budget (NaN when unknown)
    start: np.ndarray  # day numbers; _NEVER when unknown
    end: np.ndarray  # day numbers; _FOREVER when unknown
    active: np.ndarray  # planned or ongoing (completed otherwise)
    dated: np.ndarray  # at least one of start and end known
    country_numbers: dict[str, int]


def covered_countries(snapshot: Snapshot, countries, regions) -> list[str]:
    """Recipient countries, each recipient region standing for its member countries."""
    covered = dict.fromkeys(countries)
    for region in regions:
        for country in snapshot.countries.values():
            if region == "001" or region in country.areas:
                covered.setdefault(country.alpha3)
    return list(covered)


def _members_by_region(snapshot: Snapshot) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {"001": sorted(snapshot.countries)}
    for country in sorted(snapshot.countries.values(), key=lambda c: c.alpha3):
        for area in country.areas:
            members.setdefault(area, []).append(country.alpha3)
    return members


def _leaf_shares(components: tuple[str, ...]) -> tuple[list[int], list[float]]:
    """Leaf numbers of a component list and the share of the budget each gets."""
    listed = list(dict.fromkeys(components))
    leaves, shares = [], []
    for component in listed:
        inside = [_LEAF_INDEX[c] for c in expand_component(component) if c in _LEAF_INDEX]
        if not inside:
            continue
        leaves.extend(inside)
        shares.extend([1.0 / (len(listed) * len(inside))] * len(inside))
    return leaves, shares


def _distinct(keys: list) -> tuple[dict, np.ndarray]:
    """(index of each distinct key, in order of first appearance; the index of each key)."""
    index: dict = {}
    of_key = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64,
                         count=len(keys))
    return index, of_key


def _flat(lists: list[list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values one list after the other, where each list starts, its length)."""
    lengths = np.array([len(values) for values in lists], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return np.array([v for values in lists for v in values]), starts, lengths


def initiative_cells(snapshot: Snapshot, rates: RateTable) -> Cells:
    """The cells of every planned, ongoing or completed initiative of ``snapshot``.

    The countries and leaf shares of each distinct list of recipients and of components are
    worked out once; the cells of all initiatives are then spread out with numpy.
    """
    members = _members_by_region(snapshot)
    numbers = {code: i for i, code in enumerate(sorted(snapshot.countries))}
    initiatives = [i for _, i in sorted(snapshot.initiatives.items()) if i.status in _COUNTED]
    record = np.array([row for row, i in enumerate(initiatives) if i.components],
                      dtype=np.int64)
    with_components = [initiatives[row] for row in record.tolist()]
    places, place_of = _distinct([(i.recipient_countries, i.recipient_regions)
                                  for i in with_components])
    place_lists = []
    for countries, regions in places:
        covered = dict.fromkeys(countries)
        for region in regions:
            covered.update(dict.fromkeys(members.get(region, ())))
        place_lists.append([numbers.setdefault(c, len(numbers)) for c in covered])
    component_keys, component_of = _distinct([i.components for i in with_components])
    leaf_lists = [_leaf_shares(key) for key in component_keys]
    place_flat, place_start, place_count = _flat(place_lists)
    leaf_flat, leaf_start, leaf_count = _flat([leaves for leaves, _ in leaf_lists])
    share_flat = np.array([s for _, shares in leaf_lists for s in shares], dtype=float)
    per_record = place_count[place_of] * leaf_count[component_of]
    rows = np.repeat(np.arange(record.size), per_record)
    k = np.arange(rows.size) - np.repeat(np.cumsum(per_record) - per_record, per_record)
    in_leaves = leaf_count[component_of][rows]
    country = place_flat[place_start[place_of][rows] + k // in_leaves] if rows.size else rows
    leaf_at = leaf_start[component_of][rows] + k % in_leaves
    key_array = (country * 32 + leaf_flat[leaf_at]).astype(np.int64) if rows.size else rows
    fractions = ((1.0 / place_count[place_of][rows]) * share_flat[leaf_at]) if rows.size \
        else np.zeros(0)
    row_array = record[rows]
    budgets = rates.usd_amounts(
        [i.budget.amount if i.budget else np.nan for i in initiatives],
        [i.budget.currency if i.budget else "USD" for i in initiatives],
        [i.start.year if i.start else (i.end.year if i.end else None) for i in initiatives],
    ) if initiatives else np.zeros(0)
    starts = np.array([i.start.toordinal() if i.start else _NEVER for i in initiatives],
                      dtype=np.int64)
    ends = np.array([i.end.toordinal() if i.end else _FOREVER for i in initiatives],
                    dtype=np.int64)
    active = np.array([i.status != "completed" for i in initiatives], dtype=bool)
    dated = np.array([i.start is not None or i.end is not None for i in initiatives],
                     dtype=bool)
    order = np.argsort(key_array, kind="stable")
    row_array = row_array[order]
    return Cells(
        ids=tuple(i.id for i in initiatives), n_initiatives=len(initiatives),
        initiative=row_array, key=key_array[order],
        usd=budgets[row_array] * fractions[order], start=starts[row_array],
        end=ends[row_array], active=active[row_array], dated=dated[row_array],
        country_numbers=numbers,
    )


def need_matches(snapshot: Snapshot, needs: list[Need], cells: Cells
                 ) -> tuple[np.ndarray, np.ndarray]:
    """``(need_rows, cell_rows)``: every cell addressing a need's country, component and time.

    A need on ``a`` meets cells ``a1``..``a5``. Needs without a time frame only meet planned
    and ongoing initiatives.
    """
    need_rows, keys = [], []
    for row, need in enumerate(needs):
        number = cells.country_numbers.get(need.country)
        if number is None:
            continue
        for leaf in expand_component(need.component):
            if leaf in _LEAF_INDEX:
                need_rows.append(row)
                keys.append(number * 32 + _LEAF_INDEX[leaf])
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    need_rows = np.array(need_rows, dtype=np.int64)
    keys = np.array(keys, dtype=np.int64)
    first = np.searchsorted(cells.key, keys, side="left")
    last = np.searchsorted(cells.key, keys, side="right")
    counts = last - first
    pair_needs = np.repeat(need_rows, counts)
    offsets = np.arange(pair_needs.size) - np.repeat(np.cumsum(counts) - counts, counts)
    pair_cells = np.repeat(first, counts) + offsets
    frame_start = np.array([n.start.toordinal() if n.start else _NEVER for n in needs],
                           dtype=np.int64)[pair_needs]
    frame_end = np.array([n.end.toordinal() if n.end else _FOREVER for n in needs],
                         dtype=np.int64)[pair_needs]
    framed = (frame_start > _NEVER) | (frame_end < _FOREVER)
    overlaps = (cells.start[pair_cells] <= frame_end) & (cells.end[pair_cells] >= frame_start)
    active = cells.active[pair_cells]
    counted = np.where(framed, overlaps & (active | cells.dated[pair_cells]), active)
    return pair_needs[counted], pair_cells[counted]
