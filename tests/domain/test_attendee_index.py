"""The in-memory attendee search index."""

from __future__ import annotations

from sci4dl_desktop.domain.attendee_index import AttendeeIndex, IndexedAttendee
from sci4dl_desktop.store.enums import AttendeeCategory


def entry(
    i: int, name: str, email: str = "", affiliation: str = "", serial: str = ""
) -> IndexedAttendee:
    return IndexedAttendee(
        id=i,
        name=name,
        email=email or None,
        affiliation=affiliation,
        category=AttendeeCategory.ACADEMIC,
        badge_serial=serial or f"S-{i:04d}",
        badge_revision=1,
    )


INDEX = AttendeeIndex(
    [
        entry(1, "Lenka Zdeborová", "lenka@epfl.example", "EPFL"),
        entry(2, "Zoë Ørsted", "zoe@dtu.example", "DTU"),
        entry(3, "Ana Lenka", "ana@usp.example", "Universidade de São Paulo"),
        entry(4, "Søren Kierkegaard", "", "Københavns Universitet", serial="S-0001X"),
        entry(5, "Anders\nNewline", "", "Lund"),
    ]
)


def names(query: str, limit: int = 50) -> list[str]:
    return [e.name for e in INDEX.search(query, limit)]


def test_accents_and_special_letters_fold() -> None:
    assert names("zdeborova") == ["Lenka Zdeborová"]
    assert names("orsted") == ["Zoë Ørsted"]
    assert names("sao paulo") == ["Ana Lenka"]
    assert names("KØBENHAVNS") == ["Søren Kierkegaard"]


def test_every_term_must_match_any_field() -> None:
    assert names("lenka epfl") == ["Lenka Zdeborová"]
    assert names("lenka usp") == ["Ana Lenka"]
    assert names("lenka dtu") == []


def test_ranking_prefers_serial_then_name_start() -> None:
    assert names("lenka") == ["Lenka Zdeborová", "Ana Lenka"]
    assert names("s-0001")[0] == "Lenka Zdeborová"  # exact serial before S-0001X
    assert names("s-0001") == ["Lenka Zdeborová", "Søren Kierkegaard"]


def test_limit_count_and_fields_never_run_together() -> None:
    assert names("a", limit=2) == names("a")[:2]
    assert INDEX.count_matches("a") == len(names("a"))
    assert names("newline") == ["Anders\nNewline"]
    assert names("epfl.example dtu") == []  # no match across two attendees


def test_with_entry_adds_and_replaces() -> None:
    grown = INDEX.with_entry(entry(6, "Walk In"))
    replaced = grown.with_entry(entry(2, "Zoe Renamed"))
    assert len(replaced) == 6 and names("orsted") == ["Zoë Ørsted"]
    assert [e.name for e in replaced.search("zoe")] == ["Zoe Renamed"]
    assert [e.name for e in replaced.search("walk")] == ["Walk In"]
