"""The database: engine and sessions, schema migrations, reading snapshots and writing records."""
from .db import describe_url, make_engine, resolve_url, session_scope
from .schema import current_revision, head_revision, upgrade
from .snapshot import load_reference, load_snapshot
from .writer import write_document

__all__ = [
    "describe_url",
    "make_engine",
    "resolve_url",
    "session_scope",
    "current_revision",
    "head_revision",
    "upgrade",
    "load_reference",
    "load_snapshot",
    "write_document",
]
