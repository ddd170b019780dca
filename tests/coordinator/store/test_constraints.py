"""The database itself refuses bad records, whatever code writes them."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from coordinator.store import current_revision, head_revision, make_engine, session_scope
from coordinator.store.models import InitiativeRow, NeedRow, ProviderRow


def _need(**changes) -> NeedRow:
    fields = dict(id="n1", country="GHA", component="i", title="t", priority=1)
    fields.update(changes)
    return NeedRow(**fields)


@pytest.mark.parametrize("row", [
    _need(priority=0),
    _need(priority=6),
    _need(country="XXX"),
    _need(component="zz"),
    _need(status="done"),
    _need(start=date(2025, 1, 1), end=date(2024, 1, 1)),
    _need(estimated_cost_amount=-1.0, estimated_cost_currency="USD"),
    _need(estimated_cost_amount=10.0),
    ProviderRow(id="p", name="n", kind="bank"),
    InitiativeRow(id="i", title="t", status="finished"),
], ids=["priority-0", "priority-6", "country", "component", "status", "period", "negative",
        "no-currency", "provider-kind", "initiative-status"])
def test_constraint_rejects(engine, row):
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(row)
            session.flush()


def test_migrated_to_head(engine):
    assert current_revision(engine) == head_revision() is not None


def test_init_on_an_empty_database_then_again_is_a_no_op(tmp_path, cli):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = cli("init", "--db", url)
    assert first.returncode == 0, first.stderr
    assert "schema empty -> " in first.stderr
    second = cli("init", "--db", url)
    assert "already at schema" in second.stderr
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()
