"""Commands of the matching engine: match, decide, allocate."""
from __future__ import annotations

import click

from ..services import matching
from ..visibility import SYSTEM
from .common import database_session, db_option, echo_err, emit_json, format_option

__all__ = ["COMMANDS"]


def _print_suggestions(result: dict, side: str) -> None:
    other = "provider" if side == "need" else "need"
    click.echo(f"Suggestions for {side} {result[side]} (weights: {result['model']['note']})")
    if not result["suggestions"]:
        click.echo("  none: nothing fits well enough")
    for rank, suggestion in enumerate(result["suggestions"], 1):
        name = f" — {suggestion['name']}" if suggestion.get("name") else ""
        click.echo(f"{rank:3}. {suggestion['score']:.2f}  {suggestion[other]}{name}")
        parts = ", ".join(f"{k} {v:.2f}" for k, v in suggestion["parts"].items())
        click.echo(f"       parts: {parts}")
        for reason in suggestion["reasons"]:
            click.echo(f"       - {reason}")


@click.command("match")
@db_option
@click.option("--need", "need_id", default=None, help="Rank providers for this need.")
@click.option("--provider", "provider_id", default=None,
              help="Rank open needs for this provider (country:ISO3 for South-South offers).")
@click.option("--top", type=click.IntRange(1, 500), default=10, show_default=True)
@format_option("text", "json")
def match_command(db_url, need_id, provider_id, top, output_format):
    """Ranked, explained partnership suggestions for a need or for a provider."""
    if (need_id is None) == (provider_id is None):
        raise click.UsageError("give exactly one of --need ID or --provider ID")
    with database_session(db_url) as session:
        if need_id is not None:
            result = matching.suggestions_for_need(session, SYSTEM, need_id, top)
        else:
            result = matching.suggestions_for_provider(session, SYSTEM, provider_id, top)
    if output_format == "json":
        emit_json(result)
    else:
        _print_suggestions(result, "need" if need_id else "provider")


@click.command("decide")
@click.argument("need_id")
@click.argument("provider_id")
@click.argument("decision", type=click.Choice(["accept", "decline"]))
@click.option("--reason", default=None, help="Why (required to decline).")
@db_option
def decide_command(need_id, provider_id, decision, reason, db_url):
    """Accept or decline the suggestion NEED_ID x PROVIDER_ID; it becomes a partnership."""
    with database_session(db_url) as session:
        record = matching.decide(session, SYSTEM, need_id, provider_id, decision == "accept",
                                 reason)
    echo_err(f"Partnership {record.id}: {need_id} x {provider_id} {record.status}")


@click.command("allocate")
@db_option
@click.option("--method", type=click.Choice(["augmenting", "lp", "greedy"]),
              default="augmenting", show_default=True,
              help="augmenting and lp are exact (lp uses HiGHS and is slower); greedy is the "
                   "baseline.")
@format_option("text", "json")
def allocate_command(db_url, method, output_format):
    """Optimal assignment of open needs to providers under their budgets."""
    with database_session(db_url) as session:
        result = matching.allocation_for(session, SYSTEM, method)
    if output_format == "json":
        emit_json(result)
        return
    click.echo(f"Method: {result['method']}; objective {result['objective']:,.2f}; covered "
               f"USD {result['covered']['amount']:,.0f}; {len(result['unassigned'])} needs "
               "unassigned")
    for assignment in result["assignments"]:
        click.echo(f"  {assignment['need']} <- {assignment['provider']}: USD "
                   f"{assignment['amount']['amount']:,.0f}")
        for reason in assignment["reasons"]:
            click.echo(f"      - {reason}")
    for note in result.get("notes", []):
        echo_err(f"note: {note}")


COMMANDS = (match_command, decide_command, allocate_command)
