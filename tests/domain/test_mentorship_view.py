"""The published pairings as plain values: grouping, a mentor's card, name lookup, no emails."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from sci4dl_desktop.domain.mentorship_view import MentorshipOverview, load_mentorship
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, Pairing, Person


def demo_time(hhmm: str) -> datetime:
    """Wall-clock time on the demo day, in the demo's time zone."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))


def overview_of(db: Database) -> MentorshipOverview:
    with db.session() as session:
        return load_mentorship(session)


def test_the_demo_has_forty_meetings_by_mentor_and_by_break(demo_db: Database) -> None:
    overview = overview_of(demo_db)
    assert len(overview.meetings) == 40
    by_mentor = overview.by_mentor()
    assert len(by_mentor) == 7
    assert sum(len(meetings) for _, meetings in by_mentor) == 40
    assert by_mentor[0][0].name == "Jascha Sohl-Dickstein"  # alphabetical
    for mentor, meetings in by_mentor:
        assert all(m.mentor == mentor for m in meetings)
        starts = [m.slot.start for m in meetings]
        assert starts == sorted(starts)
    by_break = overview.by_break()
    assert [overview.when(slot) for slot, _ in by_break] == ["10:30–11:00", "15:00–15:30"]
    assert sum(len(meetings) for _, meetings in by_break) == 40
    assert all(m.slot == slot for slot, meetings in by_break for m in meetings)


def test_meetings_carry_interests_posters_places_and_topics(demo_db: Database) -> None:
    overview = overview_of(demo_db)
    with_poster = [m for m in overview.meetings if m.poster is not None]
    assert with_poster, "the demo gives some mentees a poster"
    assert all(m.mentee_interests for m in overview.meetings)
    assert all(m.place.startswith("Mentorship table") for m in overview.meetings)
    poster = with_poster[0].poster
    assert poster is not None
    label = poster.label(overview.zone)
    assert label.startswith(f"Board {poster.board}, Poster session")
    assert label.endswith(f": {poster.title}")
    assert "(11:30–12:30)" in label or "(17:00–18:00)" in label


def test_a_mentors_card_holds_only_their_meetings_in_time_order(demo_db: Database) -> None:
    overview = overview_of(demo_db)
    lenka = overview.find_mentor("Lenka Zdeborová")
    assert lenka is not None
    card = overview.card(lenka.id)
    assert card is not None
    assert card.meeting_count == 6
    assert [overview.when(s.slot) for s in card.stops] == ["10:30–11:00", "15:00–15:30"]
    assert all(m.mentor.id == lenka.id for s in card.stops for m in s.meetings)
    assert all(s.places == ("Mentorship table 6, Foyer",) for s in card.stops)
    assert overview.card(-5) is None


def test_card_status_marks_the_break_under_way_or_the_next(demo_db: Database) -> None:
    overview = overview_of(demo_db)
    lenka = overview.find_mentor("zdeborova")
    assert lenka is not None
    card = overview.card(lenka.id)
    assert card is not None
    first, second = (s.slot.id for s in card.stops)
    assert card.status_at(demo_time("10:35")) == {first: "now"}
    assert card.status_at(demo_time("09:00")) == {first: "next"}
    assert card.status_at(demo_time("12:00")) == {second: "next"}
    assert card.status_at(demo_time("16:00")) == {}


def test_find_mentor_ignores_accents_and_case_and_refuses_ambiguity(demo_db: Database) -> None:
    overview = overview_of(demo_db)
    for typed in ("zdeborova", "LENKA ZDEBOROVA", "  lenka   zdeborová "):
        found = overview.find_mentor(typed)
        assert found is not None and found.name == "Lenka Zdeborová", typed
    assert overview.find_mentor("j") is None  # Jascha, Jeremy, Julia...
    assert overview.find_mentor("nobody") is None
    assert overview.find_mentor("") is None


def test_unpublished_pairings_are_not_shown(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        lenka_id = session.scalars(select(Person.id).where(Person.name == "Lenka Zdeborová")).one()
        session.execute(
            update(Pairing).where(Pairing.mentor_id == lenka_id).values(published=False)
        )
    overview = overview_of(demo_db)
    assert len(overview.meetings) == 34
    card = overview.card(lenka_id)
    assert card is not None and card.stops == ()  # still a mentor, with no meetings yet


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, datetime | int | float | type(None)):
        return


def test_nothing_loaded_is_an_email(demo_db: Database) -> None:
    with demo_db.session() as session:
        emails = set(session.scalars(select(Attendee.email)))
    overview = overview_of(demo_db)
    texts = list(_strings(overview))
    assert any("Zdeborová" in t for t in texts)
    assert not [t for t in texts if "@" in t or t in emails]
