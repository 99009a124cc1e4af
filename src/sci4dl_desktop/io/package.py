"""The event package: every table of the event in one JSON file (docs/event-package.md).

    {"format": "sci4dl-event-package", "version": 1, "generator": "...",
     "tables": {"events": [{...}, ...], "rooms": [...], ...}}

Tables come in dependency order and rows in primary-key order, with every column, so
exporting, restoring into an empty database and exporting again gives the same bytes.
Instants are UTC ISO strings ending in Z, dates ISO dates, bytes base64, enumerations
their values. The package carries the badge secret: treat the file as sensitive.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Enum, Float, Integer, LargeBinary, Table, insert, select, text
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop import APP_NAME, __version__
from sci4dl_desktop.io.problems import Location, Problem, quote
from sci4dl_desktop.io.progress import Reporter
from sci4dl_desktop.store.models import Base
from sci4dl_desktop.store.types import UTCDateTime

FORMAT = "sci4dl-event-package"
VERSION = 1


class PackageError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def tables() -> list[Table]:
    """The event's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def _encode(value: Any, column_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, UTCDateTime):
        text_value: str = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return text_value
    if isinstance(column_type, Date):
        return value.isoformat()
    if isinstance(column_type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(column_type, Enum):
        return value.value if hasattr(value, "value") else value
    return value


def _decode(value: Any, column_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, UTCDateTime):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("an instant needs a time zone (end it with Z)")
        return parsed.astimezone(UTC)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value.encode("ascii"), validate=True)
    if isinstance(column_type, Enum):
        enum_class = column_type.enum_class
        return enum_class(value) if enum_class is not None else value
    if isinstance(column_type, Boolean):
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if isinstance(column_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        return value
    if isinstance(column_type, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        return float(value)
    return value


def export_document(session: OrmSession, reporter: Reporter | None = None) -> dict[str, Any]:
    """The package of the database's event, as a JSON-ready dict."""
    reporter = reporter or Reporter()
    data: dict[str, list[dict[str, Any]]] = {}
    all_tables = tables()
    for position, table in enumerate(all_tables):
        reporter.phase("Exporting the event package", position, len(all_tables))
        order = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*order)).all()
        columns = list(table.columns)
        data[table.name] = [
            {c.name: _encode(row[i], c.type) for i, c in enumerate(columns)} for row in rows
        ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"{APP_NAME} {__version__}",
        "tables": data,
    }


def dumps(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_package(session: OrmSession, reporter: Reporter | None = None) -> bytes:
    return dumps(export_document(session, reporter))


@dataclass
class PackageData:
    """A read package: decoded rows per table (column name -> Python value)."""

    version: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def table(self, name: str) -> list[dict[str, Any]]:
        return self.rows.get(name, [])


def is_package(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def read_package(document: Any, name: str, problems: list[Problem]) -> PackageData | None:
    """Decode a package document; report what is wrong in problems (None if unusable)."""
    where = Location(name)
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        problems.append(
            Problem(
                where,
                f"the package version {quote(version)} is not valid",
                field="version",
                hint="export the package again",
            )
        )
        return None
    if version > VERSION:
        problems.append(
            Problem(
                where,
                f"the package is version {version}; this app reads version {VERSION} and older",
                field="version",
                hint="update the app on this computer",
            )
        )
        return None
    raw = document.get("tables")
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                where, "the package has no tables", field="tables", hint="export the package again"
            )
        )
        return None
    known = {t.name: t for t in tables()}
    data = PackageData(version)
    for table_name, rows in raw.items():
        table = known.get(table_name)
        if table is None or not isinstance(rows, list):
            problems.append(
                Problem(
                    where,
                    f"unknown table {quote(table_name)}",
                    field="tables",
                    hint="the package was made by a newer version of the app: update this one",
                )
            )
            continue
        decoded = []
        for index, row in enumerate(rows):
            at = where.at(f"{table_name}[{index}]")
            if not isinstance(row, dict):
                problems.append(Problem(at, "a row must be an object", hint="export again"))
                continue
            values: dict[str, Any] = {}
            for key, value in row.items():
                column = table.columns.get(key)
                if column is None:
                    problems.append(
                        Problem(
                            at,
                            f"unknown column {quote(key)}",
                            field=key,
                            hint="update the app: the package is newer",
                        )
                    )
                    continue
                try:
                    values[key] = _decode(value, column.type)
                except (ValueError, TypeError, binascii.Error) as exc:
                    problems.append(
                        Problem(
                            at,
                            f"{quote(value)} is not valid here: {exc}",
                            field=key,
                            value=str(value),
                            hint="export the package again",
                        )
                    )
            missing = [
                c.name
                for c in table.columns
                if c.name not in row
                and not c.nullable
                and c.default is None
                and c.server_default is None
                and not (
                    c.primary_key and c.autoincrement is not False and len(table.primary_key) == 1
                )
            ]
            for column_name in missing:
                problems.append(
                    Problem(
                        at,
                        "a required value is missing",
                        field=column_name,
                        hint="export the package again",
                    )
                )
            decoded.append(values)
        data.rows[table_name] = decoded
    if len(data.table("events")) != 1:
        problems.append(
            Problem(
                where,
                f"the package holds {len(data.table('events'))} events, not one",
                field="tables.events",
                hint="export the package again",
            )
        )
    return data


def _chunks(rows: list[dict[str, Any]], size: int = 2000) -> list[list[dict[str, Any]]]:
    """Runs of rows with the same columns (one executemany each), at most `size` long."""
    chunks: list[list[dict[str, Any]]] = []
    for row in rows:
        if chunks and len(chunks[-1]) < size and chunks[-1][0].keys() == row.keys():
            chunks[-1].append(row)
        else:
            chunks.append([row])
    return chunks


def restore(session: OrmSession, data: PackageData, reporter: Reporter) -> None:
    """Insert every row of the package, ids included, into an empty database."""
    all_tables = tables()
    total = sum(len(data.table(t.name)) for t in all_tables)
    done = 0
    for table in all_tables:
        for chunk in _chunks(data.table(table.name)):
            reporter.phase("Writing", done, total)
            session.execute(insert(table), chunk)
            done += len(chunk)
    if session.get_bind().dialect.name == "postgresql":
        for table in all_tables:
            if "id" in table.columns and isinstance(table.columns["id"].type, Integer):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


__all__ = [
    "FORMAT",
    "VERSION",
    "PackageData",
    "PackageError",
    "dumps",
    "export_document",
    "export_package",
    "is_package",
    "read_package",
    "restore",
    "tables",
]
