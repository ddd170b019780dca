"""Exporting everything the caller may see, in JSON, CSV or IATI XML."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import InvalidInput, Problem
from ..io.document import snapshot_document
from ..store.snapshot import load_snapshot
from ..visibility import SYSTEM, Viewer
from .records import generated_now

__all__ = ["EXPORT_FORMATS", "export_path", "export_format_for"]

EXPORT_FORMATS = ("json", "csv", "iati", "graphml")


def export_format_for(path: Path) -> str:
    """The export format a file name asks for: ``.xml`` IATI, ``.csv``/``.zip``/folder CSV."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return "iati"
    if suffix == ".graphml":
        return "graphml"
    if suffix in (".csv", ".zip", "") or path.is_dir():
        return "csv"
    return "json"


def export_path(session: Session, out: Path, fmt: str | None = None, *,
                viewer: Viewer = SYSTEM, reporting_org: tuple[str, str] | None = None,
                progress_factory: Callable[[int], Callable[[int], None] | None] | None = None,
                ) -> tuple[dict[str, int], list[Problem]]:
    """Write every record ``viewer`` may see to ``out``; return counts and what was left out.

    Only the IATI format can leave records out (an activity without any date cannot be
    represented); each one left out comes back as a problem to show the user.

    ``reporting_org`` (IATI ref, name) names who publishes an IATI export; by default it comes
    from ``$IATI_REPORTING_ORG_REF`` and ``$IATI_REPORTING_ORG_NAME``.
    """
    fmt = fmt or export_format_for(out)
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(Problem(str(out), "", "", f"unknown export format {fmt!r}"))
    if fmt == "graphml":
        from .analysis import write_graph

        return write_graph(session, viewer, out), []
    snapshot = load_snapshot(session, viewer)
    total = sum(len(getattr(snapshot, name)) for name in (
        "providers", "initiatives", "needs", "capacities", "profiles", "meetings",
        "partnerships"))
    progress = progress_factory(total) if progress_factory else None
    document = snapshot_document(snapshot, progress)
    left_out: list[Problem] = []
    if fmt == "json":
        from ..io.json_format import write_json

        write_json(document, out)
    elif fmt == "csv":
        from ..io.csv_format import write_csv_bundle

        write_csv_bundle(document, out)
    else:
        from ..io.iati_write import DEFAULT_REPORTING_ORG_REF, exportable, write_iati

        ref, name = reporting_org or (
            os.environ.get("IATI_REPORTING_ORG_REF", DEFAULT_REPORTING_ORG_REF),
            os.environ.get("IATI_REPORTING_ORG_NAME", "Capacity Coordinator"),
        )
        alpha3_to_alpha2 = {c.alpha3: c.alpha2 for c in snapshot.countries.values()}
        document, left_out = exportable(document, alpha3_to_alpha2=alpha3_to_alpha2)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(write_iati(document, reporting_org_ref=ref, reporting_org_name=name,
                                   generated=generated_now(), alpha3_to_alpha2=alpha3_to_alpha2))
    counts = {name: len(value) for name, value in document.items() if isinstance(value, list)}
    return counts, left_out
