"""Copying a whole event between databases (SQLite file <-> PostgreSQL), row for row.

Every table of the models is copied in dependency order with its primary keys, in
one transaction on the target: either the whole event arrives or nothing changes.
Values pass through the column types on both sides (instants stay UTC instants,
JSON stays JSON, enumerations their values), so copying there and back gives equal
tables. On PostgreSQL the id sequences are moved past the copied ids afterwards, so
the next check-in does not collide with a copied one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, delete, func, insert, select, text

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, Base, CheckIn, Event

CHUNK_ROWS = 2000

Progress = Callable[[str, int], None]  # (table name, rows copied so far in it)


class TransferError(Exception):
    """The copy cannot be made; the message says why and what to do."""


@dataclass
class CopyReport:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    replaced: dict[str, int] = field(default_factory=dict)  # table -> rows deleted first

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def event_tables() -> list[Table]:
    """Every table of the event, parents before children."""
    return list(Base.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in event_tables()
    }


def describe_contents(connection: Connection) -> str:
    """'SCI4DL 2026 (700 attendees, 12 check-ins)' or a row count, for refusals."""
    title = connection.execute(select(Event.acronym, Event.title).limit(1)).first()
    attendees = connection.execute(select(func.count()).select_from(Attendee)).scalar_one()
    check_ins = connection.execute(select(func.count()).select_from(CheckIn)).scalar_one()
    name = (title[0] or title[1]) if title else "rows of an event"
    return f"{name} ({attendees} attendees, {check_ins} check-ins)"


def reset_sequences(connection: Connection) -> None:
    """Move every PostgreSQL id sequence past the largest id in its table."""
    for table in event_tables():
        column = table.autoincrement_column
        if column is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name, "column": column.name},
        )


def _same_database(source: Database, target: Database) -> bool:
    if source.file_path is not None and target.file_path is not None:
        return source.file_path.resolve() == target.file_path.resolve()
    return source.url.render_as_string(hide_password=True) == target.url.render_as_string(
        hide_password=True
    )


def _source_connection(source: Database) -> Connection:
    connection = source.engine.connect()
    if source.is_postgresql:
        # One snapshot of the whole event, even while desks keep checking people in.
        connection = connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    return connection


def copy_event(
    source: Database,
    target: Database,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> CopyReport:
    """Copy the event in `source` into `target` (both open and migrated to the same head).

    A target that holds anything is refused unless `replace` is true; then its rows are
    deleted in the same transaction as the copy.
    """
    report = CopyReport(source.display_name, target.display_name)
    if _same_database(source, target):
        raise TransferError(f"{source.display_name} is both the source and the target")
    if not source.has_event():
        raise TransferError(f"{source.display_name} holds no event: there is nothing to copy")
    tables = event_tables()
    with _source_connection(source) as reading, reading.begin(), target.engine.begin() as writing:
        before = row_counts(writing)
        if any(before.values()):
            if not replace:
                raise TransferError(
                    f"{target.display_name} already holds {describe_contents(writing)}: "
                    "copy to an empty database, or pass --replace to overwrite it"
                )
            for table in reversed(tables):
                writing.execute(delete(table))
            report.replaced = {name: count for name, count in before.items() if count}
        for table in tables:
            copied = 0
            order = list(table.primary_key.columns)
            result = reading.execution_options(yield_per=CHUNK_ROWS).execute(
                select(table).order_by(*order)
            )
            for chunk in result.partitions(CHUNK_ROWS):
                writing.execute(insert(table), [dict(row._mapping) for row in chunk])
                copied += len(chunk)
                if progress is not None:
                    progress(table.name, copied)
            report.rows[table.name] = copied
        if target.is_postgresql:
            reset_sequences(writing)
        after = row_counts(writing)
        if after != report.rows:
            raise TransferError(
                f"the copy in {target.display_name} does not match the source "
                f"(expected {report.rows}, found {after}); nothing was changed"
            )
    target.refresh_statistics()
    return report


__all__ = [
    "CopyReport",
    "TransferError",
    "copy_event",
    "describe_contents",
    "event_tables",
    "reset_sequences",
    "row_counts",
]
