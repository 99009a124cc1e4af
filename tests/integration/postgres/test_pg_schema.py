"""Alembic on PostgreSQL: the schema it builds is the models' schema, a populated database
migrates without losing a row, and the change notifications the desks listen to work."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from pg_support import all_rows
from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store import migrate
from sci4dl_desktop.store.database import Database, make_engine, open_database, resolve_url
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.live import CHANNEL, psycopg_conninfo
from sci4dl_desktop.store.models import Attendee, Base
from sci4dl_desktop.store.transfer import event_tables, reset_sequences

pytestmark = pytest.mark.postgres


def schema_differences(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_migrated_schema_is_the_models_schema(postgres_url: str) -> None:
    database = open_database(postgres_url)
    try:
        assert schema_differences(database) == []
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            triggers = set(
                connection.scalars(
                    text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")
                )
            )
            names = inspect(connection).get_check_constraints("attendees")
        assert triggers == {"sci4dl_notify_check_ins", "sci4dl_notify_attendees"}
        # The same constraint names as on SQLite (the naming convention), e.g. for messages.
        assert {"ck_attendees_badge_revision_positive", "ck_attendees_attendee_category"} <= {
            c["name"] for c in names
        }
    finally:
        database.close()


def test_a_populated_database_migrates_without_losing_a_row(
    postgres_url: str, demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> None:
    service = CheckInService(demo_db, fake_clock, "Desk 1")
    secret = demo_db.event().badge_secret
    with demo_db.session() as s:
        people = s.scalars(select(Attendee).order_by(Attendee.id).limit(12)).all()
    for person in people:
        service.scan(badge_token(secret, person))
        fake_clock.advance(31)
    # The server database at the first revision, filled with what that revision holds.
    engine = make_engine(resolve_url(postgres_url))
    migrate.upgrade(engine, "0001")
    with engine.begin() as target:
        present = {
            t: {c["name"] for c in inspect(target).get_columns(t.name)} for t in event_tables()
        }
        with demo_db.engine.connect() as source:
            for table in event_tables():
                rows = [
                    {k: v for k, v in row._mapping.items() if k in present[table]}
                    for row in source.execute(select(table))
                ]
                if rows:
                    target.execute(insert(table), rows)
        reset_sequences(target)
    engine.dispose()

    migrated = open_database(postgres_url, create=False)  # migrates to the head on open
    try:
        with migrated.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        assert all_rows(migrated) == all_rows(demo_db)
        assert schema_differences(migrated) == []
        # The migrated database notifies: a check-in made now is heard by a listener.
        with psycopg.connect(psycopg_conninfo(migrated.url), autocommit=True) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            desk = CheckInService(migrated, fake_clock, "Desk 2")
            with migrated.session() as s:
                newcomer = s.scalars(
                    select(Attendee)
                    .where(Attendee.category != AttendeeCategory.REMOTE)
                    .order_by(Attendee.id.desc())
                    .limit(1)
                ).one()
            # (checked in from a search: a badge scan's check-in is read from the log)
            verdict = desk.check_in_attendee(newcomer.id)
            assert verdict.admitted and verdict.check_in_id == 13  # the sequence moved on
            heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        assert heard == [f"check_ins:{newcomer.id}"]
    finally:
        migrated.close()


def test_every_kind_of_change_is_heard_after_going_down_and_up_again(pg_demo: Database) -> None:
    """Revision 0003's per-table notifications, also after a downgrade to 0002 and back."""
    config = migrate.alembic_config()
    for target in ("0002", "head"):
        with pg_demo.engine.begin() as connection:
            config.attributes["connection"] = connection
            if target == "head":
                command.upgrade(config, target)
            else:
                command.downgrade(config, target)
        with psycopg.connect(psycopg_conninfo(pg_demo.url), autocommit=True) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            with pg_demo.transaction() as s:
                walk_in = s.scalars(select(Attendee).order_by(Attendee.id.desc()).limit(1)).one()
                walk_in.affiliation = f"Updated at {target}"
            with pg_demo.transaction() as s:
                s.execute(text("DELETE FROM audit_log WHERE attendee_id = :a"), {"a": walk_in.id})
                s.delete(s.get(Attendee, walk_in.id))
            heard = [n.payload for n in listener.notifies(timeout=5, stop_after=2)]
        assert heard == [f"attendees:{walk_in.id}"] * 2, target
