"""The pages: one module per feature, each defining a blueprint ``bp``.

A module may also define ``NAV = (order, label, endpoint)`` to appear in the navigation.
Modules are found and registered automatically by :func:`register_pages`.
"""
from __future__ import annotations

import pkgutil
from importlib import import_module

from flask import Flask

__all__ = ["register_pages"]


def register_pages(app: Flask) -> list[tuple[int, str, str]]:
    """Register every page blueprint of this package; return the navigation entries, in order."""
    navigation = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = import_module(f"{__name__}.{info.name}")
        blueprint = getattr(module, "bp", None)
        if blueprint is None:
            continue
        app.register_blueprint(blueprint)
        nav = getattr(module, "NAV", None)
        if nav:
            navigation.append(nav)
    return sorted(navigation)
