"""The words people write in cells: names, session kinds, categories, roles, venues."""

from __future__ import annotations

import pytest

from sci4dl_desktop.io.openreview import decision
from sci4dl_desktop.io.values import attendee_category, person_role, session_kind, split_people
from sci4dl_desktop.store.enums import AttendeeCategory, PersonRole, SessionKind


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Alexandra Anderson", ["Alexandra Anderson"]),
        ("Sandra Andrews and Bo Li", ["Sandra Andrews", "Bo Li"]),
        ("Ana Silva AND Bo Li", ["Ana Silva", "Bo Li"]),
        ("Ana Silva; Bo Li;", ["Ana Silva", "Bo Li"]),
        ("Ana Silva (Rand and Co); Bo Li", ["Ana Silva (Rand and Co)", "Bo Li"]),
        # A cell typed with a line break, or pasted from a web page with no-break spaces.
        ("Alexandra Anderson\nand Bo Li", ["Alexandra Anderson", "Bo Li"]),
        ("Ana Silva\u00a0and\u00a0Bo Li", ["Ana Silva", "Bo Li"]),
        ("Ana Silva and\tBo Li", ["Ana Silva", "Bo Li"]),
        ("Grand Anderson andBo", ["Grand Anderson andBo"]),
    ],
)
def test_people_are_split_on_semicolons_and_the_word_and(cell: str, names: list[str]) -> None:
    assert split_people(cell) == names


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Keynote", SessionKind.INVITED_TALK),
        ("Contributed talks", SessionKind.CONTRIBUTED_TALK),
        ("Podiumsdiskussion / panel", SessionKind.PANEL),
        ("Coffee break", SessionKind.BREAK),
        ("Kaffeepause", SessionKind.BREAK),
        ("Lunchbreak", SessionKind.BREAK),
        ("Posters", SessionKind.POSTER_SESSION),
        ("Award ceremonies", SessionKind.AWARD),
        ("Social", SessionKind.SOCIAL),
        ("Hackathon", None),
        # Words inside other words do not count.
        ("Breakout session", None),
        ("Team building", None),
        ("Doctoral consortium", None),
        ("Posterior inference tutorial", SessionKind.OTHER),
    ],
)
def test_session_kinds_are_read_from_whole_words(text: str, kind: SessionKind | None) -> None:
    assert session_kind(text) is kind


@pytest.mark.parametrize("kind", list(SessionKind))
def test_every_session_kind_reads_back_from_its_label_and_value(kind: SessionKind) -> None:
    assert session_kind(kind.label) is kind
    assert session_kind(kind.value) is kind


@pytest.mark.parametrize("role", list(PersonRole))
def test_every_role_reads_back_from_its_label_and_value(role: PersonRole) -> None:
    assert person_role(role.label) is role
    assert person_role(role.value) is role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Panellist", PersonRole.PANELIST),
        ("panel member", PersonRole.PANELIST),
        ("Session chairs", PersonRole.CHAIR),
        ("Keynote speaker", PersonRole.INVITED_SPEAKER),
        ("Doctoral student", None),
    ],
)
def test_roles_in_other_words(text: str, role: PersonRole | None) -> None:
    assert person_role(text) is role


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("PhD student", AttendeeCategory.STUDENT),
        ("Undergraduate", AttendeeCategory.STUDENT),
        ("Master's student", AttendeeCategory.STUDENT),
        ("Organising committee", AttendeeCategory.ORGANIZER),
        ("Engineering", AttendeeCategory.INDUSTRY),
        ("Researchers", AttendeeCategory.ACADEMIC),
        ("Online", AttendeeCategory.REMOTE),
    ]
    + [(c.value, c) for c in AttendeeCategory],
)
def test_attendee_categories(text: str, category: AttendeeCategory) -> None:
    assert attendee_category(text) is category


@pytest.mark.parametrize(
    ("venue", "venueid", "verdict"),
    [
        ("SCI4DL 2026 Poster", "SCI4DL/2026/Workshop", "poster"),
        ("SCI4DL 2026 Oral", "SCI4DL/2026/Workshop", "oral"),
        ("SCI4DL 2026 Spotlight", "SCI4DL/2026/Workshop", "oral"),
        ("SCI4DL 2026", "SCI4DL/2026/Workshop", "poster"),
        ("Submitted to SCI4DL 2026", "SCI4DL/2026/Workshop/Submission", "skip"),
        ("SCI4DL 2026 Withdrawn Submission", "SCI4DL/2026/Workshop/Withdrawn_Submission", "skip"),
        ("SCI4DL 2026 Desk Rejected Submission", "", "skip"),
        # The name of a workshop is not its decision.
        ("Posterior Inference Workshop 2026 Oral", "PIW/2026/Workshop", "oral"),
        ("Workshop on Moral Machines 2026 Poster", "WMM/2026/Workshop", "poster"),
    ],
)
def test_the_venue_decides_poster_or_talk(venue: str, venueid: str, verdict: str) -> None:
    assert decision(venue, venueid) == verdict
