"""The mentorship plan on PostgreSQL: proposals, locks and publishing behave as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.pairing_edits import propose, publish, set_locked, store_proposal
from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.io.demo import populate_demo
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Pairing

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_demo(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    with database.transaction() as session:
        populate_demo(session)
    yield database
    database.close()


def test_propose_lock_and_publish_on_postgresql(pg_demo: Database) -> None:
    with pg_demo.session() as s:
        proposal = propose(load_plan(s))
    assert proposal.result.covered == 40
    assert store_proposal(pg_demo, proposal) == 40
    with pg_demo.session() as s:
        first = s.scalars(select(Pairing).order_by(Pairing.id)).first()
    assert first is not None
    set_locked(pg_demo, first.id, True)
    with pg_demo.session() as s:
        store_proposal(pg_demo, propose(load_plan(s)))
    with pg_demo.session() as s:
        rows = list(s.scalars(select(Pairing)))
    assert len(rows) == 40
    assert [(p.id, p.locked) for p in rows if p.locked] == [(first.id, True)]
    assert publish(pg_demo) == 40
    with pg_demo.session() as s:
        assert all(s.scalars(select(Pairing.published)))
