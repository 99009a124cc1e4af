"""Posters as plain values: loading in a few queries, folded search, filters, sort keys."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event as sa_event
from sqlalchemy import select

from sci4dl_desktop.domain.posters import (
    NO_SESSION,
    AuthorLine,
    PosterColumn,
    PosterError,
    PosterFilter,
    PosterIndex,
    PosterRow,
    Slot,
    load_posters,
    search,
    searchable_text,
    sort_key,
    sort_keys,
    sorted_order,
)
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Poster, PosterAuthor, Session
from sci4dl_desktop.store.setup import create_event

EARLY = Slot(
    1,
    "Poster session 1",
    datetime(2026, 4, 26, 14, 30, tzinfo=UTC),
    datetime(2026, 4, 26, 15, 30, tzinfo=UTC),
)
LATE = Slot(
    2,
    "Poster session 2",
    datetime(2026, 4, 26, 20, 0, tzinfo=UTC),
    datetime(2026, 4, 26, 21, 0, tzinfo=UTC),
)


def make_row(
    poster_id: int,
    title: str,
    *,
    authors: tuple[str, ...] = ("Ada Lovelace",),
    keywords: tuple[str, ...] = (),
    abstract: str = "",
    board: int | None = None,
    session: Slot | None = EARLY,
    url: str = "",
) -> PosterRow:
    return PosterRow(
        id=poster_id,
        uid=f"p{poster_id}",
        title=title,
        abstract=abstract,
        keywords=keywords,
        authors=tuple(AuthorLine(a, "") for a in authors),
        board=board,
        session=session,
        talk=None,
        presented_remotely=False,
        challenge_entry=False,
        url=url,
        external_id=None,
        haystack=searchable_text(title, authors, keywords, abstract),
    )


# -- loading the demo event --------------------------------------------------------------


def test_the_demo_catalog_holds_every_poster_with_authors_in_order(demo_db: Database) -> None:
    with demo_db.session() as session:
        catalog = load_posters(session)
        stored = session.scalars(select(Poster).order_by(Poster.id)).all()
        first = stored[0]
        first_authors = [(a.name, a.affiliation) for a in first.authors]
        talks = {p.id: p.talk_session_id for p in stored if p.talk_session_id}

    assert len(catalog.rows) == 150
    assert [(a.name, a.affiliation) for a in catalog.rows[0].authors] == first_authors
    assert [s.title for s in catalog.sessions] == ["Poster session 1", "Poster session 2"]
    assert catalog.sessions[0].start < catalog.sessions[1].start
    assert sum(1 for r in catalog.rows if r.session == catalog.sessions[0]) == 75
    with_talk = {r.id: r.talk for r in catalog.rows if r.talk is not None}
    assert set(with_talk) == set(talks)
    assert all(t.title.startswith("Contributed talk") for t in with_talk.values())
    assert catalog.when(catalog.sessions[0]) == "11:30–12:30"  # São Paulo wall-clock time
    assert "mechanistic interpretability" in catalog.keywords
    assert list(catalog.keywords) == sorted(catalog.keywords)
    assert catalog.rows[0].link_label == "OpenReview"


def test_loading_takes_a_fixed_number_of_queries(demo_db: Database) -> None:
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("query")

    sa_event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        with demo_db.session() as session:
            load_posters(session)
    finally:
        sa_event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(statements) <= 6  # event, posters, sessions, authors (+ the ORM's selectin)


def test_accent_free_search_finds_accented_authors(demo_db: Database) -> None:
    with demo_db.session() as session:
        catalog = load_posters(session)
        expected = set(
            session.scalars(
                select(PosterAuthor.poster_id).where(PosterAuthor.name.like("%Köhler%"))
            )
        )
    found = {r.id for r in search(catalog.rows, PosterFilter("kohler"))}
    assert expected and found == expected
    assert {r.id for r in search(catalog.rows, PosterFilter("KÖHLER"))} == expected


def test_an_event_file_without_an_event_says_so(tmp_path: Path) -> None:
    db = open_database(tmp_path / "empty.sci4dl")
    try:
        with db.session() as session, pytest.raises(PosterError, match="no event yet"):
            load_posters(session)
    finally:
        db.close()


def test_a_poster_without_session_board_or_authors_loads(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bare.sci4dl")
    try:
        with db.transaction() as session:
            event = create_event(
                session,
                title="Two days",
                acronym="TD",
                timezone="Europe/Vienna",
                first_day=date(2026, 6, 10),
                last_day=date(2026, 6, 11),
            )
            hall = Session(
                event_id=event.id,
                uid="ps",
                title="Posters",
                kind=SessionKind.POSTER_SESSION,
                start_at=datetime(2026, 6, 11, 14, 0, tzinfo=UTC),
                end_at=datetime(2026, 6, 11, 15, 0, tzinfo=UTC),
            )
            session.add(hall)
            session.add(Poster(event_id=event.id, uid="a", title="Loose", keywords=["", "x"]))
            session.add(
                Poster(event_id=event.id, uid="b", title="Placed", board=3, poster_session=hall)
            )
        with db.session() as session:
            catalog = load_posters(session)
    finally:
        db.close()
    loose, placed = catalog.rows
    assert loose.authors == () and loose.board_label == "–" and loose.keywords == ("x",)
    assert loose.session_title == "No poster session" and catalog.has_unassigned
    assert catalog.when(placed.session) == "Thu 11 Jun, 16:00–17:00"  # two days: day named
    assert [r.title for r in search(catalog.rows, PosterFilter(session_id=NO_SESSION))] == ["Loose"]


# -- search and filters ------------------------------------------------------------------


def test_search_folds_ligatures_case_and_accents() -> None:
    rows = [
        make_row(1, "Robust classiﬁcation under shift"),
        make_row(2, "Scaling laws", authors=("Lenka Zdeborová", "Bjørn Øvergaard")),
        make_row(3, "Straße networks", abstract="Grokking in ÆON models"),
    ]
    assert [r.id for r in search(rows, PosterFilter("classification"))] == [1]
    assert [r.id for r in search(rows, PosterFilter("  Zdeborova  "))] == [2]
    assert [r.id for r in search(rows, PosterFilter("overgaard"))] == [2]
    assert [r.id for r in search(rows, PosterFilter("strasse aeon"))] == [3]
    assert [r.id for r in search(rows, PosterFilter("ZDEBOROVÁ scaling"))] == [2]
    assert search(rows, PosterFilter("zdeborova classification")) == []


def test_search_looks_at_title_authors_keywords_and_abstract_only() -> None:
    row = make_row(
        1,
        "T",
        authors=("Ana",),
        keywords=("double descent",),
        abstract="grokking",
        url="https://x.org/q",
    )
    for query in ("t", "ana", "double descent", "grokking"):
        assert PosterFilter(query).accepts(row), query
    assert not PosterFilter("x.org").accepts(row)


def test_session_and_keyword_filters_combine_with_the_text() -> None:
    rows = [
        make_row(1, "Alpha", keywords=("loss landscapes",), session=EARLY),
        make_row(2, "Alpha", keywords=("scaling laws",), session=LATE),
        make_row(3, "Beta", keywords=("loss landscapes",), session=LATE),
        make_row(4, "Alpha", session=None),
    ]
    assert [r.id for r in search(rows, PosterFilter(session_id=LATE.id))] == [2, 3]
    assert [r.id for r in search(rows, PosterFilter(keyword="loss landscapes"))] == [1, 3]
    assert [r.id for r in search(rows, PosterFilter("alpha", session_id=LATE.id))] == [2]
    assert [r.id for r in search(rows, PosterFilter(session_id=NO_SESSION))] == [4]
    assert PosterIndex(rows).mask(PosterFilter()) == [True] * 4


def test_narrows_only_when_more_letters_are_typed() -> None:
    base = PosterFilter("zde")
    assert PosterFilter("zdeb").narrows(base)
    assert PosterFilter("zde scaling").narrows(base)
    assert not PosterFilter("zd").narrows(base)
    assert not PosterFilter("zdeb", session_id=1).narrows(base)
    assert PosterFilter("anything").narrows(PosterFilter())


WORDS = ["scaling", "laws", "Zdeborová", "classiﬁcation", "Köhler", "edge", "of", "stability"]


@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    st.text(alphabet="abcdeilnorsvzö ", max_size=4),
    st.text(alphabet="abcdeilnorsvzö ", max_size=3),
)
def test_a_narrowed_mask_equals_a_full_refilter(
    title_words: list[str], first: str, more: str
) -> None:
    rows = [
        make_row(n, " ".join(title_words[n:] + title_words[:n])) for n in range(len(title_words))
    ]
    rows.append(make_row(99, "unrelated"))
    before, after = PosterFilter(first), PosterFilter(first + more)
    if after.narrows(before):
        index = PosterIndex(rows)
        assert index.mask(after, within=index.mask(before)) == index.mask(after)


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), max_size=3),
            st.sampled_from([EARLY, LATE, None]),
            st.lists(st.sampled_from(["loss landscapes", "scaling laws"]), max_size=2),
        ),
        max_size=8,
    ),
    st.text(alphabet="abcdeilnorsvzö ﬁ", max_size=6),
    st.sampled_from([None, EARLY.id, LATE.id, NO_SESSION]),
    st.sampled_from([None, "loss landscapes", "scaling laws"]),
)
def test_the_column_index_agrees_with_the_per_poster_test(
    specs: list[tuple[list[str], Slot | None, list[str]]],
    text: str,
    session_id: int | None,
    keyword: str | None,
) -> None:
    rows = [
        make_row(n, " ".join(words), session=slot, keywords=tuple(keywords))
        for n, (words, slot, keywords) in enumerate(specs)
    ]
    flt = PosterFilter(text, session_id=session_id, keyword=keyword)
    assert PosterIndex(rows).mask(flt) == [flt.accepts(r) for r in rows]


# -- sorting ---------------------------------------------------------------------------


def test_boards_sort_as_numbers_and_unplaced_posters_come_last() -> None:
    rows = [
        make_row(1, "a", board=10),
        make_row(2, "b", board=9),
        make_row(3, "c", board=None),
        make_row(4, "d", board=100),
        make_row(5, "e", board=9, session=LATE),
    ]
    order = sorted_order(sort_keys(rows, PosterColumn.BOARD), descending=False)
    assert [rows[i].board for i in order] == [9, 9, 10, 100, None]
    assert [rows[i].id for i in order][:2] == [2, 5]  # same board: earlier session first
    descending = sorted_order(sort_keys(rows, PosterColumn.BOARD), descending=True)
    assert [rows[i].board for i in descending][1:] == [100, 10, 9, 9]


def test_text_columns_sort_ignoring_accents_and_case() -> None:
    rows = [make_row(1, "Ölfeld"), make_row(2, "alpha"), make_row(3, "Zeta"), make_row(4, "omega")]
    order = sorted_order(sort_keys(rows, PosterColumn.TITLE), descending=False)
    assert [rows[i].title for i in order] == ["alpha", "Ölfeld", "omega", "Zeta"]


def test_sessions_sort_by_time_then_board() -> None:
    rows = [
        make_row(1, "a", board=2, session=LATE),
        make_row(2, "b", board=5, session=EARLY),
        make_row(3, "c", board=1, session=LATE),
        make_row(4, "d", board=1, session=None),
    ]
    assert [rows[i].id for i in sorted_order(sort_keys(rows, PosterColumn.SESSION), False)] == [
        2,
        3,
        1,
        4,
    ]
    assert sort_key(PosterColumn.AUTHORS)(rows[0]) < sort_key(PosterColumn.AUTHORS)(
        make_row(9, "z", authors=("Bob",))
    )


def test_link_labels_name_openreview_or_the_host() -> None:
    assert make_row(1, "t", url="https://openreview.net/forum?id=x").link_label == "OpenReview"
    assert make_row(1, "t", url="https://www.arxiv.org/abs/1").link_label == "arxiv.org"
