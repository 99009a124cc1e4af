"""Every refusal names file, row, column and value, says what to do, and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from import_support import (
    csv_rows,
    data,
    dump,
    fresh_event,
    imported,
    messages,
    plan,
    write,
)

from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.io.export_csv import attendees_csv
from sci4dl_desktop.io.problems import ImportRefused
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Person


@pytest.fixture
def event(tmp_path: Path) -> Iterator[Database]:
    """The CSV fixture event: sessions and attendees already imported."""
    database = fresh_event(tmp_path)
    imported(database, data("sessions-12h.csv"), data("attendees-utf8.csv"))
    yield database
    database.close()


def refused(database: Database, path: Path) -> list[str]:
    """The problems of importing the file; asserts that nothing at all was written."""
    before = dump(database)
    result = plan(database, path)
    assert not result.ok
    with pytest.raises(ImportRefused):
        apply_plan(database, result)
    assert dump(database) == before
    return messages(result)


@dataclass(frozen=True)
class Case:
    """A file the event refuses, and exactly what the refusal says."""

    name: str
    text: str
    expected: list[str]
    first: tuple[str, ...] = ()  # fixture files imported before, to refuse against


CASES = [
    # -- sessions
    pytest.param(
        Case(
            "sessions.csv",
            "Title,Start,End,Room\n"
            "Evening talk,5:00 PM,5:30 PM,Main hall\n"
            "Late talk,11:45pm,12:30pm,Main hall\n",
            [
                "sessions.csv, row 3, column End: '12:30pm' is before start '11:45pm'; "
                "did you mean 11:45am?"
            ],
        ),
        id="session ending before it starts",
    ),
    pytest.param(
        Case(
            "sessions.csv",
            "Title,Start,End,Room\nLate morning talk,11:30 AM,12:30 AM,Room B\n",
            [
                "sessions.csv, row 2, column End: '12:30 AM' is before start '11:30 AM'; "
                "did you mean 12:30 PM?"
            ],
        ),
        id="noon written as 12:30 AM",
    ),
    pytest.param(
        Case(
            "sessions.csv",
            "Title,Start,End,Room\nSurprise talk,9:30,10:00,Main hall\n",
            [
                "sessions.csv, row 2, column start: 'Surprise talk' (09:30–10:00) overlaps "
                "'Opening keynote' (09:00–09:45, already in the event) in room Main hall; "
                "move one of them, or put it in another room"
            ],
        ),
        id="sessions overlapping in one room",
    ),
    pytest.param(
        Case(
            "sessions.csv",
            "Title,Start,End,Room\nA,16:00,17:00,Room B\nB,16:30,17:30,Room B\n",
            [
                "sessions.csv, row 3, column start: 'B' (16:30–17:30) overlaps 'A' "
                "(16:00–17:00, sessions.csv, row 2) in room Room B; move one of them, or put "
                "it in another room"
            ],
        ),
        id="two new sessions overlapping each other",
    ),
    pytest.param(
        Case(
            "s.csv",
            "Title,Start,Duration\nTea,half past nine,30\n",
            [
                "s.csv, row 2, column Start: 'half past nine' is not a time; write it as "
                "13:30 or 1:30 PM"
            ],
        ),
        id="unparseable time",
    ),
    pytest.param(
        Case(
            "s.csv",
            "Date,Start,End,Title,Kind\n"
            "2026-06-12,16:00,16:30,Juggling,circus act\n"
            "2026-06-13,9:00,9:30,Tomorrow,talk\n",
            [
                "s.csv, row 2, column Kind: 'circus act' is not a kind of session; use one of "
                "invited talk, contributed talk, panel, poster session, break, social, award, "
                "other",
                "s.csv, row 3, column Date: 2026-06-13 is not a day of the event (2026-06-12); "
                "correct the date, or change the event's days first",
            ],
        ),
        id="unknown session kind and day outside the event",
    ),
    pytest.param(
        Case(
            "s.csv",
            "Title,Start,Room\nTalk,9:00,Main hall\n",
            [
                "s.csv, row 1: no 'End' or 'Duration' column in the header 'Title, Start, "
                "Room'; add the column (see the sessions format in the help)"
            ],
        ),
        id="missing required column",
    ),
    # -- posters
    pytest.param(
        Case(
            "p.csv",
            "Title,Authors,Poster session,Board\nOdd one,Ana Souza,Lunch,3\n",
            [
                "p.csv, row 2, column poster session: poster 'Odd one' is in 'Lunch', which "
                "is a break, not a poster session; give a poster session (Poster session A, "
                "Poster session B)"
            ],
        ),
        id="poster in a session that is not a poster session",
    ),
    pytest.param(
        Case(
            "p.csv",
            "Title,Authors,Poster session,Board\nNew poster,Eve Adams,Poster session A,2\n",
            [
                "p.csv, row 2, column board: board 2 in 'Poster session A' is also given to "
                "'Where does in-context learning come from?' (already in the event); "
                "give each poster of a session its own board number"
            ],
            first=("posters-semicolon.csv",),
        ),
        id="two posters on one board",
    ),
    pytest.param(
        Case(
            "p.csv",
            "Title,Board,Remote,Poster session\n"
            "A,twelve,no,Poster session A\n"
            "B,4,maybe,Poster session A\n",
            [
                "p.csv, row 2, column Board: 'twelve' is not a board number; "
                "boards are numbered 1, 2, 3, ...",
                "p.csv, row 3, column Remote: 'maybe' is not yes or no; write yes or no",
            ],
        ),
        id="yes-no and board values",
    ),
    # -- attendees
    pytest.param(
        Case(
            "attendees.csv",
            "Name,Email\n"
            "Iris Ng,iris@example.org\n"
            "Kai Berg,kai@example.org\n"
            "Iris N.,IRIS@example.org\n",
            [
                "attendees.csv, row 4, column Email: 'IRIS@example.org' also appears on row 2; "
                "each attendee needs their own email: merge the two rows or correct one"
            ],
        ),
        id="duplicate email within the file",
    ),
    pytest.param(
        Case(
            "a.csv",
            "Name,Email,Category\n"
            "Lea Roth,lea.roth.example.org,student\n"
            "Max Ott,max@example.org,astronaut\n"
            "Nia Obi,,student\n",
            [
                "a.csv, row 2, column Email: 'lea.roth.example.org' is not an e-mail address; "
                "check for a missing @ or a space",
                "a.csv, row 3, column Category: 'astronaut' is not an attendee category; use "
                "one of organizer, speaker, student, academic, industry, remote",
                "a.csv, row 4, column Email: the row has neither an email nor a badge serial; "
                "add the attendee's email so a later re-import finds them again",
            ],
        ),
        id="bad email, unknown category and missing key",
    ),
    # -- pairings
    pytest.param(
        Case(
            "pairs.csv",
            "Mentor,Mentee email,Break\n"
            "Ana Souza,nobody@example.org,Coffee break\n"
            "Ana Souza,eve@example.com,Panel on scaling\n",
            [
                "pairs.csv, row 2, column Mentee email: no attendee has the email "
                "'nobody@example.org'; import the attendees first, or give the mentee's email",
                "pairs.csv, row 3, column Break: no session 'Panel on scaling' among the "
                "breaks; mentorship meetings happen in breaks: give one of Coffee break "
                "(2026-06-12 09:45), Lunch (2026-06-12 12:30)",
            ],
        ),
        id="pairing with an unknown mentee and a session that is not a break",
    ),
    pytest.param(
        Case(
            "more.csv",
            "Mentor,Mentee email,Break\nDmitri Ivanov,eve@example.com,9:45\n",
            [
                "more.csv, row 2, column break: Eve Adams <eve@example.com> already meets Bo "
                "Chen in Coffee break (2026-06-12 09:45) (already in the event); "
                "a mentee has one meeting per break: choose another break"
            ],
            first=("pairings.csv",),
        ),
        id="a mentee meets one mentor per break",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_refusal_says_where_what_and_what_to_do(
    event: Database, tmp_path: Path, case: Case
) -> None:
    if case.first:
        imported(event, *(data(name) for name in case.first))
    assert refused(event, write(tmp_path, case.name, case.text)) == case.expected


def test_duplicate_email_against_the_event(event: Database, tmp_path: Path) -> None:
    with event.session() as session:
        serials = {row[1]: row[5] for row in csv_rows(attendees_csv(session))[1:]}
    path = write(
        tmp_path,
        "attendees.csv",
        f"Name,Email,Badge\nAna Souza,bo.chen@example.org,{serials['ana.souza@example.org']}\n",
    )
    assert refused(event, path) == [
        "attendees.csv, row 2, column Email: 'bo.chen@example.org' already belongs to Bo Chen "
        f"(badge {serials['bo.chen@example.org']}), but badge "
        f"'{serials['ana.souza@example.org']}' is someone else's; "
        "correct the email or the badge serial"
    ]


def test_badge_serials_never_change(event: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "Name,Email,Badge\nAna Souza,ana.souza@example.org,X-9\n")
    (message,) = refused(event, path)
    assert message.startswith("a.csv, row 2, column Badge: Ana Souza already has badge S26-")
    assert message.endswith(
        "not 'X-9'; badge serials never change: leave the cell empty or correct it"
    )


def test_csv_into_an_empty_database_needs_an_event(tmp_path: Path) -> None:
    result = plan(None, data("attendees-utf8.csv"))
    assert messages(result) == [
        "attendees-utf8.csv: the database holds no event yet, and this file does not describe "
        "one; import a frab schedule or an event package first, or create the event (on the "
        "command line: --event-title, --timezone and --date)"
    ]


def test_a_mentor_name_that_two_people_share_is_refused(event: Database, tmp_path: Path) -> None:
    with event.transaction() as session:
        session.add(Person(event_id=event.event().id, name="Bo Chen", affiliation="ETH"))
    path = write(tmp_path, "pairs.csv", "Mentor,Mentee email,Break\nbo chen,eve@example.com,9:45\n")
    assert refused(event, path) == [
        "pairs.csv, row 2, column Mentor: 2 people are called 'bo chen'; "
        "rename one of them in the app first"
    ]
