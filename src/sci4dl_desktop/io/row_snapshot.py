"""Deleting a row with everything that hangs on it, and bringing all of it back.

A RowSnapshot holds a row and, found through the schema's foreign keys, every row that
goes with it (ON DELETE CASCADE: a session's speakers, stars, timer record and
mentorship meetings; an attendee's check-ins, admission and mentee profile; ...) and
every reference that is cleared with it (ON DELETE SET NULL: posters that lose their
poster session, audit entries that lose their attendee, ...). Two references the schema
cannot express are followed too: agenda stars owned by 'attendee:<id>' and the break
ids in mentee profiles.

`restore_snapshot` inserts the rows again, parents first, with their old ids when those
are still free, else with new ones, and points the restored rows and cleared references
at the new ids. So undoing a delete brings back the record, its check-ins and stars and
meetings exactly, even when another desk added rows in the meantime.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.agenda import ATTENDEE_PREFIX
from sci4dl_desktop.store.models import Base, MenteeProfile, Star

Key = tuple[Any, ...]


class SnapshotError(Exception):
    """The rows cannot be deleted or brought back as they were."""


@dataclass
class RowSnapshot:
    table: str
    row_id: int
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # the row first
    # (table, primary key, column, referenced table, referenced id)
    nulled: list[tuple[str, dict[str, Any], str, str, int]] = field(default_factory=list)
    # (table, primary key, column, id, its place) of the JSON id lists the row is taken from
    listed: list[tuple[str, dict[str, Any], str, int, int]] = field(default_factory=list)

    @property
    def row(self) -> dict[str, Any]:
        return self.rows[0][1]

    def removed(self) -> Counter[str]:
        """How many rows of each other table go with the row."""
        return Counter(name for name, _ in self.rows[1:])

    def cleared(self) -> Counter[tuple[str, str]]:
        """How many references of each (table, column) are cleared (or lose the id)."""
        found = Counter((name, column) for name, _, column, _, _ in self.nulled)
        found.update((name, column) for name, _, column, _, _ in self.listed)
        return found


def _tables() -> dict[str, Table]:
    return {t.name: t for t in Base.metadata.sorted_tables}


def _order() -> dict[str, int]:
    return {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _pk(table: Table, row: dict[str, Any]) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _pk_dict(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {c.name: row[c.name] for c in table.primary_key.columns}


def _has_id(table: Table) -> bool:
    return [c.name for c in table.primary_key.columns] == ["id"]


def _where(table: Table, pk: dict[str, Any]) -> list[Any]:
    return [table.c[name] == value for name, value in pk.items()]


def take_snapshot(session: OrmSession, table_name: str, row_id: int) -> RowSnapshot:
    """The row and all that goes with it (raises SnapshotError when the row is gone)."""
    tables = _tables()
    root_table = tables[table_name]
    root = session.execute(select(root_table).where(root_table.c.id == row_id)).first()
    if root is None:
        raise SnapshotError(f"row {row_id} of {table_name} no longer exists")
    snapshot = RowSnapshot(table_name, row_id)
    seen: set[tuple[str, Key]] = set()
    queue: list[tuple[Table, dict[str, Any]]] = []

    def collect(table: Table, row: dict[str, Any]) -> None:
        key = (table.name, _pk(table, row))
        if key not in seen:
            seen.add(key)
            snapshot.rows.append((table.name, row))
            queue.append((table, row))

    collect(root_table, dict(root._mapping))
    nulled: list[tuple[str, dict[str, Any], str, str, int]] = []
    while queue:
        table, row = queue.pop(0)
        if not _has_id(table):
            continue
        ident = row["id"]
        for child in tables.values():
            for fk in child.foreign_keys:
                if fk.column.table is not table or fk.column.name != "id":
                    continue
                column = fk.parent
                if fk.ondelete == "CASCADE":
                    for found in session.execute(select(child).where(column == ident)):
                        collect(child, dict(found._mapping))
                elif fk.ondelete == "SET NULL":
                    pk_columns = list(child.primary_key.columns)
                    for found in session.execute(select(*pk_columns).where(column == ident)):
                        nulled.append(
                            (child.name, dict(found._mapping), column.name, table.name, ident)
                        )
                else:
                    raise SnapshotError(f"{child.name}.{column.name} refers to {table.name}")
        if table.name == "attendees":
            stars = tables[Star.__tablename__]
            owner = f"{ATTENDEE_PREFIX}{ident}"
            for found in session.execute(select(stars).where(stars.c.owner == owner)):
                collect(stars, dict(found._mapping))
        if table.name == "sessions":
            for attendee_id, breaks in session.execute(
                select(MenteeProfile.attendee_id, MenteeProfile.available_break_ids)
            ):
                if ident in (breaks or []):
                    snapshot.listed.append(
                        (
                            "mentee_profiles",
                            {"attendee_id": attendee_id},
                            "available_break_ids",
                            ident,
                            breaks.index(ident),
                        )
                    )
    # A reference inside a row that is deleted anyway needs no clearing.
    snapshot.nulled = [
        entry for entry in nulled if (entry[0], _pk(tables[entry[0]], entry[1])) not in seen
    ]
    order = _order()
    root_row = snapshot.rows[0]
    snapshot.rows = [root_row, *sorted(snapshot.rows[1:], key=lambda item: order[item[0]])]
    return snapshot


def delete_snapshot(session: OrmSession, snapshot: RowSnapshot) -> None:
    """Delete the rows of the snapshot and clear its references (in the caller's transaction)."""
    tables = _tables()
    for name, pk, column, _target, _ident in snapshot.nulled:
        table = tables[name]
        session.execute(update(table).where(*_where(table, pk)).values({column: None}))
    for name, pk, column, ident, _place in snapshot.listed:
        table = tables[name]
        current = session.execute(select(table.c[column]).where(*_where(table, pk))).scalar()
        if current is not None and ident in current:
            kept = [value for value in current if value != ident]
            session.execute(update(table).where(*_where(table, pk)).values({column: kept}))
    for name, row in reversed(snapshot.rows):
        table = tables[name]
        session.execute(delete(table).where(*_where(table, _pk_dict(table, row))))
    session.flush()
    session.expire_all()


def _id_taken(session: OrmSession, table: Table, ident: int) -> bool:
    return session.execute(select(table.c.id).where(table.c.id == ident)).first() is not None


def restore_snapshot(session: OrmSession, snapshot: RowSnapshot) -> dict[tuple[str, int], int]:
    """Insert the rows again and point the cleared references back at them.

    Returns the id each restored row got, by (table, old id). Raises SnapshotError
    when a row cannot come back (say, its email is now another attendee's).
    """
    tables = _tables()
    new_ids: dict[tuple[str, int], int] = {}
    try:
        for name, row in snapshot.rows:
            table = tables[name]
            values = dict(row)
            for fk in table.foreign_keys:
                column, target = fk.parent.name, fk.column.table.name
                value = values.get(column)
                if value is not None and (target, value) in new_ids:
                    values[column] = new_ids[(target, value)]
            if name == Star.__tablename__ and values["owner"].startswith(ATTENDEE_PREFIX):
                old = int(values["owner"].removeprefix(ATTENDEE_PREFIX))
                if ("attendees", old) in new_ids:
                    values["owner"] = f"{ATTENDEE_PREFIX}{new_ids[('attendees', old)]}"
            if _has_id(table):
                old_id = values["id"]
                if _id_taken(session, table, old_id):
                    del values["id"]
                result = cast(CursorResult[Any], session.execute(insert(table).values(values)))
                inserted = result.inserted_primary_key
                assert inserted is not None
                new_ids[(name, old_id)] = int(inserted[0])
            else:
                session.execute(insert(table).values(values))
        for name, pk, column, target, ident in snapshot.nulled:
            table = tables[name]
            session.execute(
                update(table)
                .where(*_where(table, pk), table.c[column].is_(None))
                .values({column: new_ids.get((target, ident), ident)})
            )
        for name, pk, column, ident, place in snapshot.listed:
            table = tables[name]
            current = session.execute(select(table.c[column]).where(*_where(table, pk))).first()
            if current is None:
                continue
            listed = list(current[0] or [])
            restored = new_ids.get((snapshot.table, ident), ident)
            if restored not in listed:
                session.execute(
                    update(table)
                    .where(*_where(table, pk))
                    .values({column: [*listed[:place], restored, *listed[place:]]})
                )
        session.flush()
    except IntegrityError as exc:
        raise SnapshotError(f"the rows cannot come back as they were: {exc.orig}") from exc
    session.expire_all()
    return new_ids


__all__ = [
    "RowSnapshot",
    "SnapshotError",
    "delete_snapshot",
    "restore_snapshot",
    "take_snapshot",
]
