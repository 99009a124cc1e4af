"""Show QR: calendar entries as codes a phone camera adds, drawn crisp at any size."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.phone_qr import PhoneCode, QrCode

MIN_MODULE_PX = 3


def qr_image(code: QrCode, module_px: int = 8) -> QImage:
    """The code as an image: black modules on white, the quiet zone included.

    A QR code must be dark on light whatever the app's colour scheme, or cameras miss it.
    """
    side = code.size * module_px
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(code.modules):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * module_px, y * module_px, module_px, module_px)
    painter.end()
    return image


def qr_pixmap(code: QrCode, module_px: int = 8) -> QPixmap:
    return QPixmap.fromImage(qr_image(code, module_px))


class QrView(QWidget):
    """Paints a QR code as large as fits, on whole device pixels per module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code: QrCode | None = None
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("QR code")

    @property
    def code(self) -> QrCode | None:
        return self._code

    def set_code(self, code: QrCode | None) -> None:
        self._code = code
        self.setAccessibleDescription(
            f"A QR code holding a calendar entry ({code.size} by {code.size} modules)"
            if code
            else "No code"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def module_px(self) -> int:
        if self._code is None:
            return 0
        ratio = self.devicePixelRatioF()
        side = min(self.width(), self.height()) * ratio
        return max(MIN_MODULE_PX, int(side // self._code.size))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._code is None:
            return
        module = self.module_px()
        pixmap = qr_pixmap(self._code, module)
        ratio = self.devicePixelRatioF()
        pixmap.setDevicePixelRatio(ratio)
        logical = round(pixmap.width() / ratio)
        target = QRect(
            (self.width() - logical) // 2, (self.height() - logical) // 2, logical, logical
        )
        painter = QPainter(self)
        painter.drawPixmap(target, pixmap)
        painter.end()


class QrDialog(QDialog):
    """One or more codes: a list to choose from (when several), the code, and what to do."""

    def __init__(
        self,
        title: str,
        codes: Sequence[PhoneCode],
        parent: QWidget | None = None,
        on_save: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("qr-dialog")
        self._codes = list(codes)

        self.view = QrView(self)
        self.caption = QLabel(self)
        self.caption.setObjectName("qr-caption")
        self.caption.setWordWrap(True)
        font = self.caption.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.caption.setFont(font)
        self.note = QLabel(self)
        self.note.setObjectName("qr-note")
        self.note.setWordWrap(True)

        self.choices = QListWidget(self)
        self.choices.setObjectName("qr-choices")
        self.choices.setAccessibleName("Codes to show")
        for phone_code in self._codes:
            item = QListWidgetItem(phone_code.label, self.choices)
            item.setToolTip(phone_code.label)
        self.choices.setVisible(len(self._codes) > 1)
        self.choices.setSpacing(3)
        self.choices.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices.setMinimumWidth(260)
        self.choices.currentRowChanged.connect(self._show)

        right = QVBoxLayout()
        right.addWidget(self.caption)
        right.addWidget(self.view, 1)
        right.addWidget(self.note)
        body = QHBoxLayout()
        body.addWidget(self.choices, 2)
        body.addLayout(right, 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.save_button: QPushButton | None = None
        self._on_save: Callable[[], None] | None = None
        if on_save is not None:  # the file route, for agendas too large for one code
            self.save_button = buttons.addButton(
                "Save as .ics file…", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.save_button.setToolTip("Save a calendar file to open on the phone")
            self._on_save = on_save
            self.save_button.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(820 if len(self._codes) > 1 else 520, 620)
        if self._codes:
            self.choices.setCurrentRow(0)
            self._show(0)
        (self.choices if len(self._codes) > 1 else buttons).setFocus()

    def _save(self) -> None:
        self.accept()
        if self._on_save is not None:
            self._on_save()

    def current(self) -> PhoneCode | None:
        row = self.choices.currentRow()
        return self._codes[row] if 0 <= row < len(self._codes) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._codes):
            return
        chosen = self._codes[row]
        self.caption.setText(chosen.label)
        self.view.set_code(chosen.code)
        self.view.setVisible(chosen.code is not None)
        self.note.setText(chosen.note)


__all__ = ["QrDialog", "QrView", "qr_image", "qr_pixmap"]
