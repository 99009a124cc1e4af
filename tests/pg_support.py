"""PostgreSQL for tests: a fresh database per test on the server scripts/with-postgres started."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.store.transfer import event_tables


@contextmanager
def fresh_database(server: str, prefix: str = "sci4dl_test") -> Iterator[str]:
    """CREATE DATABASE with a random name on `server`; yields its URL; drops it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    # No pool: a test may stop and start the server, which ends pooled connections.
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def all_rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every event table, in primary-key order, as the models read them."""
    with database.session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in event_tables()
        }


def on_site_people(db: Database, count: int) -> list[Attendee]:
    """The first `count` attendees expected on site (not remote), by id."""
    with db.session() as s:
        return list(
            s.scalars(
                select(Attendee)
                .where(Attendee.category != AttendeeCategory.REMOTE)
                .order_by(Attendee.id)
                .limit(count)
            )
        )
