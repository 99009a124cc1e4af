"""lighter change notifications on PostgreSQL

Revision 0002's trigger function served every watched table by turning the whole
changed row into JSON to read one column from it. That conversion was a sizeable
part of what a check-in costs the server, and every desk pays it on every scan. Each
watched table now has a function that reads its attendee id column directly; the
notifications ("<table>:<attendee id>" on `sci4dl_changes`) are the same.

A session may also keep its check-ins quiet: with `sci4dl.quiet_check_ins` set to `on`,
the check-in trigger sends nothing for them. PostgreSQL lets one notifying transaction
commit at a time, holding that turn while its commit is written to disk, so desks that
notify in every check-in wait for each other's disk writes. The desks' badge scans
(store/pg_scan_line.py) are quiet, and the other desks read them from the end of the
check-in log instead (store/live.py). SQLite has no notifications, so this revision
changes nothing there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "sci4dl_changes"
# (table, trigger events, the attendee id as the function reads it, when it stays quiet).
# A deleted attendee has only OLD; NEW is null then.
QUIET_CHECK_INS = "sci4dl.quiet_check_ins"
WATCHED = (
    (
        "check_ins",
        "INSERT",
        "NEW.attendee_id",
        f"current_setting('{QUIET_CHECK_INS}', true) = 'on'",
    ),
    ("attendees", "INSERT OR UPDATE OR DELETE", "COALESCE(NEW.id, OLD.id)", "false"),
)
# Revision 0002's shared function, put back on downgrade.
GENERIC_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sci4dl_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':' || (changed ->> TG_ARGV[0]));
    RETURN NULL;
END
$$
"""
GENERIC_COLUMNS = {"check_ins": "attendee_id", "attendees": "id"}


def _function(table: str, attendee_id: str, quiet: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION sci4dl_notify_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT coalesce({quiet}, false) THEN
        PERFORM pg_notify('{CHANNEL}', '{table}:' || {attendee_id});
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, events, attendee_id, quiet in WATCHED:
        op.execute(_function(table, attendee_id, quiet))
        op.execute(f"DROP TRIGGER IF EXISTS sci4dl_notify_{table} ON {table}")
        op.execute(
            f"CREATE TRIGGER sci4dl_notify_{table} AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION sci4dl_notify_{table}()"
        )
    op.execute("DROP FUNCTION IF EXISTS sci4dl_notify_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(GENERIC_FUNCTION)
    for table, events, _attendee_id, _quiet in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS sci4dl_notify_{table} ON {table}")
        op.execute(
            f"CREATE TRIGGER sci4dl_notify_{table} AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION sci4dl_notify_change('{GENERIC_COLUMNS[table]}')"
        )
        op.execute(f"DROP FUNCTION IF EXISTS sci4dl_notify_{table}()")
