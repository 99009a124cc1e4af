"""live change notifications on PostgreSQL

Every desk listens on the channel `sci4dl_changes` (see sci4dl_desktop.store.live).
Triggers send one notification per changed row, "<table>:<attendee id>", in the
writing transaction, so the other desks hear of a check-in (or of a walk-in or a
reissued badge) when it commits, and only then. SQLite has no notifications: its
desks watch `PRAGMA data_version` instead, so this revision changes nothing there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "sci4dl_changes"
# (table, column holding the attendee id, events the trigger fires on). Every change
# of an admission (check-in, undo) appends to the check-in log in the same transaction.
WATCHED = (
    ("check_ins", "attendee_id", "INSERT"),
    ("attendees", "id", "INSERT OR UPDATE OR DELETE"),
)

FUNCTION = f"""
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table, column, events in WATCHED:
        op.execute(
            f"CREATE TRIGGER sci4dl_notify_{table} AFTER {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION sci4dl_notify_change('{column}')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, _column, _events in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS sci4dl_notify_{table} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS sci4dl_notify_change()")
