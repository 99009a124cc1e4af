"""Event files as documents: new event files, fresh demo copies, and what a file holds.

Qt-free, so the command line, the GUI and the tests share it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from sci4dl_desktop.store.database import (
    EVENT_FILE_SUFFIX,
    Database,
    DatabaseError,
    open_database,
)
from sci4dl_desktop.store.models import Attendee, Pairing, Poster, Session
from sci4dl_desktop.store.setup import create_event

DEMO_STEM = "SCI4DL-2026-demo"


def file_stem(text: str, fallback: str = "event") -> str:
    """A safe, readable file name stem from an event title or acronym."""
    folded = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -_"))
    stem = re.sub(r"[\s_]+", "-", plain.strip()).strip("-")
    return stem[:80] or fallback


def unique_path(folder: Path, stem: str, suffix: str = EVENT_FILE_SUFFIX) -> Path:
    """`folder/stem.sci4dl`, or `stem-2`, `stem-3`, ... if that name is taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def open_event_database(target: str | Path) -> Database:
    """Open an existing event file or database URL; refuses one that holds no event."""
    database = open_database(target, create=False)
    if not database.has_event():
        database.close()
        name = Path(str(target)).name if "://" not in str(target) else str(target)
        raise DatabaseError(f"{name} holds no event: use File > New event to create one")
    return database


def database_target(database: Database) -> str:
    """How to find this event again: the file path, or the URL without its password."""
    path = database.file_path
    if path is not None:
        return str(path)
    url = database.url
    # URL.set(password=None) keeps the password, so build the URL again without it.
    bare = URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def create_demo_copy(folder: Path) -> Path:
    """Write a fresh copy of the demo event to a new file in folder; returns its path."""
    from sci4dl_desktop.io.demo import create_demo_database

    folder.mkdir(parents=True, exist_ok=True)
    path = unique_path(folder, DEMO_STEM)
    try:
        database = create_demo_database(path)
    except BaseException:
        _remove_partial(path)
        raise
    database.close()
    return path


@dataclass(frozen=True)
class NewEvent:
    title: str
    acronym: str
    timezone: str
    first_day: date
    last_day: date


def create_event_file(path: Path, new: NewEvent) -> Path:
    """Create a new event file holding just the event; refuses to overwrite a file.

    On any error the half-written file is removed, so nothing is left behind.
    """
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another file name")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"folder {path.parent} does not exist: create it first")
    try:
        database = open_database(path)
        try:
            with database.transaction() as session:
                create_event(
                    session,
                    title=new.title,
                    acronym=new.acronym,
                    timezone=new.timezone,
                    first_day=new.first_day,
                    last_day=new.last_day,
                )
        finally:
            database.close()
    except BaseException:
        _remove_partial(path)
        raise
    return path


def _remove_partial(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class EventSummary:
    title: str
    acronym: str
    timezone: str
    sessions: int
    posters: int
    attendees: int
    pairings: int

    def counts_text(self) -> str:
        return (
            f"{self.sessions} sessions, {self.posters} posters, "
            f"{self.attendees} attendees, {self.pairings} pairings"
        )


def summarize(database: Database) -> EventSummary:
    """The event's name and how many sessions, posters, attendees and pairings it holds."""
    event = database.event()
    with database.session() as session:

        def count(model: type[Session | Poster | Attendee | Pairing]) -> int:
            total = session.scalar(
                select(func.count()).select_from(model).where(model.event_id == event.id)
            )
            return int(total or 0)

        return EventSummary(
            title=event.title,
            acronym=event.acronym,
            timezone=event.timezone,
            sessions=count(Session),
            posters=count(Poster),
            attendees=count(Attendee),
            pairings=count(Pairing),
        )
