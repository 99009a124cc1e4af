"""Mentee and mentor profiles: adding, editing, removing, suggestions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.mentorship_profiles import (
    load_profiles,
    make_mentor,
    remove_mentee,
    remove_mentor,
    save_mentee,
    save_mentor,
)
from sci4dl_desktop.domain.pairing_plan import PlanError
from sci4dl_desktop.io.demo import load_facts
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import EventSetting, Pairing, Person


def profiles(db: Database):
    with db.session() as s:
        return load_profiles(s)


def test_suggestions_hold_the_event_topics_and_poster_keywords(demo_db: Database) -> None:
    with demo_db.transaction() as s:
        s.merge(EventSetting(key="event.topics", value=["Neural scaling", "scaling laws"]))
    found = profiles(demo_db).suggestions
    assert "Neural scaling" in found
    assert "mechanistic interpretability" in found  # a poster keyword
    assert len([t for t in found if t.casefold() == "scaling laws"]) == 1


def test_the_demo_carries_the_workshop_topics_as_suggestions(demo_db: Database) -> None:
    topics = load_facts()["topics"]
    with demo_db.session() as s:
        stored = s.get(EventSetting, "event.topics")
    assert stored is not None and stored.value == topics
    assert set(topics) <= set(profiles(demo_db).suggestions)


def test_an_attendee_becomes_a_mentee_with_their_own_poster(demo_db: Database) -> None:
    before = profiles(demo_db)
    author = next(c for c in before.mentee_candidates if before.own_poster(c.name) is not None)
    poster = before.own_poster(author.name)
    save_mentee(
        demo_db,
        author.id,
        ["Scaling laws", " scaling  law ", "grokking"],
        poster,
        [before.breaks[0].id],
    )
    after = profiles(demo_db)
    row = next(m for m in after.mentees if m.attendee_id == author.id)
    assert row.interests == ("Scaling laws", "grokking")
    assert row.poster_id == poster
    assert row.break_ids == (before.breaks[0].id,)
    assert author.id not in {c.id for c in after.mentee_candidates}


def test_unknown_breaks_are_refused(demo_db: Database) -> None:
    mentee = profiles(demo_db).mentees[0]
    with pytest.raises(PlanError, match=r"Breaks \[99999\] are not breaks"):
        save_mentee(demo_db, mentee.attendee_id, ["x"], None, [99999])


def test_removing_a_mentee_removes_their_pairings(demo_db: Database) -> None:
    with demo_db.session() as s:
        pairing = s.scalars(select(Pairing).limit(1)).one()
    assert remove_mentee(demo_db, pairing.mentee_id) == 1
    assert pairing.mentee_id not in {m.attendee_id for m in profiles(demo_db).mentees}


def test_an_attendee_becomes_a_mentor_and_can_be_edited_and_removed(demo_db: Database) -> None:
    candidate = next(c for c in profiles(demo_db).mentor_candidates if c.kind == "attendee")
    person_id = make_mentor(demo_db, candidate)
    with demo_db.session() as s:
        person = s.get(Person, person_id)
        assert person is not None and person.name == candidate.name
        assert "mentor" in person.roles
    save_mentor(demo_db, person_id, ["loss landscapes"], 2)
    row = next(m for m in profiles(demo_db).mentors if m.person_id == person_id)
    assert (row.interests, row.capacity) == (("loss landscapes",), 2)
    with pytest.raises(PlanError, match="Capacity 21 is out of range"):
        save_mentor(demo_db, person_id, [], 21)
    assert remove_mentor(demo_db, person_id) == 0
    assert person_id not in {m.person_id for m in profiles(demo_db).mentors}
    with demo_db.session() as s:
        person = s.get(Person, person_id)
        assert person is not None and "mentor" not in person.roles
