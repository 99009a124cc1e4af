"""What a mentor's card says, from the published plan."""

from __future__ import annotations

import pytest

from sci4dl_desktop.domain.mentor_cards import CardError, build_cards
from sci4dl_desktop.domain.pairing_edits import propose, store_proposal
from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.store.database import Database


def test_cards_list_breaks_places_and_mentees_of_the_published_plan(demo_db: Database) -> None:
    with demo_db.session() as s:
        plan = load_plan(s)
    cards = build_cards(plan)
    assert len(cards) == 7 and sum(c.meeting_count for c in cards) == 40
    (kempe,) = build_cards(plan, mentor="KEMPE")
    assert kempe.name == "Julia Kempe" and kempe.affiliation == "NYU & Meta"
    assert [b.when for b in kempe.breaks] == ["10:30–11:00", "15:00–15:30"]
    first = kempe.breaks[0]
    assert first.places and all(m.place in first.places for m in first.mentees)
    assert all(set(m.shared) <= set(m.interests) for m in first.mentees)
    assert any(
        m.poster.startswith("") and "board" in m.poster for b in cards for m in b.breaks[0].mentees
    )


def test_drafts_are_left_out_unless_asked(demo_db: Database) -> None:
    store_proposal(demo_db, propose(_plan(demo_db)))
    with pytest.raises(CardError, match="no published pairings yet"):
        build_cards(_plan(demo_db))
    assert sum(c.meeting_count for c in build_cards(_plan(demo_db), include_drafts=True)) == 40


def test_an_unknown_mentor_is_named_with_the_choices(demo_db: Database) -> None:
    with pytest.raises(CardError, match=r"no mentor matches 'Turing' \(the mentors are: Jascha"):
        build_cards(_plan(demo_db), mentor="Turing")


def _plan(db: Database):
    with db.session() as s:
        return load_plan(s)
