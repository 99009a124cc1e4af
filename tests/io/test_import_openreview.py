"""Accepted papers from OpenReview (API v2 notes): posters, orals, both author shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from import_support import counts, data, fresh_event, imported, messages, plan, write
from sqlalchemy import select

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Person, Poster, Session


@pytest.fixture
def event(tmp_path: Path) -> Iterator[Database]:
    database = fresh_event(tmp_path)
    imported(database, data("sessions-12h.csv"))
    yield database
    database.close()


def posters(database: Database) -> dict[str, Poster]:
    with database.session() as s:
        found = {p.external_id or p.uid: p for p in s.scalars(select(Poster))}
        for poster in found.values():
            poster.talk_title = poster.talk_session.title if poster.talk_session else None  # type: ignore[attr-defined]
        return found


def test_accepted_papers_become_posters_and_the_rest_is_skipped(event: Database) -> None:
    result = imported(event, data("openreview-notes.json"))
    assert counts(result)["posters"] == (4, 0, 0)
    assert result.sources[0].notes == [
        "skipped 1 note not accepted (SCI4DL 2026 Withdrawn Submission)",
        "skipped 1 note not accepted (Submitted to SCI4DL 2026)",
    ]
    found = posters(event)
    assert set(found) == {"Xq3bN8pL2a", "Kd82mZQw1B", "Pz7cR4vN9e", "Hh5sW0xY3c"}
    plain = found["Xq3bN8pL2a"]
    assert plain.uid == "openreview:Xq3bN8pL2a"
    assert plain.url == "https://openreview.net/forum?id=Xq3bN8pL2a"
    assert [(a.name, a.affiliation) for a in plain.authors] == [
        ("Ana Beatriz Souza", ""),
        ("Tomás Oliveira", ""),
    ]
    assert plain.keywords == ["edge of stability", "optimization dynamics"]
    assert plain.abstract == (
        "TL;DR: Sharpness rises to 2/η and stays there, also with Adam.\n\n"
        "We track the top Hessian eigenvalue during training and find a falsifiable pattern."
    )
    shaped = found["Kd82mZQw1B"]
    assert [(a.name, a.affiliation) for a in shaped.authors] == [
        ("Yuki Tanaka", "University of Tokyo"),
        ("Fatima Zahra El Idrissi", "Mohammed VI Polytechnic University"),
    ]
    assert [a.name for a in found["Hh5sW0xY3c"].authors] == [
        "Zoë Lefèvre",
        "Łukasz Wiśniewski",
        "Nguyễn Văn An",
    ]


def test_an_oral_takes_the_first_free_contributed_talk(event: Database) -> None:
    imported(event, data("openreview-notes.json"))
    oral = posters(event)["Pz7cR4vN9e"]
    assert oral.talk_title == "Contributed talk 1"  # type: ignore[attr-defined]
    with event.session() as s:
        talk = s.scalars(select(Session).where(Session.title == "Contributed talk 1")).one()
        assert talk.subtitle == "Grokking is a phase transition in weight norm"
        assert [p.name for p in talk.speakers] == ["Ingrid Halvorsen"]
        ingrid = s.scalars(select(Person).where(Person.name == "Ingrid Halvorsen")).one()
        assert ingrid.external_id == "openreview:~Ingrid_Halvorsen1"
        assert ingrid.affiliation == "University of Oslo"
        assert ingrid.roles == ["contributed_speaker"]


def test_reimport_matches_by_forum_and_keeps_boards(event: Database, tmp_path: Path) -> None:
    imported(event, data("openreview-notes.json"))
    boards = write(
        tmp_path,
        "boards.csv",
        "OpenReview ID,Poster session,Board\nXq3bN8pL2a,Poster session A,7\n",
    )
    imported(event, boards)
    notes = json.loads(data("openreview-notes.json").read_text("utf-8"))
    notes[0]["content"]["title"]["value"] = "Sharpness dynamics of small transformers (v2)"
    newer = write(tmp_path, "notes.json", json.dumps({"notes": notes, "count": len(notes)}))
    result = imported(event, newer)
    assert counts(result) == {"posters": (0, 1, 3)}
    found = posters(event)
    assert len(found) == 4
    assert found["Xq3bN8pL2a"].title == "Sharpness dynamics of small transformers (v2)"
    assert found["Xq3bN8pL2a"].board == 7
    assert found["Pz7cR4vN9e"].talk_title == "Contributed talk 1"  # type: ignore[attr-defined]


def test_orals_without_a_free_talk_are_reported(demo_db: Database) -> None:
    result = plan(demo_db, data("openreview-notes.json"))
    assert result.ok
    assert result.sources[0].notes[-1] == (
        "1 oral paper(s) have no contributed-talk session to take (Grokking is a phase "
        "transition in weight norm): add contributed talks to the program and import again"
    )


def test_keywords_that_are_not_a_list_are_refused(event: Database, tmp_path: Path) -> None:
    notes = json.loads(data("openreview-notes.json").read_text("utf-8"))
    notes[0]["content"]["keywords"]["value"] = 7
    path = write(tmp_path, "notes.json", json.dumps(notes))
    assert messages(plan(event, path)) == [
        "notes.json, note 3 (Xq3bN8pL2a), field content.keywords.value: the keywords are "
        "'7', not a list; export the notes again from OpenReview"
    ]
