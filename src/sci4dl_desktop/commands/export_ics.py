"""`sci4dl-desktop export --format ics`: the program, an agenda, a session, a poster or a mentor.

sci4dl-desktop export --format ics --out program.ics
sci4dl-desktop export --format ics --agenda ana.silva@example.org --alarm 10 --out me.ics
sci4dl-desktop export --format ics --session 7 --out talk.ics
sci4dl-desktop export --format ics --mentor "Lenka" --out meetings.ics
sci4dl-desktop export --format ics --adjusted --now 2026-04-26T11:20 --out late.ics
"""

from __future__ import annotations

import argparse

from sqlalchemy import or_, select

from sci4dl_desktop.cli import CliError, make_clock
from sci4dl_desktop.domain.agenda import AgendaError, check_owner, resolve_attendee
from sci4dl_desktop.io.ics import (
    AdjustedTimes,
    agenda_calendar,
    entries_in,
    mentor_calendar,
    poster_calendar,
    program_calendar,
    session_calendar,
    write_calendar,
)
from sci4dl_desktop.io.ics_entries import IcsError, find_mentor
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Event, Poster, Session


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("iCalendar (--format ics)")
    what = group.add_mutually_exclusive_group()
    what.add_argument(
        "--agenda",
        metavar="ATTENDEE",
        help="an attendee's starred sessions and posters: their email, badge serial or name "
        "(or a local agenda as local:UUID)",
    )
    what.add_argument("--session", metavar="ID", help="one session, by id or uid")
    what.add_argument(
        "--poster", metavar="ID", help="one poster, by id, uid or OpenReview forum id"
    )
    what.add_argument("--mentor", metavar="NAME", help="a mentor's meetings with their mentees")
    group.add_argument(
        "--alarm", metavar="MINUTES", type=int, help="add a reminder this many minutes before"
    )
    group.add_argument(
        "--adjusted",
        action="store_true",
        help="use the times projected from the day's progress (the session chair's timers) "
        "instead of the planned ones; the same as planned until a session of the day is timed",
    )
    group.add_argument(
        "--with-posters",
        action="store_true",
        help="program only: add every poster as an entry of its own",
    )


def _adjusted(args: argparse.Namespace, database: Database) -> AdjustedTimes | None:
    if not args.adjusted:
        return None
    from sci4dl_desktop.domain.drift import adjusted_times

    now = make_clock(args, database).now()
    with database.session() as db:
        return adjusted_times(db, now)


def _session_id(database: Database, text: str) -> int:
    with database.session() as db:
        query = select(Session.id).where(Session.uid == text)
        if text.isdigit():
            query = select(Session.id).where(or_(Session.id == int(text), Session.uid == text))
        found = db.scalars(query).first()
    if found is None:
        raise CliError(f"--session {text}: no session has this id or uid")
    return found


def _poster_id(database: Database, text: str) -> int:
    with database.session() as db:
        conditions = [Poster.uid == text, Poster.external_id == text]
        if text.isdigit():
            conditions.append(Poster.id == int(text))
        found = db.scalars(select(Poster.id).where(or_(*conditions))).first()
    if found is None:
        raise CliError(f"--poster {text}: no poster has this id, uid or forum id")
    return found


def _owner(database: Database, text: str) -> tuple[str, str]:
    """The agenda owner and a label for messages."""
    if text.startswith("local:"):
        return check_owner(text), "this local agenda"
    with database.session() as db:
        event_id = database.event().id
        person = resolve_attendee(db, event_id, text)
    return person.owner, person.name


def export(args: argparse.Namespace, database: Database) -> int:
    """Write the chosen calendar to --out (an .ics file)."""
    out = args.out
    if out.is_dir():
        raise CliError(f"--out {out} is a folder: give a file name such as {out / 'program.ics'}")
    if args.with_posters and (args.agenda or args.session or args.poster or args.mentor):
        raise CliError("--with-posters applies to the whole program only")
    alarm = args.alarm
    try:
        adjusted = _adjusted(args, database)
        if args.agenda:
            owner, label = _owner(database, args.agenda)
            calendar = agenda_calendar(database, owner, alarm_minutes=alarm, adjusted=adjusted)
            if not list(entries_in(calendar)):
                raise CliError(
                    f"{label} has starred no sessions or posters yet: star some in the app "
                    "(Schedule or Posters page, key S), then export again"
                )
        elif args.session:
            session_id = _session_id(database, args.session)
            calendar = session_calendar(
                database, session_id, alarm_minutes=alarm, adjusted=adjusted
            )
        elif args.poster:
            poster_id = _poster_id(database, args.poster)
            calendar = poster_calendar(database, poster_id, alarm_minutes=alarm, adjusted=adjusted)
        elif args.mentor:
            with database.session() as db:
                event = db.get(Event, database.event().id)
                assert event is not None
                mentor = find_mentor(db, event, args.mentor)
            calendar = mentor_calendar(database, mentor.id, alarm_minutes=alarm, adjusted=adjusted)
        else:
            calendar = program_calendar(
                database,
                alarm_minutes=alarm,
                adjusted=adjusted,
                include_posters=args.with_posters,
            )
        write_calendar(calendar, out)
    except (AgendaError, IcsError) as exc:
        raise CliError(str(exc)) from exc
    count = len(list(entries_in(calendar)))
    print(f"Wrote {count} calendar entr{'y' if count == 1 else 'ies'} to {out}")
    return 0


__all__ = ["add_options", "export"]
