"""Meeting places: boards near posters, home tables, spots, and no crowding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sci4dl_desktop.domain.places import Meeting, PlaceSettings, PosterSpot, assign_places

T = datetime(2026, 4, 26, 13, 30, tzinfo=UTC)  # 10:30 local
HALF = timedelta(minutes=30)


def meeting(key: str, mentor: int, break_id: int = 1, **kw) -> Meeting:
    start = T if break_id == 1 else T + timedelta(hours=4, minutes=30)
    return Meeting(key, mentor, break_id, start, start + HALF, area="Foyer", **kw)


def test_a_mentor_keeps_a_home_table_across_breaks() -> None:
    meetings = [meeting("a", 7), meeting("b", 7), meeting("c", 8), meeting("d", 7, break_id=2)]
    result = assign_places(meetings, PlaceSettings(tables=5), mentor_order=[8, 7])
    assert result.places == {
        "a": "Table 2, Foyer",
        "b": "Table 2, Foyer",
        "c": "Table 1, Foyer",
        "d": "Table 2, Foyer",
    }
    assert result.crowded == ()


def test_no_place_takes_more_than_the_cap_per_break() -> None:
    meetings = [meeting(f"m{i}", mentor=i % 4) for i in range(10)]
    result = assign_places(meetings, PlaceSettings(tables=4, per_place=3))
    assert max(result.counts.values()) <= 3
    assert len(result.places) == 10
    assert result.crowded == ()


def test_named_spots_take_over_when_tables_are_full() -> None:
    meetings = [meeting(f"m{i}", mentor=i) for i in range(3)]
    result = assign_places(
        meetings, PlaceSettings(tables=1, per_place=1, spots=("Terrace", "Library"))
    )
    assert sorted(result.places.values()) == ["Library", "Table 1, Foyer", "Terrace"]


def test_too_few_places_is_reported_not_hidden() -> None:
    meetings = [meeting(f"m{i}", mentor=i) for i in range(3)]
    result = assign_places(meetings, PlaceSettings(tables=1, per_place=2))
    assert result.counts[(1, "Table 1, Foyer")] == 3
    assert result.crowded == (
        "Table 1, Foyer has 3 meetings in one break (the cap is 2): "
        "add tables or named spots, or raise the cap.",
    )


def test_a_mentee_meets_at_their_board_when_their_poster_session_is_next() -> None:
    # Poster session 1 starts 30 minutes after the morning break ends.
    soon = PosterSpot(board=12, start=T + 2 * HALF, end=T + 4 * HALF, hall="Poster hall")
    late = PosterSpot(board=5, start=T + 15 * HALF, end=T + 17 * HALF, hall="Poster hall")
    meetings = [meeting("soon", 1, poster=soon), meeting("late", 1, poster=late)]
    result = assign_places(meetings, PlaceSettings(near_poster_minutes=30))
    assert result.places == {"soon": "Board 12, Poster hall", "late": "Table 1, Foyer"}
    stricter = assign_places(meetings, PlaceSettings(near_poster_minutes=15))
    assert stricter.places["soon"] == "Table 1, Foyer"


def test_fixed_places_are_kept_and_counted() -> None:
    meetings = [
        meeting("locked", 1, fixed_place="Table 1, Foyer"),
        meeting("x", 2),
        meeting("y", 3),
    ]
    result = assign_places(meetings, PlaceSettings(tables=2, per_place=2), mentor_order=[2, 3])
    assert result.places["locked"] == "Table 1, Foyer"
    assert result.places["x"] == "Table 1, Foyer"  # home table of mentor 2, one seat left
    assert result.places["y"] == "Table 2, Foyer"


def test_settings_problems_are_sentences() -> None:
    assert PlaceSettings().problems() == []
    assert PlaceSettings(tables=0, per_place=0).problems() == [
        "Each place must take at least one meeting per break.",
        "Give at least one table or one named spot for the meetings.",
    ]
