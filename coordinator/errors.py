"""Errors a user can cause, raised by the coordinator and turned into messages in one place each.

The CLI maps :class:`InvalidInput` to exit code 2 and everything else of ours to 1; the web layer
maps them to HTTP 4xx responses with a JSON body.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Problem",
    "CoordinatorError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "PermissionDenied",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record of an input.

    ``source`` names where it was found (``needs.csv:14``, ``data.json``, ``file.xml:230``),
    ``record`` the record (``need KE-001``, ``initiative #3``), ``field`` the field
    (``estimated_cost.amount``) and ``message`` what is wrong, in words.
    """

    source: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.source or "input"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join(parts) + f": {self.message}"

    def as_dict(self) -> dict[str, str]:
        """The problem as a JSON-ready dict."""
        return {
            "source": self.source,
            "record": self.record,
            "field": self.field,
            "message": self.message,
        }


class CoordinatorError(Exception):
    """Base class of the errors a user can cause."""

    http_status = 400


class InvalidInput(CoordinatorError):
    """Input that cannot be accepted; carries every problem found, and nothing was changed."""

    http_status = 422

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", "", "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        head = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {count - 3} more)" if count > 3 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''}: {head}{more}")


class NotFound(CoordinatorError):
    """A record that does not exist (or that the caller may not see)."""

    http_status = 404


class Conflict(CoordinatorError):
    """A change that clashes with a concurrent change or with the state of the record."""

    http_status = 409


class PermissionDenied(CoordinatorError):
    """The caller's role does not allow this."""

    http_status = 403
