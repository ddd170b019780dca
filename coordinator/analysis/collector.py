"""Pausing Python's cyclic garbage collector while an analysis makes many small objects.

A snapshot of 100,000 initiatives holds millions of Python objects. An analysis that makes a
few hundred thousand more (pairs, gaps, their reasons) sets off full collections, and each
walks every object of the snapshot again, for nothing: the analyses make no reference cycles.
Reference counting still frees everything as usual while the collector is paused.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused", "with_collector_paused"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the ``with`` block (if it was running).

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def with_collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with the cyclic garbage collector paused (see :func:`collector_paused`)."""
    @wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with collector_paused():
            return function(*args, **kwargs)
    return paused
