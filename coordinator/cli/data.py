"""Commands that set up the database and move records in and out: init, seed, import, export, serve."""
from __future__ import annotations

from pathlib import Path

import click

from .. import services
from ..store import current_revision, describe_url, head_revision, make_engine, resolve_url, upgrade
from .common import database_session, db_option, echo_err, emit_json, format_option, progress_bar

__all__ = ["init_command", "seed_command", "import_command", "export_command", "serve_command"]


@click.command("init")
@db_option
def init_command(db_url: str | None) -> None:
    """Create the database, or migrate it to this version's schema (Alembic)."""
    engine = make_engine(db_url)
    try:
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    where = describe_url(resolve_url(db_url))
    if before == after:
        echo_err(f"{where}: already at schema {after}")
    else:
        echo_err(f"{where}: schema {before or 'empty'} -> {after or head_revision()}")


@click.command("seed")
@db_option
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Also load the illustrative demo data set.")
@format_option("text", "json")
def seed_command(db_url: str | None, demo: bool, output_format: str) -> None:
    """Load reference data (countries, regions, groups, components, rates) and the demo data set.

    Idempotent: running it again changes nothing. Creates the database first if needed.
    """
    with database_session(db_url, migrate=True) as session:
        counts, result = services.seed(session, demo=demo)
    report = {"reference": counts, "demo": result.summary if result else None}
    if output_format == "json":
        emit_json(report)
        return
    echo_err("Reference data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if result:
        echo_err(f"Demo data: {result.total('created')} created, {result.total('updated')} "
                 f"updated, {result.total('unchanged')} unchanged")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--format", "input_format", type=click.Choice(services.FORMATS), default=None,
              help="Input format (guessed from the file when not given).")
@click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the import report.")
def import_command(file: Path, db_url: str | None, input_format: str | None,
                   report_format: str) -> None:
    """Import FILE (JSON, CSV file/folder/zip, or IATI XML): upsert by id, all or nothing."""
    with database_session(db_url) as session:
        result = services.import_path(session, file, input_format,
                                      progress_factory=progress_bar(f"importing {file.name}"))
    if report_format == "json":
        emit_json({"source": result.source, "format": result.format, "summary": result.summary,
                   "warnings": [w.as_dict() for w in result.warnings]})
        return
    for name, counts in result.summary.items():
        if any(counts.values()):
            echo_err(f"  {name}: {counts['created']} created, {counts['updated']} updated, "
                     f"{counts['unchanged']} unchanged")
    echo_err(f"Imported {file.name} ({result.format}): {result.total('created')} created, "
             f"{result.total('updated')} updated, {result.total('unchanged')} unchanged.")
    if result.warnings:
        echo_err(f"{len(result.warnings)} warning(s): what could not be imported:")
        for warning in result.warnings[:100]:
            echo_err(f"  {warning}")
        if len(result.warnings) > 100:
            echo_err(f"  ... and {len(result.warnings) - 100} more (use --report json)")


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@click.option("--format", "output_format", type=click.Choice(services.EXPORT_FORMATS),
              default=None, help="Output format (from OUT's extension when not given).")
@click.option("--reporting-org-ref", envvar="IATI_REPORTING_ORG_REF", default=None,
              help="IATI organisation identifier of the publisher (IATI export).")
@click.option("--reporting-org-name", envvar="IATI_REPORTING_ORG_NAME",
              default="Capacity Coordinator", show_default=True,
              help="Name of the publisher (IATI export).")
def export_command(out: Path, db_url: str | None, output_format: str | None,
                   reporting_org_ref: str | None, reporting_org_name: str) -> None:
    """Export every record you may see to OUT (json, csv folder or .zip, or IATI .xml)."""
    from ..io.iati_write import DEFAULT_REPORTING_ORG_REF

    reporting_org = (reporting_org_ref or DEFAULT_REPORTING_ORG_REF, reporting_org_name)
    with database_session(db_url) as session:
        counts, left_out = services.export_path(
            session, out, output_format, reporting_org=reporting_org,
            progress_factory=progress_bar(f"exporting {out.name}"))
    echo_err(f"Exported to {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v))
    if left_out:
        echo_err(f"{len(left_out)} record(s) left out:")
        for problem in left_out:
            echo_err(f"  {problem}")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int,
              help="Worker processes (gunicorn).")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker.")
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
def serve_command(db_url: str | None, host: str, port: int, workers: int, threads: int,
                  dev: bool) -> None:
    """Serve the web UI and API (gunicorn; --dev for Flask's development server)."""
    from web import create_app  # the web layer sits above the coordinator; imported only here

    url = resolve_url(db_url)
    app = create_app({"DATABASE_URL": url})
    echo_err(f"Capacity Coordinator on http://{host}:{port}/ (database {describe_url(url)})")
    if dev:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
        return
    from .serving import serve_with_gunicorn

    serve_with_gunicorn(app, host, port, workers, threads)
