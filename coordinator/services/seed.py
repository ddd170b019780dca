"""Seeding a database: reference data, and by default the illustrative demo data set."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from .records import ImportResult, import_path
from .reference import seed_reference

__all__ = ["DEMO_PATH", "seed"]

DEMO_PATH = Path(__file__).resolve().parents[2] / "seed_data" / "demo" / "demo.json"


def seed(session: Session, *, demo: bool = True, demo_path: Path | None = None
         ) -> tuple[dict[str, int], ImportResult | None]:
    """Load the reference data and, with ``demo``, the demo data set; safe to run again."""
    counts = seed_reference(session)
    result = None
    if demo:
        result = import_path(session, demo_path or DEMO_PATH, "json", actor="seed")
    return counts, result
