"""The Posters page, used the way a person does: typing, clicking headers, arrow keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.posters import PosterColumn
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Event, Poster, PosterAuthor, Session
from sci4dl_desktop.store.setup import create_event
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.posters.model import POSTER_ID_ROLE
from sci4dl_desktop.ui.posters.page import SPLITTER_KEY, PostersPage

LIGATURE_TITLE = "Robust classiﬁcation near the edge of stability"


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> Iterator[PostersPage]:
    widget = PostersPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def shown_titles(page: PostersPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, PosterColumn.TITLE).data() for r in range(proxy.rowCount())]


def shown_boards(page: PostersPage) -> list[int]:
    proxy = page.proxy
    return [int(proxy.index(r, PosterColumn.BOARD).data()) for r in range(proxy.rowCount())]


def type_search(qtbot: QtBot, page: PostersPage, text: str) -> None:
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.search.hasFocus()
    qtbot.keyClicks(page.filters.search, text)


def choose(qtbot: QtBot, combo: QComboBox, steps: int) -> None:
    combo.setFocus()
    for _ in range(steps):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_it_shows_every_demo_poster_with_a_count(page: PostersPage) -> None:
    assert page.filters.count.text() == "150 of 150 posters"
    assert page.proxy.rowCount() == 150
    assert page.table.accessibleName() == "Posters"
    assert page.filters.search.accessibleName() == "Search posters"


def test_typing_without_accents_finds_accented_authors(
    qtbot: QtBot, page: PostersPage, app_context: AppContext
) -> None:
    with app_context.database.session() as session:
        expected = set(
            session.scalars(
                select(PosterAuthor.poster_id).where(PosterAuthor.name.like("%Köhler%"))
            )
        )
    type_search(qtbot, page, "Kohler")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == len(expected))
    assert page.filters.count.text() == f"{len(expected)} of 150 posters"
    author_cells = [
        page.proxy.index(r, PosterColumn.AUTHORS).data() for r in range(page.proxy.rowCount())
    ]
    assert all("Köhler" in cell for cell in author_cells)
    ids = {page.proxy.index(r, 0).data(POSTER_ID_ROLE) for r in range(page.proxy.rowCount())}
    assert ids == expected


def test_a_ligature_title_is_found_by_plain_letters_after_refresh(
    qtbot: QtBot, page: PostersPage, app_context: AppContext
) -> None:
    type_search(qtbot, page, "classification")
    assert page.proxy.rowCount() == 0
    assert page.empty.isVisible() and "No poster matches" in page.empty.text()
    with app_context.database.transaction() as session:
        event_id = session.scalars(select(Event.id)).one()
        second = session.scalars(
            select(Session.id).where(Session.title == "Poster session 2")
        ).one()
        session.add(
            Poster(
                event_id=event_id,
                uid="test:ligature",
                title=LIGATURE_TITLE,
                keywords=["edge of stability"],
                board=99,
                poster_session_id=second,
            )
        )
    page.refresh()
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    assert shown_titles(page) == [LIGATURE_TITLE]
    assert page.filters.count.text() == "1 of 151 posters"
    assert not page.empty.isVisible()


def test_refresh_shows_changed_titles(
    qtbot: QtBot, page: PostersPage, app_context: AppContext
) -> None:
    with app_context.database.transaction() as session:
        poster = session.scalars(select(Poster).where(Poster.board == 1)).first()
        assert poster is not None
        poster.title = "Grokking, renamed"
    assert "Grokking, renamed" not in shown_titles(page)
    page.refresh()
    qtbot.waitUntil(lambda: "Grokking, renamed" in shown_titles(page))


def test_session_and_keyword_filters_narrow_the_count(qtbot: QtBot, page: PostersPage) -> None:
    choose(qtbot, page.filters.session, 1)
    assert page.filters.session.currentText() == "Poster session 1 (11:30–12:30)"
    qtbot.waitUntil(lambda: page.filters.count.text() == "75 of 150 posters")
    choose(qtbot, page.filters.keyword, 1)
    keyword = page.filters.keyword.currentText()
    assert keyword == "diffusion models"
    shown = page.proxy.rowCount()
    assert 0 < shown < 75
    assert page.filters.count.text() == f"{shown} of 150 posters"
    for r in range(shown):
        assert keyword in page.proxy.index(r, PosterColumn.KEYWORDS).data()
        assert page.proxy.index(r, PosterColumn.SESSION).data() == "Poster session 1"
    type_search(qtbot, page, "zzzz-nothing")
    assert page.filters.count.text() == "0 of 150 posters"
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Escape)
    assert page.filters.search.text() == ""
    assert page.proxy.rowCount() == shown


def header_click(qtbot: QtBot, page: PostersPage, column: PosterColumn) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_clicking_the_board_header_sorts_numerically(
    qtbot: QtBot, page: PostersPage, app_context: AppContext
) -> None:
    header_click(qtbot, page, PosterColumn.BOARD)
    boards = shown_boards(page)
    assert boards == sorted(boards)
    assert boards[:4] == [1, 1, 2, 2] and boards[-1] == 75
    assert boards.index(10) > boards.index(9)  # 9 before 10: numbers, not strings
    header_click(qtbot, page, PosterColumn.BOARD)
    assert shown_boards(page)[:2] == [75, 75]
    assert app_context.settings.value("posters/sort_column") in (3, "3")
    # The filter keeps the order: posters let back in take their sorted place.
    type_search(qtbot, page, "kohler")
    narrowed = shown_boards(page)
    assert narrowed == sorted(narrowed, reverse=True)
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Escape)
    assert shown_boards(page) == sorted(boards, reverse=True)


def test_sort_order_is_remembered(qtbot: QtBot, app_context: AppContext) -> None:
    first = PostersPage(app_context)
    qtbot.addWidget(first)
    first.resize(1366, 768)
    first.show()
    qtbot.waitExposed(first)
    header_click(qtbot, first, PosterColumn.TITLE)
    second = PostersPage(app_context)
    qtbot.addWidget(second)
    titles = shown_titles(second)
    assert second.model.sort_column is PosterColumn.TITLE
    assert titles[0] < titles[-1]


def test_enter_and_arrow_keys_walk_the_results_and_update_the_detail(
    qtbot: QtBot, page: PostersPage
) -> None:
    type_search(qtbot, page, "loss landscapes")
    titles = shown_titles(page)
    assert len(titles) > 2
    assert page.selected_poster_id() is None
    with qtbot.waitSignal(page.poster_selected) as first:
        qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)
    assert page.table.hasFocus()
    assert page.selected_poster_id() == first.args[0]
    assert titles[0] in page.detail.toPlainText()
    with qtbot.waitSignal(page.poster_selected) as second:
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert second.args[0] != first.args[0]
    assert page.selected_poster_id() == second.args[0]
    detail = page.detail.toPlainText()
    assert titles[1] in detail and "Abstract" in detail and "Board " in detail
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    assert titles[0] in page.detail.toPlainText()


def test_the_detail_follows_the_filter(qtbot: QtBot, page: PostersPage) -> None:
    type_search(qtbot, page, "kohler")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)
    chosen = page.selected_poster_id()
    assert chosen is not None and page.detail.poster_id == chosen
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Escape)  # 150 rows back, one relayout
    assert page.proxy.rowCount() == 150
    assert page.selected_poster_id() == chosen and page.detail.poster_id == chosen
    qtbot.keyClicks(page.filters.search, "zzz-nothing")  # hides it
    assert page.selected_poster_id() is None
    assert page.detail.poster_id is None
    assert "Select a poster" in page.detail.toPlainText()


def test_the_detail_pane_says_everything_in_words(qtbot: QtBot, page: PostersPage) -> None:
    catalog = page.catalog
    assert catalog is not None
    talk = next(r for r in catalog.rows if r.talk is not None)
    remote = next(r for r in catalog.rows if r.presented_remotely)
    challenge = next(r for r in catalog.rows if r.challenge_entry)
    assert page.select_poster(talk.id)
    text = page.detail.toPlainText()
    for author in talk.authors:
        assert author.name in text and author.affiliation in text
    names = [a.name for a in talk.authors]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert f"Board {talk.board}" in text
    assert "Also given as a contributed talk: Contributed talk" in text
    assert "OpenReview:" in text and talk.url in text
    assert page.select_poster(remote.id)
    assert "Presented remotely (slides shown)" in page.detail.toPlainText()
    assert page.select_poster(challenge.id)
    assert "Novel Phenomenon Challenge entry" in page.detail.toPlainText()


def test_select_poster_clears_filters_that_hide_it(qtbot: QtBot, page: PostersPage) -> None:
    type_search(qtbot, page, "kohler")
    catalog = page.catalog
    assert catalog is not None
    hidden = next(r for r in catalog.rows if "kohler" not in r.haystack)
    assert page.select_poster(hidden.id)
    assert page.filters.search.text() == ""
    assert page.selected_poster_id() == hidden.id
    assert not page.select_poster(-1)


def test_refresh_keeps_the_selected_poster(qtbot: QtBot, page: PostersPage) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.selected_poster_id()
    assert chosen is not None
    page.refresh()
    assert page.selected_poster_id() == chosen
    assert page.detail.poster_id == chosen


def test_splitter_sizes_are_remembered(
    qtbot: QtBot, page: PostersPage, app_context: AppContext
) -> None:
    page.splitter.moveSplitter(500, 1)
    assert app_context.settings.value(SPLITTER_KEY) is not None
    moved = page.splitter.sizes()
    again = PostersPage(app_context)
    qtbot.addWidget(again)
    again.resize(page.size())
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes() == moved


def test_kiosk_detail_shows_links_as_plain_text(qtbot: QtBot, app_context: AppContext) -> None:
    app_context.kiosk = True
    kiosk_page = PostersPage(app_context)
    qtbot.addWidget(kiosk_page)
    catalog = kiosk_page.catalog
    assert catalog is not None
    kiosk_page.select_poster(catalog.rows[0].id)
    assert catalog.rows[0].url in kiosk_page.detail.toPlainText()
    assert "<a " not in kiosk_page.detail.toHtml()
    assert not kiosk_page.detail.openExternalLinks()


def context_on(app_context: AppContext, database: Database) -> AppContext:
    return AppContext(
        database=database,
        clock=app_context.clock,
        settings=app_context.settings,
        tasks=app_context.tasks,
    )


def test_an_event_without_posters_says_so(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "no-posters.sci4dl")
    with database.transaction() as session:
        create_event(
            session, title="Small", acronym="S", timezone="UTC", first_day=date(2026, 5, 1)
        )
    try:
        empty = PostersPage(context_on(app_context, database))
        qtbot.addWidget(empty)
        assert empty.filters.count.text() == "0 of 0 posters"
        assert "This event has no posters yet" in empty.detail.toPlainText()
        assert not empty.empty.isVisible()
        assert empty.filters.session.count() == 1 and empty.filters.keyword.count() == 1
    finally:
        database.close()


def test_a_file_without_an_event_shows_why(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "blank.sci4dl")
    try:
        blank = PostersPage(context_on(app_context, database))
        qtbot.addWidget(blank)
        assert not blank.status.isHidden()
        assert blank.status.text().startswith("Cannot read the posters:")
        assert "no event yet" in blank.status.text()
    finally:
        database.close()


def test_beside_the_sidebar_of_a_laptop_screen_the_table_gets_the_room(
    qtbot: QtBot, page: PostersPage
) -> None:
    page.resize(1100, 700)  # the page's part of a 1366x768 window
    table = page.table
    qtbot.waitUntil(lambda: table.viewport().width() < 900)
    table_width, detail_width = page.splitter.sizes()
    assert table_width >= 2 * detail_width
    header = table.horizontalHeader()
    widths = [header.sectionSize(column) for column in PosterColumn]
    assert sum(widths) <= table.viewport().width()  # no column behind a scroll bar
    assert header.sectionSize(PosterColumn.TITLE) == max(widths)
    search = page.filters.search
    hint = search.placeholderText()
    assert search.fontMetrics().horizontalAdvance(hint) < search.width() - 24  # not cut off


def test_text_columns_grow_on_a_large_screen(qtbot: QtBot, page: PostersPage) -> None:
    header = page.table.horizontalHeader()
    page.resize(1100, 700)
    qtbot.waitUntil(lambda: page.table.viewport().width() < 900)
    before = {c: header.sectionSize(c) for c in PosterColumn}
    page.resize(1900, 1000)
    qtbot.waitUntil(lambda: header.sectionSize(PosterColumn.AUTHORS) > before[PosterColumn.AUTHORS])
    for column in (PosterColumn.TITLE, PosterColumn.AUTHORS, PosterColumn.KEYWORDS):
        assert header.sectionSize(column) > before[column] * 1.3
    assert header.sectionSize(PosterColumn.BOARD) == before[PosterColumn.BOARD]
