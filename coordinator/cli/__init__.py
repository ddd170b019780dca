"""The ``coordinator`` command: thin click commands over the services.

Exit codes: 0 success, 2 invalid input (nothing changed), 1 anything else. With ``--format json``
stdout carries only JSON; progress and messages go to stderr.
"""
from __future__ import annotations

import sys

import click

from .common import run_guarded
from .data import export_command, import_command, init_command, seed_command, serve_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="capacity-coordinator")
def cli() -> None:
    """Capacity Coordinator: coordinate capacity building for the Cartagena Protocol.

    Every command takes --db URL (default: $DATABASE_URL, else instance/coordinator.db).
    """


for command in (init_command, seed_command, import_command, export_command, serve_command):
    cli.add_command(command)


def _register_optional() -> None:
    """Commands of the analysis and matching packages, when they are installed."""
    from importlib import import_module

    for module_name in ("analysis", "matching", "meetings", "accounts", "jobs"):
        try:
            module = import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{module_name}":
                raise
            continue
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_optional()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    return run_guarded(cli, argv if argv is not None else sys.argv[1:])
