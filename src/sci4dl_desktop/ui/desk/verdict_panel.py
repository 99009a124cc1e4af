"""The big verdict on the desk page: colour, icon and words, readable from across the desk.

Green, amber and red are never the only signal: each state has its own icon shape
(a tick in a circle, an exclamation mark in a triangle, a cross in an octagon) and a
headline. Text uses the palette's text colour on a tint of the state colour chosen
for the palette's lightness, so it reads in light and dark mode alike.
"""

from __future__ import annotations

import math
from datetime import tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.verdict import Verdict, VerdictState

IDLE = "idle"
PROBLEM = "problem"
GREEN_FADE_MS = 12_000  # a green verdict gives way to "Ready" so it is not mistaken for the next

# state -> (strong colour on light, strong colour on dark, tint on light, tint on dark)
_COLOURS: dict[str, tuple[str, str, str, str]] = {
    VerdictState.ADMITTED: ("#1e7b34", "#4cc46b", "#ddf3e2", "#16341f"),
    VerdictState.ALREADY: ("#9a5b00", "#f2b233", "#fdf0d2", "#3b2d0d"),
    VerdictState.REFUSED: ("#b71c1c", "#ff6b63", "#fbdddc", "#431717"),
    PROBLEM: ("#b71c1c", "#ff6b63", "#fbdddc", "#431717"),
    IDLE: ("#5c6370", "#9aa0a9", "", ""),
}
_STATE_WORDS = {
    VerdictState.ADMITTED: "ADMITTED",
    VerdictState.ALREADY: "ALREADY IN",
    VerdictState.REFUSED: "REFUSED",
    PROBLEM: "NOT RECORDED",
    IDLE: "READY",
}


def state_colours(state: str, palette: QPalette) -> tuple[QColor, QColor | None]:
    """The strong (icon, border) colour and the background tint of a state for a palette."""
    dark = palette.color(QPalette.ColorRole.WindowText).lightnessF() > 0.5  # light text: dark UI
    strong_light, strong_dark, tint_light, tint_dark = _COLOURS[state]
    tint = tint_dark if dark else tint_light
    return QColor(strong_dark if dark else strong_light), QColor(tint) if tint else None


