"""Re-imports update in place: check-ins, stars and pairings stay with their people."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from import_support import counts, csv_rows, imported
from sqlalchemy import func, select

from sci4dl_desktop.io.export_csv import attendees_csv, posters_csv
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import (
    Admission,
    Attendee,
    CheckIn,
    MenteeProfile,
    Pairing,
    Poster,
    Star,
)

LINKED = MenteeProfile.poster_id.isnot(None)


def edited_csv(data: bytes, edit: dict[int, dict[str, str]], extra: list[list[str]]) -> str:
    """The CSV with some cells changed (by data row index and column title) and rows added."""
    rows = csv_rows(data)
    header = rows[0]
    for index, changes in edit.items():
        for title, value in changes.items():
            rows[index + 1][header.index(title)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows + extra)
    return out.getvalue()


def test_attendee_reimport_keeps_check_ins_stars_and_pairings(
    demo_db: Database, tmp_path: Path
) -> None:
    at = datetime(2026, 4, 26, 11, 50, tzinfo=UTC)
    with demo_db.transaction() as s:
        event_id = demo_db.event().id
        mentee_id = s.scalars(select(Pairing.mentee_id).order_by(Pairing.id)).first()
        assert mentee_id is not None
        check_in = CheckIn(
            event_id=event_id, attendee_id=mentee_id, at=at, desk="Desk 1",
            action=CheckInAction.CHECK_IN,
        )  # fmt: skip
        s.add(check_in)
        s.flush()
        s.add(Admission(attendee_id=mentee_id, check_in_id=check_in.id, at=at, desk="Desk 1"))
        poster_id = s.scalars(select(Poster.id).order_by(Poster.id)).first()
        s.add(Star(event_id=event_id, owner=f"attendee:{mentee_id}", poster_id=poster_id))
        mentee = s.get(Attendee, mentee_id)
        assert mentee is not None
        position = s.scalar(select(func.count()).where(Attendee.id < mentee_id))
        pairings_before = s.execute(select(Pairing.id, Pairing.mentee_id, Pairing.slot_id)).all()
    with demo_db.session() as s:
        exported = attendees_csv(s)
    newer = edited_csv(
        exported,
        {position: {"Affiliation": "A new university", "Name": mentee.name + " Jr."}},
        [["Walk In", "walk.in@example.org", "Somewhere", "student", "", "", ""]],
    )
    path = tmp_path / "attendees.csv"
    path.write_text(newer, "utf-8")
    result = imported(demo_db, path)
    assert counts(result) == {"attendees": (1, 1, 699)}
    with demo_db.session() as s:
        renamed = s.get(Attendee, mentee_id)
        assert renamed is not None
        assert (renamed.name, renamed.affiliation) == (mentee.name + " Jr.", "A new university")
        assert renamed.badge_serial == mentee.badge_serial
        assert s.scalars(select(CheckIn.attendee_id)).all() == [mentee_id]
        assert s.scalars(select(Admission.attendee_id)).all() == [mentee_id]
        assert s.scalars(select(Star.poster_id)).all() == [poster_id]
        assert s.get(MenteeProfile, mentee_id) is not None
        assert s.execute(select(Pairing.id, Pairing.mentee_id, Pairing.slot_id)).all() == (
            pairings_before
        )
        walk_in = s.scalars(select(Attendee).where(Attendee.email == "walk.in@example.org")).one()
        assert walk_in.badge_serial == "S26-0701"


def test_poster_reimport_keeps_stars_and_mentee_links(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.transaction() as s:
        event_id = demo_db.event().id
        poster = s.scalars(select(Poster).order_by(Poster.id)).first()
        assert poster is not None
        s.add(Star(event_id=event_id, owner="local:3f1c", poster_id=poster.id))
        linked = s.scalars(select(MenteeProfile.poster_id).where(LINKED)).all()
        poster_id, title = poster.id, poster.title
    with demo_db.session() as s:
        exported = posters_csv(s)
    rows = csv_rows(exported)
    index = next(i for i, r in enumerate(rows) if r[2] == title) - 1
    path = tmp_path / "posters.csv"
    path.write_text(edited_csv(exported, {index: {"Title": title + " (final)"}}, []), "utf-8")
    result = imported(demo_db, path)
    assert counts(result) == {"posters": (0, 1, 149)}
    with demo_db.session() as s:
        assert s.get(Poster, poster_id).title == title + " (final)"  # type: ignore[union-attr]
        assert s.scalars(select(Star.poster_id)).all() == [poster_id]
        assert s.scalars(select(MenteeProfile.poster_id).where(LINKED)).all() == linked
        assert s.scalar(select(func.count()).select_from(Poster)) == 150
