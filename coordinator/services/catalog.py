"""Snapshots cached per data version, so pages and analyses do not reload an unchanged record.

The data version is read with one small query per call: the newest audit-log entry (every change
writes one) and the size of the reference tables. A change anywhere gives a new version, and the
next read rebuilds the snapshot; nothing is served stale. What was cached for the versions a
change superseded is dropped then, so memory stays flat however often the data changes.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import Snapshot
from ..shared_cache import shared
from ..store.models import AuditRow, CountryRow, ExchangeRateRow
from ..store.snapshot import load_snapshot
from ..visibility import SYSTEM, Viewer, visible_snapshot

__all__ = ["DataVersion", "data_version", "snapshot_for", "cached", "clear_cache"]

_lock = threading.Lock()
_cache: OrderedDict[Hashable, Any] = OrderedDict()
_CAPACITY = 64
_newest: dict[str, DataVersion] = {}  # database URL -> the version last read from it


class DataVersion(NamedTuple):
    """The state of one database's data, as far as cached values depend on it."""

    database: str
    latest_change: int
    countries: int
    rates: int
    day: str


def data_version(session: Session) -> DataVersion:
    """A value that changes whenever any record or reference table changes (or the day)."""
    engine_url = str(session.get_bind().url)
    latest = session.scalar(select(func.max(AuditRow.id))) or 0
    countries = session.scalar(select(func.count()).select_from(CountryRow)) or 0
    rates = session.scalar(select(func.count()).select_from(ExchangeRateRow)) or 0
    version = DataVersion(engine_url, latest, countries, rates, date.today().isoformat())
    _forget_superseded(version)
    return version


def _forget_superseded(version: DataVersion) -> None:
    """Drop what was cached for other versions of the same database: no read asks for it again."""
    with _lock:
        if _newest.get(version.database) == version:
            return
        _newest[version.database] = version
        stale = [key for key in _cache if isinstance(key, tuple) and any(
            isinstance(part, DataVersion) and part.database == version.database
            and part != version for part in key)]
        for key in stale:
            del _cache[key]


def cached(key: Hashable, build: Callable[[], Any]) -> Any:
    """The value cached under ``key``, built once (least recently used entries are dropped)."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = shared(key, build)  # other processes' result, when Redis shares it
    with _lock:
        _cache[key] = value
        _cache.move_to_end(key)
        while len(_cache) > _CAPACITY:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget every cached value (tests, and after a restore)."""
    with _lock:
        _cache.clear()
        _newest.clear()


def snapshot_for(session: Session, viewer: Viewer = SYSTEM) -> Snapshot:
    """What ``viewer`` may see now, from the cache when the data has not changed."""
    version = data_version(session)
    full = cached(("snapshot", version), lambda: load_snapshot(session, SYSTEM))
    if viewer.full_access:
        return full
    return cached(("snapshot", version, viewer), lambda: visible_snapshot(full, viewer))
