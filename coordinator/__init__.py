"""Capacity Coordinator: the domain, its record and the analyses (no Flask here)."""

__version__ = "0.1.0"
