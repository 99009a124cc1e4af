"""Starred sessions on the Schedule timeline: a star on the block, said in its description."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPaintEvent
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.agenda import Target, toggle_star
from sci4dl_desktop.domain.schedule import SessionView
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.agenda.owner import current_owner
from sci4dl_desktop.ui.agenda.page import AgendaPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.schedule.colors import block_text, contrast_ratio
from sci4dl_desktop.ui.schedule.page import SchedulePage
from sci4dl_desktop.ui.schedule.timeline import TimelineCanvas
from sci4dl_desktop.ui.schedule.timeline_paint import Fonts, star_room, star_side, text_rows
from sci4dl_desktop.ui.theme import make_palette

GOLD = QColor("#f2b705")  # the fill of the star-filled icon, as in the lists


def shown(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # shortcuts work in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def agenda_titles(agenda: AgendaPage) -> list[str]:
    return [agenda.model.index(r, 1).data() for r in range(agenda.model.rowCount())]


def gold_pixels(canvas: TimelineCanvas, rect: QRect) -> int:
    image = canvas.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - GOLD.red()) < 40
                and abs(pixel.green() - GOLD.green()) < 40
                and abs(pixel.blue() - GOLD.blue()) < 60
            ):
                count += 1
    return count


def block_with_title(canvas: TimelineCanvas, title: str) -> int:
    for session_id in canvas.session_ids():
        block = canvas.timeline_layout().block(session_id)
        if block is not None and block.session.title == title:
            return session_id
    raise AssertionError(f"no block {title!r}")


def corner(canvas: TimelineCanvas, session_id: int) -> QRect:
    """The top right corner of a block, where its star goes."""
    rect = canvas.block_rect(session_id)
    assert rect is not None
    side = canvas.fontMetrics().height() * 2
    return QRect(rect.right() - side, rect.top(), side, side)


def test_star_a_block_with_the_keyboard_and_take_it_back(
    qtbot: QtBot, app_context: AppContext
) -> None:
    schedule = SchedulePage(app_context)
    agenda = AgendaPage(app_context)  # not shown: the schedule keeps the active window
    qtbot.addWidget(agenda)
    shown(schedule, qtbot)
    schedule.set_view("timeline")
    canvas = schedule.timeline.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)  # Invited talk 1
    qtbot.keyClick(canvas, Qt.Key.Key_Down)  # Invited talk 2
    chosen = canvas.selected_session_id()
    assert chosen == block_with_title(canvas, "Invited talk 2")
    schedule.timeline.ensure_visible(chosen)
    assert not canvas.is_starred(chosen)
    assert "Starred" not in canvas.accessibleDescription()
    assert gold_pixels(canvas, corner(canvas, chosen)) == 0

    qtbot.keyClick(canvas, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: agenda_titles(agenda) == ["Invited talk 2"])
    assert canvas.is_starred(chosen)
    assert canvas.starred_session_ids() == [chosen]
    assert canvas.accessibleDescription().startswith("Starred, Invited talk 2,")
    assert "Starred" in canvas.describe(chosen)  # the tooltip says it too
    star = canvas.star_rect(chosen)
    assert star is not None and corner(canvas, chosen).contains(star)
    assert gold_pixels(canvas, star) > star.width()
    # Its neighbour has no star.
    other = block_with_title(canvas, "Invited talk 1")
    assert not canvas.is_starred(other) and "Starred" not in canvas.describe(other)
    assert gold_pixels(canvas, corner(canvas, other)) == 0

    qtbot.keyClick(canvas, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: agenda_titles(agenda) == [])
    assert not canvas.is_starred(chosen) and canvas.starred_session_ids() == []
    assert canvas.star_rect(chosen) is None
    assert "Starred" not in canvas.accessibleDescription()
    assert gold_pixels(canvas, corner(canvas, chosen)) == 0


def test_the_toolbar_star_marks_the_clicked_block(qtbot: QtBot, app_context: AppContext) -> None:
    schedule = SchedulePage(app_context)
    shown(schedule, qtbot)
    schedule.set_view("timeline")
    canvas = schedule.timeline.canvas
    panel = block_with_title(canvas, "Panel discussion")
    schedule.timeline.ensure_visible(panel)
    rect = canvas.block_rect(panel)
    assert rect is not None
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center())
    assert schedule.selected_session_id() == panel
    button = schedule.findChild(QToolButton, "star-session-button")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: canvas.is_starred(panel))
    assert button.text() == "Starred"
    assert "Starred" in canvas.accessibleDescription()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not canvas.is_starred(panel))
    assert button.text() == "Star"


def test_refresh_shows_stars_saved_elsewhere(qtbot: QtBot, app_context: AppContext) -> None:
    schedule = SchedulePage(app_context)
    shown(schedule, qtbot)
    canvas = schedule.timeline.canvas
    coffee = block_with_title(canvas, "Coffee break")
    owner = current_owner(app_context)
    assert owner is not None
    with app_context.database.transaction() as db:  # another window, no signal here
        assert toggle_star(db, owner, Target("session", coffee))
    assert not canvas.is_starred(coffee)
    schedule.refresh()
    assert canvas.is_starred(coffee)
    assert canvas.starred_session_ids() == [coffee]


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.rects.append(event.region().boundingRect())
        return False


def test_starring_repaints_only_the_changed_block(qtbot: QtBot, app_context: AppContext) -> None:
    schedule = SchedulePage(app_context)
    shown(schedule, qtbot)
    canvas = schedule.timeline.canvas
    talk = block_with_title(canvas, "Invited talk 1")
    schedule.timeline.ensure_visible(talk)
    rect = canvas.block_rect(talk)
    assert rect is not None
    spy = PaintSpy()
    canvas.installEventFilter(spy)
    QApplication.processEvents()  # whatever was pending before
    spy.rects.clear()
    canvas.set_starred(frozenset({talk}))
    qtbot.waitUntil(lambda: bool(spy.rects))
    assert all(rect.adjusted(-1, -1, 1, 1).contains(painted) for painted in spy.rects)
    spy.rects.clear()
    canvas.set_starred(frozenset({talk}))  # nothing changed: nothing to paint
    QApplication.processEvents()
    assert spy.rects == []
    canvas.removeEventFilter(spy)


def test_the_title_leaves_room_for_the_star(qtbot: QtBot) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    fonts = Fonts.from_font(canvas.font())
    zone = ZoneInfo("America/Sao_Paulo")
    start = datetime(2026, 4, 26, 9, 0, tzinfo=zone)
    talk = SessionView(
        id=1,
        uid="s1",
        title="A very long invited talk title about scientific deep learning at scale",
        subtitle="",
        kind=SessionKind.INVITED_TALK,
        start=start,
        end=start + timedelta(minutes=60),
        room_id=1,
        room_name="Main hall",
        room_position=1,
    )
    metrics = QFontMetricsF(fonts.title)
    # Just wide enough for the whole title on one line.
    box = QRectF(0, 0, metrics.horizontalAdvance(talk.title) + 2, fonts.line * 4)
    room = star_room(True, fonts)
    assert room >= star_side(fonts)
    plain = text_rows(talk, box, "", None, fonts, zone)
    starred = text_rows(talk, box, "", None, fonts, zone, room)
    assert plain[0].text == talk.title
    assert metrics.horizontalAdvance(starred[0].text) <= box.width() - room
    assert starred[0].text != talk.title and starred[1].title  # wrapped to a second line
    assert f"{starred[0].text} {starred[1].text}" == talk.title


def test_the_star_reads_on_light_and_dark(qtbot: QtBot, app_context: AppContext) -> None:
    schedule = SchedulePage(app_context)
    shown(schedule, qtbot)
    canvas = schedule.timeline.canvas
    talk = block_with_title(canvas, "Invited talk 1")
    canvas.set_starred(frozenset({talk}))
    for dark in (False, True):
        canvas.setPalette(make_palette(dark))
        star = canvas.star_rect(talk)
        assert star is not None
        image = canvas.grab(star).toImage()
        ink = block_text(canvas.palette())
        outline = [
            image.pixelColor(x, y)
            for y in range(image.height())
            for x in range(image.width())
            if contrast_ratio(image.pixelColor(x, y), ink) < 1.5
        ]
        assert len(outline) >= star.width()  # the outline in the text's own colour
        assert gold_pixels(canvas, star) > 0
