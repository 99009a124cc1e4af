"""Opening an event database: URL resolution, engine settings, migrations on open."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from sci4dl_desktop.store import migrate
from sci4dl_desktop.store.models import Event

SQLITE_BUSY_TIMEOUT_MS = 15_000
POSTGRES_CONNECT_TIMEOUT_S = 5
PING_AFTER_IDLE_S = 1.0  # a pooled server connection idle for longer is checked first
EVENT_FILE_SUFFIX = ".sci4dl"


class DatabaseError(Exception):
    """The event database cannot be opened; the message says why and what to do."""


def resolve_url(target: str | Path) -> URL:
    """Turn a file path or a SQLAlchemy URL into a URL.

    A bare path (with or without the .sci4dl suffix) means a SQLite event file;
    postgresql:// and postgres:// mean PostgreSQL through psycopg 3.
    """
    text = str(target)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise DatabaseError(f"'{text}' is not a database URL: {exc}") from exc
        if url.drivername in ("postgresql", "postgres"):
            # The driver the app ships (psycopg 3), also for a plain postgresql:// URL.
            url = url.set(drivername="postgresql+psycopg")
        return url
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL may lose the last commits on power loss; FULL does not.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN so two windows never deadlock upgrading a read lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def server_connect_args(url: URL) -> dict[str, Any]:
    """libpq settings for a desk on a venue network: give up on an unreachable server
    within seconds instead of hanging a scan (TCP's defaults wait for minutes).

    A setting given in the URL's query (?connect_timeout=10) wins.
    """
    defaults: dict[str, Any] = {
        "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": POSTGRES_CONNECT_TIMEOUT_S * 1000,
        "application_name": "sci4dl-desktop",
    }
    return {key: value for key, value in defaults.items() if key not in url.query}


def _mark_idle(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Check that a pooled server connection still works before it is handed out, unless it
    was in use a moment ago (a desk scanning badges back to back saves a round trip per scan).

    A dead connection is replaced by a fresh one (the pool retries on DisconnectionError).
    """
    idle_since = record.info.get("idle_since")
    if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        dbapi_connection.autocommit = True  # no transaction for the ping
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = False
    except Exception as exc:
        raise DisconnectionError(f"the server connection was lost: {exc}") from exc


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    if url.get_backend_name() == "postgresql":
        engine = create_engine(url, connect_args=server_connect_args(url))
        event.listen(engine, "connect", _mark_idle)
        event.listen(engine, "checkin", _mark_idle)
        event.listen(engine, "checkout", _ping_if_idle)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open event database: its URL, engine and session factory."""

    url: URL
    engine: Engine
    backup_path: Path | None = None
    _sessions: sessionmaker[OrmSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def file_path(self) -> Path | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return Path(self.url.database)
        return None

    @property
    def display_name(self) -> str:
        path = self.file_path
        if path is not None:
            return str(path)
        return self.url.render_as_string(hide_password=True)

    def session(self) -> OrmSession:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[OrmSession]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def event(self) -> Event:
        with self.session() as session:
            found = session.scalars(select(Event).order_by(Event.id).limit(1)).first()
        if found is None:
            raise DatabaseError(f"{self.display_name} holds no event yet")
        return found

    def has_event(self) -> bool:
        with self.session() as session:
            return session.scalars(select(Event.id).limit(1)).first() is not None

    def refresh_statistics(self) -> None:
        """Tell PostgreSQL's planner what a bulk write (an import, a copy) left in the tables.

        Autovacuum would, but only up to a minute later; until then a badge lookup may
        walk every attendee of the event instead of taking the badge's unique index, and
        the desks scanning at that moment would pay for it. SQLite's planner needs no
        statistics for the lookups the desks make (they go through unique indexes).
        """
        if self.is_postgresql:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.engine.dispose()


def _backup_sqlite(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.before-migration-{revision or 'empty'}-{stamp}.bak")
    # The backup API copies a consistent snapshot, including what is still in the WAL.
    with sqlite3.connect(path) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    return backup


def open_database(target: str | Path | URL, *, create: bool = True) -> Database:
    """Open (and migrate) the event database at a path or URL.

    A SQLite file is copied to a backup beside it before an existing schema is migrated.
    """
    url = target if isinstance(target, URL) else resolve_url(target)
    backup: Path | None = None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(str(url.database))
        if not path.exists() and not create:
            raise DatabaseError(f"no event file at {path}: check the path, or create a new event")
        if not path.parent.is_dir():
            raise DatabaseError(f"folder {path.parent} does not exist: create it first")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = migrate.current_revision(conn)
        if current != migrate.head_revision():
            file_path = Path(str(url.database)) if url.get_backend_name() == "sqlite" else None
            if current is not None and file_path is not None and file_path.exists():
                backup = _backup_sqlite(file_path, current)
            migrate.upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        # The driver's own words, without SQLAlchemy's wrapping and links.
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise DatabaseError(f"cannot open the event database {shown}: {detail}") from exc
    return Database(url=url, engine=engine, backup_path=backup)


def copy_file_database(source: Path, target: Path) -> None:
    """Copy an event file consistently (WAL included) to a new file."""
    if target.exists():
        target.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


__all__ = [
    "EVENT_FILE_SUFFIX",
    "Database",
    "DatabaseError",
    "copy_file_database",
    "make_engine",
    "open_database",
    "resolve_url",
    "server_connect_args",
]
