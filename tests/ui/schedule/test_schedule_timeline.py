"""The timeline's geometry, text fitting, colours and painting, in light and dark."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPalette
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.schedule import (
    NO_ROOM,
    Program,
    SessionView,
    load_program,
    now_and_next,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.schedule.colors import (
    accent,
    block_fill,
    block_text,
    contrast_ratio,
    now_color,
    on_color,
)
from sci4dl_desktop.ui.schedule.timeline import TimelineCanvas
from sci4dl_desktop.ui.schedule.timeline_layout import Direction, Metrics, TimelineLayout
from sci4dl_desktop.ui.schedule.timeline_paint import fitting, time_variants, wrap
from sci4dl_desktop.ui.theme import make_palette

VIENNA = ZoneInfo("Europe/Vienna")
METRICS = Metrics(line=20.0, em=10.0, ruler_width=60.0)


@pytest.fixture
def program(demo_db: Database) -> Program:
    with demo_db.session() as session:
        return load_program(session)


def session(
    sid: int, start: datetime, minutes: int, room: int | None = 1, title: str = "Talk"
) -> SessionView:
    return SessionView(
        id=sid,
        uid=f"s{sid}",
        title=title,
        subtitle="",
        kind=SessionKind.INVITED_TALK,
        start=start,
        end=start + timedelta(minutes=minutes),
        room_id=room,
        room_name=f"Room {room}" if room is not None else NO_ROOM,
        room_position=room if room is not None else 99,
    )


# -- colours ------------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_kind_colours_read_on_both_palettes(qapp: object, dark: bool) -> None:
    palette = make_palette(dark)
    base = palette.color(QPalette.ColorRole.Base)
    for kind in SessionKind:
        # Text on a block: WCAG AA for body text.
        assert contrast_ratio(block_text(palette), block_fill(kind, palette)) >= 4.5, kind
        # The stripe and swatch: WCAG's 3:1 for graphical objects.
        assert contrast_ratio(accent(kind, palette), base) >= 3.0, kind
    assert contrast_ratio(now_color(palette), base) >= 3.0
    assert contrast_ratio(on_color(now_color(palette)), now_color(palette)) >= 4.5
    fills = {block_fill(kind, palette).name() for kind in SessionKind}
    assert len(fills) == len(SessionKind)  # every kind looks different


# -- layout -------------------------------------------------------------------------------


def test_every_demo_block_has_room_for_title_and_time(program: Program) -> None:
    for width, height in ((700, 400), (1200, 700), (3000, 1900)):
        layout = TimelineLayout(program.sessions, program.zone, METRICS, width, height)
        assert len(layout.blocks) == 16
        assert [c.name for c in layout.columns] == ["Main hall", "Poster hall", "Foyer"]
        for block in layout.blocks:
            assert block.rect.height() >= 2 * METRICS.line, block.session.title
            column = layout.columns[block.column]
            assert column.x <= block.rect.left() and block.rect.right() <= column.x + column.width
        # The 15-minute talks set the scale; the day grows taller rather than cramming them.
        assert layout.height >= height


def test_time_maps_to_height_in_elapsed_minutes(program: Program) -> None:
    layout = TimelineLayout(program.sessions, program.zone, METRICS, 1000, 600)
    start = program.sessions[0].start
    assert layout.y_of(start + timedelta(hours=2)) - layout.y_of(start) == pytest.approx(
        120 * layout.px_per_minute
    )
    labels = [label for _, label in layout.hour_marks()]
    assert labels[0] == "09:00" and labels[-1] == "18:00"


def test_overlapping_sessions_in_one_room_share_the_column() -> None:
    nine = datetime(2026, 6, 10, 9, 0, tzinfo=VIENNA)
    sessions = [
        session(1, nine, 60),
        session(2, nine + timedelta(minutes=30), 60),
        session(3, nine + timedelta(minutes=120), 30),
        session(4, nine, 30, room=2),
    ]
    layout = TimelineLayout(sessions, VIENNA, METRICS, 900, 600)
    first, second, third = (layout.block(i) for i in (1, 2, 3))
    assert first is not None and second is not None and third is not None
    assert not first.rect.intersects(second.rect)
    assert first.rect.width() == pytest.approx(second.rect.width())
    assert first.rect.width() < third.rect.width() / 1.9  # the later one has the room alone
    assert first.column == second.column == third.column


def test_dst_day_is_drawn_in_real_time() -> None:
    # Vienna, 29 March 2026: the 02:00 hour does not exist.
    start = datetime(2026, 3, 29, 1, 30, tzinfo=VIENNA)
    night = replace(session(1, start, 60), end=datetime(2026, 3, 29, 3, 30, tzinfo=VIENNA))
    layout = TimelineLayout([night], VIENNA, METRICS, 900, 100)
    block = layout.block(1)
    assert block is not None
    assert block.rect.height() == pytest.approx(60 * layout.px_per_minute - 2)
    assert [label for _, label in layout.hour_marks()] == ["01:00", "03:00", "04:00"]


def test_arrow_neighbours_and_tab_order(program: Program) -> None:
    layout = TimelineLayout(program.sessions, program.zone, METRICS, 1000, 600)
    by_title = {s.title: s.id for s in program.sessions if s.title != "Coffee break"}
    panel, award = by_title["Panel discussion"], by_title["Novel Phenomenon Challenge winners"]
    assert layout.neighbour(panel, Direction.DOWN) == award
    assert layout.neighbour(award, Direction.UP) == panel
    assert layout.neighbour(award, Direction.RIGHT) == by_title["Poster session 2"]
    afternoon_coffee = next(
        s.id for s in program.sessions if s.title == "Coffee break" and s.start.hour == 18
    )  # 15:00 in São Paulo is 18:00 UTC
    # To the Foyer: the session nearest in time, then nothing further right.
    assert layout.neighbour(by_title["Poster session 2"], Direction.RIGHT) == afternoon_coffee
    assert layout.neighbour(afternoon_coffee, Direction.RIGHT) is None
    assert layout.neighbour(by_title["Invited talk 1"], Direction.LEFT) is None
    order = []
    current = layout.step(None, True)
    while current is not None:
        order.append(current)
        current = layout.step(current, True)
    assert order == [s.id for s in program.sessions]  # Tab follows time
    assert layout.step(order[0], False) is None


# -- text fitting ---------------------------------------------------------------------------


def test_wrap_and_fit_never_overflow(qapp: object) -> None:
    metrics = QFontMetricsF(QFont())
    title = "Novel Phenomenon Challenge winners announced with a very long explanation"
    for width in (60.0, 120.0, 240.0):
        lines = wrap(title, metrics, width - 30, width, 3)
        assert 1 <= len(lines) <= 3
        assert metrics.horizontalAdvance(lines[0]) <= width - 30 + 0.5
        assert all(metrics.horizontalAdvance(line) <= width + 0.5 for line in lines)
    assert wrap("Short", metrics, 500, 500, 2) == ["Short"]
    talk = session(1, datetime(2026, 4, 26, 11, 0, tzinfo=VIENNA), 15)
    projected = (talk.start + timedelta(minutes=7), talk.end + timedelta(minutes=7))
    variants = time_variants(talk, VIENNA, projected)
    assert variants[0] == "11:00–11:15 → 11:07 (+7 min) · Invited talk"
    assert fitting(variants, metrics, 10_000) == variants[0]
    narrow = fitting(variants, metrics, metrics.horizontalAdvance(variants[2]) + 1)
    assert narrow == "11:00 → 11:07 (+7 min)"


# -- painting -------------------------------------------------------------------------------


def render(canvas: TimelineCanvas, ratio: float) -> QImage:
    size = canvas.size()
    image = QImage(
        QSize(round(size.width() * ratio), round(size.height() * ratio)),
        QImage.Format.Format_ARGB32,
    )
    image.setDevicePixelRatio(ratio)
    canvas.render(image)
    return image


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 3


def on_line(image: QImage, x: float, y: float, color: QColor) -> bool:
    """A horizontal line of `color` crosses (x, y), allowing for its antialiased edge."""
    return any(close(image.pixelColor(round(x), int(y) + dy), color) for dy in (-1, 0, 1))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("ratio", [1.0, 2.0], ids=["1x", "2x"])
def test_blocks_are_painted_in_their_kind_colour_with_text(
    qtbot: QtBot, program: Program, dark: bool, ratio: float
) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.setPalette(make_palette(dark))
    canvas.resize(900, 1600)
    canvas.set_sessions(program.sessions, program.zone)
    image = render(canvas, ratio)
    assert image.width() == round(900 * ratio)
    palette = canvas.palette()
    posters = next(s for s in program.sessions if s.title == "Poster session 1")
    rect = canvas.block_rect(posters.id)
    assert rect is not None
    # Empty lower part of the block: exactly the kind's fill.
    spot = QPointF(rect.right() - 12, rect.bottom() - 8) * ratio
    assert close(image.pixelColor(spot.toPoint()), block_fill(posters.kind, palette))
    # The title row has text in the palette's text colour painted over the fill.
    ink = block_text(palette)
    y = round((rect.top() + 12) * ratio)
    left, right = round((rect.left() + 8) * ratio), round((rect.left() + 120) * ratio)
    row = [image.pixelColor(x, y) for x in range(left, right)]
    assert any(contrast_ratio(pixel, ink) < 2.0 for pixel in row)
    # The ruler and background follow the palette too.
    background = image.pixelColor(round(880 * ratio), round(5 * ratio))
    assert close(background, palette.color(QPalette.ColorRole.Base))


def test_now_line_is_painted_under_the_blocks(qtbot: QtBot, program: Program) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.setPalette(make_palette(False))
    canvas.resize(900, 1600)
    canvas.set_sessions(program.sessions, program.zone)
    now = datetime(2026, 4, 26, 10, 35, tzinfo=ZoneInfo("America/Sao_Paulo"))
    canvas.set_live(now, now_and_next(program.sessions, now))
    y = canvas.now_y()
    assert y is not None
    image = render(canvas, 1.0)
    red = now_color(canvas.palette())
    # Across the empty Poster hall column the line shows ...
    layout = canvas.timeline_layout()
    poster_hall = layout.columns[1]
    assert on_line(image, poster_hall.x + 40, y, red)
    # ... and it starts in the ruler, where the time is written on it.
    assert on_line(image, layout.metrics.ruler_width - 2, y, red)
    # ... but not over the running break's block, which keeps its fill.
    coffee = layout.block(canvas.session_ids()[3])
    assert coffee is not None
    assert not on_line(image, coffee.rect.right() - 20, y, red)
    assert canvas.describe(canvas.session_ids()[3]).startswith("Now, Coffee break")