class VerdictIcon(QWidget):
    """A tick, an exclamation mark, a cross or a scanner frame, drawn at any size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = IDLE
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_state(self, state: str) -> None:
        self._state = state
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        strong, _ = state_colours(self._state, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        box.adjust(side * 0.04, side * 0.04, -side * 0.04, -side * 0.04)
        centre, r = box.center(), box.width() / 2
        # the glyph takes the palette's base colour: white on light, near-black on dark
        on_strong = QPen(self.palette().color(QPalette.ColorRole.Base), side * 0.1)
        on_strong.setCapStyle(Qt.PenCapStyle.RoundCap)
        on_strong.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if self._state == VerdictState.ADMITTED:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(strong)
            painter.drawEllipse(box)
            painter.setPen(on_strong)
            tick = QPainterPath(QPointF(centre.x() - r * 0.45, centre.y() + r * 0.02))
            tick.lineTo(centre.x() - r * 0.12, centre.y() + r * 0.35)
            tick.lineTo(centre.x() + r * 0.48, centre.y() - r * 0.32)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        elif self._state == VerdictState.ALREADY:
            triangle = QPainterPath(QPointF(centre.x(), box.top() + r * 0.1))
            triangle.lineTo(box.right(), box.bottom() - r * 0.15)
            triangle.lineTo(box.left(), box.bottom() - r * 0.15)
            triangle.closeSubpath()
            outline = QPen(strong, side * 0.06)
            outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(outline)
            painter.setBrush(strong)
            painter.drawPath(triangle)
            painter.setPen(on_strong)
            painter.drawLine(
                QPointF(centre.x(), centre.y() - r * 0.3),
                QPointF(centre.x(), centre.y() + r * 0.22),
            )
            painter.drawPoint(QPointF(centre.x(), centre.y() + r * 0.52))
        elif self._state in (VerdictState.REFUSED, PROBLEM):
            octagon = QPainterPath()
            for i in range(8):
                angle = math.radians(22.5 + 45 * i)
                point = QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))
                if i == 0:
                    octagon.moveTo(point)
                else:
                    octagon.lineTo(point)
            octagon.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(strong)
            painter.drawPath(octagon)
            painter.setPen(on_strong)
            d = r * 0.36
            x, y = centre.x(), centre.y()
            painter.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
            painter.drawLine(QPointF(x + d, y - d), QPointF(x - d, y + d))
        else:  # ready: a scanner's viewfinder corners around a small QR-like square
            pen = QPen(strong, side * 0.06)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            k = r * 0.45
            for sx in (-1, 1):
                for sy in (-1, 1):
                    corner = QPointF(centre.x() + sx * r * 0.85, centre.y() + sy * r * 0.85)
                    painter.drawLine(corner, QPointF(corner.x() - sx * k, corner.y()))
                    painter.drawLine(corner, QPointF(corner.x(), corner.y() - sy * k))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(strong)
            cell = r * 0.22
            for cx, cy in ((-1, -1), (1, -1), (-1, 1), (0.2, 0.2), (1, 1)):
                x = centre.x() + cx * cell * 1.4 - cell / 2
                y = centre.y() + cy * cell * 1.4 - cell / 2
                painter.drawRect(QRectF(x, y, cell, cell))
        painter.end()


def _scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


class VerdictPanel(QFrame):
    """Shows the latest verdict; `re_entry_requested` fires from the amber state's button."""

    re_entry_requested = Signal()
    undo_requested = Signal(int)  # attendee id of the green verdict shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk-verdict")
        self.setAccessibleName("Check-in verdict")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(220)
        self.state = IDLE
        self.verdict: Verdict | None = None
        self._zone: tzinfo | None = None
        self._last_green = ""
        self._styling = False
        self._sizes: dict[QLabel, tuple[float, bool]] = {}

        self.icon = VerdictIcon(self)
        self.state_word = self._label("verdict-state", 1.35, bold=True)
        self.headline = self._label("verdict-headline", 3.3, bold=True)
        self.subline = self._label("verdict-subline", 1.9)
        self.notes = self._label("verdict-notes", 1.55)
        self.footer = self._label("verdict-footer", 1.0)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.re_entry_button = QPushButton("Record &re-entry  (R or Enter)", self)
        self.re_entry_button.setObjectName("verdict-re-entry")
        self.re_entry_button.setAccessibleName("Record a re-entry for this attendee")
        self.re_entry_button.setFont(_scaled_font(self.font(), 1.25, bold=True))
        self.re_entry_button.clicked.connect(self.re_entry_requested)
        self.undo_button = QPushButton("&Undo this check-in…", self)
        self.undo_button.setObjectName("verdict-undo")
        self.undo_button.setAccessibleName("Undo this check-in")
        self.undo_button.clicked.connect(self._undo_clicked)

        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(self.state_word)
        text.addWidget(self.headline)
        text.addWidget(self.subline)
        text.addSpacing(6)
        text.addWidget(self.notes)
        text.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.re_entry_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        text.addLayout(buttons)
        text.addWidget(self.footer)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 20, 28, 16)
        row.setSpacing(28)
        self._scale = 0.0
        self._apply_scale(1.0)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self._fade_green)
        self.show_idle()

    def _label(self, name: str, factor: float, *, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        self._sizes[label] = (factor, bold)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _apply_scale(self, scale: float) -> None:
        """Set the text sizes for a panel `scale` times the size of one at 1366x768, so the
        verdict stays readable from across the desk on a big screen too."""
        if abs(scale - self._scale) < 0.05:
            return
        self._scale = scale
        base = self.font()
        for label, (factor, bold) in self._sizes.items():
            label.setFont(_scaled_font(base, factor * scale, bold=bold))
        # the icon is as tall as the state word, headline and subline together
        side = round(QFontMetrics(self.headline.font()).height() * 2.9)
        self.icon.setFixedSize(side, side)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        scale = max(1.0, min(size.height() / 400, size.width() / 1340, 2.5))
        self._apply_scale(round(scale * 10) / 10)

    def set_zone(self, zone: tzinfo) -> None:
        self._zone = zone

    # -- states ----------------------------------------------------------------------------

    def show_idle(self, hint: str = "") -> None:
        self._fade.stop()
        self.verdict = None
        self._apply(IDLE)
        self.headline.setText("Ready: scan a badge")
        self.subline.show()
        self.subline.setText(
            hint or "No badge? Search by name, email, affiliation or badge number below (Ctrl+F)."
        )
        self.notes.setText(f"Last: {self._last_green}" if self._last_green else "")
        self.footer.setText("")
        self.re_entry_button.hide()
        self.undo_button.hide()

    def show_verdict(self, verdict: Verdict, *, re_entry_offered: bool = True) -> None:
        self._fade.stop()
        self.verdict = verdict
        self._apply(verdict.state)
        self.headline.setText(verdict.headline)
        parts = []
        if verdict.state is VerdictState.ALREADY and verdict.name:
            parts.append(verdict.name)
        if verdict.category_label:
            parts.append(verdict.category_label.upper())
        if verdict.affiliation:
            parts.append(verdict.affiliation)
        if verdict.state is VerdictState.REFUSED and verdict.name:
            parts.insert(0, verdict.name)
        self.subline.setText("  ·  ".join(parts))
        self.subline.setVisible(bool(parts))
        self.notes.setText(
            "".join(f"<p style='margin:0 0 4px 0'>▸ {_escape(note)}</p>" for note in verdict.notes)
        )
        when = verdict.at.astimezone(self._zone).strftime("%H:%M:%S") if self._zone else ""
        detail = f" — {verdict.detail}" if verdict.detail and verdict.reason else ""
        self.footer.setText(f"{when} at {verdict.desk}{detail}")
        self.re_entry_button.setVisible(verdict.state is VerdictState.ALREADY and re_entry_offered)
        self.undo_button.setVisible(verdict.state is VerdictState.ADMITTED)
        if verdict.state is VerdictState.ADMITTED:
            self._last_green = f"{verdict.headline} ({when})"
            self._fade.start(GREEN_FADE_MS)

    def show_problem(self, headline: str, detail: str) -> None:
        self._fade.stop()
        self.verdict = None
        self._apply(PROBLEM)
        self.headline.setText(headline)
        self.subline.show()
        self.subline.setText(detail)
        self.notes.setText("")
        self.footer.setText("")
        self.re_entry_button.hide()
        self.undo_button.hide()

    def hide_re_entry(self) -> None:
        self.re_entry_button.hide()

    def _fade_green(self) -> None:
        if self.state == VerdictState.ADMITTED:
            self.show_idle()

    def _undo_clicked(self) -> None:
        if self.verdict is not None and self.verdict.attendee_id is not None:
            self.undo_requested.emit(self.verdict.attendee_id)

    def _apply(self, state: str) -> None:
        self.state = state
        self.icon.set_state(state)
        self.state_word.setText(_STATE_WORDS[state])
        self.setAccessibleDescription(_STATE_WORDS[state])
        self._repaint_colours()

    def _repaint_colours(self) -> None:
        palette = self.palette()
        strong, tint = state_colours(self.state, palette)
        background = tint or palette.color(QPalette.ColorRole.Base)
        self._styling = True
        try:
            self.state_word.setStyleSheet(f"color: {strong.name()}; letter-spacing: 2px;")
            self.setStyleSheet(
                f"QFrame#desk-verdict {{ background-color: {background.name()};"
                f" border-left: 16px solid {strong.name()}; }}"
            )
        finally:
            self._styling = False
        self.icon.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._styling:
            self._repaint_colours()  # the app switched between light and dark


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["GREEN_FADE_MS", "IDLE", "PROBLEM", "VerdictIcon", "VerdictPanel", "state_colours"]
