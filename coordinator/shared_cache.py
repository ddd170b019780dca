"""The analysis cache shared by every process, on Redis, behind the in-process cache.

:func:`coordinator.services.catalog.cached` keeps results per data version in each process.
With ``REDIS_URL`` set, the plain results named in :data:`SHARED` (duplicates, gaps,
indicators, the allocation) are also kept in Redis under the same key, so a result computed
once — by the analysis refresh job on a worker, or by any web process — is read by every other
process instead of being computed again. A new data version is a new key, so nothing stale is
ever read; old entries expire after :data:`TTL`.

Values are pickled, as RQ pickles its jobs: Redis must be as trusted as the database. Without
Redis, or when it cannot be reached, results are simply computed in the process.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["SHARED", "TTL", "shared"]

#: The cache keys (their first element) whose values are plain data worth sharing.
SHARED = frozenset({"duplicates", "gaps", "indicators", "allocation"})
#: Seconds an entry is kept (a data version also changes with the day).
TTL = 2 * 86400
_PREFIX = "coordinator:analysis:"

log = logging.getLogger(__name__)
_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _client(url: str):
    with _lock:
        if url not in _clients:
            from redis import Redis

            _clients[url] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        return _clients[url]


def _name(key: Hashable) -> str:
    return _PREFIX + hashlib.sha256(repr(key).encode()).hexdigest()


def shared(key: Hashable, build: Callable[[], Any]) -> Any:
    """The value of ``key`` from Redis when another process computed it, else ``build()``
    (stored for the others). Keys not in :data:`SHARED`, or no ``REDIS_URL``: ``build()``."""
    url = os.environ.get("REDIS_URL", "").strip()
    if not url or not (isinstance(key, tuple) and key and key[0] in SHARED):
        return build()
    from redis.exceptions import RedisError

    name = _name(key)
    try:
        stored = _client(url).get(name)
    except RedisError as error:
        log.warning("shared analysis cache unavailable: %s", error)
        return build()
    if stored is not None:
        try:
            return pickle.loads(stored)
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
            log.warning("shared analysis cache: an unreadable entry was ignored")
    value = build()
    try:
        _client(url).set(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ex=TTL)
    except (RedisError, pickle.PicklingError, TypeError) as error:
        log.warning("shared analysis cache: not stored: %s", error)
    return value
