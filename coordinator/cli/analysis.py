"""Commands of the coordination analysis: duplicates, gaps, indicators, report."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..services import analysis
from ..services.reviews import review_pair, undo_review
from ..taxonomy import COMPONENTS
from ..visibility import SYSTEM
from .common import database_session, db_option, echo_err, emit_json, format_option

__all__ = ["COMMANDS"]


@click.command("duplicates")
@db_option
@format_option("text", "json")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Smallest score to report.")
@click.option("--kind", type=click.Choice(["initiative", "need"]), default=None,
              help="Only initiatives or only needs.")
@click.option("--review", nargs=3, metavar="A B DECISION", default=None,
              help="Record a decision on the pair A B: confirmed (merge B into A), dismissed "
                   "(not a duplicate) or acknowledged (a coordinated overlap).")
@click.option("--note", default=None, help="Why (with --review).")
@click.option("--undo", type=int, default=None, metavar="REVIEW_ID",
              help="Take back a decision (a merge is undone).")
@click.option("--by", "actor", default="cli", show_default=True, help="Who decides.")
def duplicates_command(db_url, output_format, min_score, kind, review, note, undo, actor):
    """Duplicated or overlapping initiatives and needs, with the reasons and review status."""
    with database_session(db_url) as session:
        if review:
            a, b, decision = review
            record_kind = kind or ("need" if _is_need(session, a) else "initiative")
            done = review_pair(session, record_kind, a, b, decision, note=note, actor=actor)
            echo_err(f"Recorded: {record_kind}s {a} and {b} {done.decision} (review {done.id})"
                     + (f"; {b} merged into {a}" if decision == "confirmed" else ""))
            return
        if undo is not None:
            taken = undo_review(session, undo, actor=actor)
            echo_err(f"Review {taken.id} ({taken.decision} {taken.a} / {taken.b}) taken back")
            return
        pairs = analysis.duplicates_for(session, SYSTEM, min_score=min_score, kind=kind)
    if output_format == "json":
        emit_json(pairs)
        return
    if not pairs:
        click.echo("No duplicates or overlaps at this score.")
    for pair in pairs:
        status = f" [{pair['review']['decision']}]" if pair["review"] else ""
        click.echo(f"{pair['score']:.2f}  {pair['relation'].replace('_', ' ')}  {pair['kind']}s "
                   f"{pair['a']} ~ {pair['b']}{status}")
        for reason in pair["reasons"]:
            click.echo(f"      - {reason}")


def _is_need(session, record_id: str) -> bool:
    from ..store.models import NeedRow

    return session.get(NeedRow, record_id) is not None


@click.command("gaps")
@db_option
@format_option("text", "json")
@click.option("--by", type=click.Choice(analysis.AGGREGATIONS), default=None,
              help="Aggregate by an area, a component or a priority group instead.")
@click.option("--top", type=int, default=None, help="Only the N most severe gaps.")
def gaps_command(db_url, output_format, by, top):
    """Needs and areas with missing or insufficient support, most severe first."""
    with database_session(db_url) as session:
        if by:
            overview = analysis.gap_overview(session, SYSTEM, by=by)
        else:
            gaps = analysis.gaps_for(session, SYSTEM)[: top or None]
    if by:
        if output_format == "json":
            emit_json(overview)
        else:
            for row in overview["aggregates"]:
                click.echo(json.dumps(row, ensure_ascii=False))
        return
    if output_format == "json":
        emit_json([gap.as_dict() for gap in gaps])
        return
    for gap in gaps:
        money = gap.funding_gap
        missing = f"{money.currency} {money.amount:,.0f}" if money else "unknown"
        click.echo(f"{gap.severity:.2f}  {gap.need}  {gap.country}  {gap.component} "
                   f"({COMPONENTS[gap.component]})  coverage {gap.coverage:.0%}  gap {missing}")
        for reason in gap.reasons:
            click.echo(f"      - {reason}")


@click.command("indicators")
@db_option
@format_option("text", "json")
def indicators_command(db_url, output_format):
    """The capacity-building indicators, by year and level."""
    with database_session(db_url) as session:
        result = analysis.indicators_for(session, SYSTEM)
    if output_format == "json":
        emit_json(result)
    else:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@click.command("report")
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@click.option("--format", "report_format", type=click.Choice(["html", "md"]), default=None,
              help="HTML to print, Markdown to edit (from OUT's extension by default).")
def report_command(out: Path, db_url, report_format):
    """Write the progress report to COP-MOP (Action Plan paragraph 8) to OUT."""
    fmt = report_format or ("md" if out.suffix.lower() in (".md", ".markdown") else "html")
    with database_session(db_url) as session:
        text = analysis.report_for(session, SYSTEM, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    echo_err(f"Report written to {out} ({fmt}, {len(text):,} characters)")


COMMANDS = (duplicates_command, gaps_command, indicators_command, report_command)
