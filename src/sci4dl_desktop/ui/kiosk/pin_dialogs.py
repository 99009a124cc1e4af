"""Dialogs for the staff PIN: the organiser sets it; staff type it to leave the kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.kiosk_pin import (
    MAX_PIN_LENGTH,
    MIN_PIN_LENGTH,
    PinError,
    UnlockGuard,
    check_pin_format,
    has_staff_pin,
    set_staff_pin,
    verify_staff_pin,
)
from sci4dl_desktop.ui.context import AppContext

PIN_RULE = f"{MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits"


def _pin_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
    )
    field.setValidator(QRegularExpressionValidator(rf"[0-9]{{0,{MAX_PIN_LENGTH}}}", field))
    field.setAccessibleName(name)
    field.setMaxLength(MAX_PIN_LENGTH)
    return field


class SetPinDialog(QDialog):
    """Set or change the staff PIN of the open event (stored hashed in the event)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        with context.database.session() as db:
            replacing = has_staff_pin(db)
        self.setWindowTitle(
            "Change the kiosk staff PIN" if replacing else "Set the kiosk staff PIN"
        )
        self.setObjectName("set-pin-dialog")
        intro = QLabel(
            f"Staff type this PIN to leave the attendee kiosk. Use {PIN_RULE}; every desk "
            "that opens this event uses the same PIN. Only a salted hash is stored.",
            self,
        )
        intro.setWordWrap(True)
        self.pin = _pin_field(self, "New PIN")
        self.again = _pin_field(self, "New PIN again")
        self.error = QLabel(self)
        self.error.setObjectName("set-pin-error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("&New PIN:", self.pin)
        form.addRow("&Again:", self.again)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.pin.setFocus()

    def _problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _save(self) -> None:
        pin, again = self.pin.text(), self.again.text()
        try:
            check_pin_format(pin)
        except PinError as exc:
            self._problem(str(exc)[:1].upper() + str(exc)[1:] + ".")
            self.pin.setFocus()
            return
        if pin != again:
            self._problem("The two PINs differ. Type the same PIN twice.")
            self.again.clear()
            self.again.setFocus()
            return
        database = self._context.database

        def work() -> None:
            with database.transaction() as db:
                set_staff_pin(db, pin)

        def done(_result: object) -> None:
            self._context.signals.data_changed.emit("event")
            if isValid(self):
                self.accept()

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._problem(f"Cannot save the PIN: {exc}")

        self.buttons.setEnabled(False)
        self._context.tasks.run(work, done, failed)


class UnlockDialog(QDialog):
    """Asks for the staff PIN; accepted only with the right one. Wrong ones lock out a while."""

    def __init__(
        self, context: AppContext, guard: UnlockGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._guard = guard
        self.setWindowTitle("Staff only: leave the kiosk")
        self.setObjectName("unlock-dialog")
        intro = QLabel("Type the staff PIN to leave the attendee kiosk.", self)
        intro.setWordWrap(True)
        self.pin = _pin_field(self, "Staff PIN")
        self.error = QLabel(self)
        self.error.setObjectName("unlock-error")
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("Staff &PIN:", self.pin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Leave kiosk")
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_lock)
        self.pin.setFocus()
        self._update_lock()

    def _update_lock(self) -> None:
        wait = self._guard.seconds_left()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(wait == 0)
        self.pin.setEnabled(wait == 0)
        if wait:
            self.error.setText(f"Too many wrong PINs. Try again in {wait} s.")
            self.error.setVisible(True)
            self._tick.start()
        else:
            self._tick.stop()
            if self.error.text().startswith("Too many"):
                self.error.setVisible(False)
            self.pin.setFocus()

    def _try(self) -> None:
        if self._guard.seconds_left():
            self._update_lock()
            return
        database, pin = self._context.database, self.pin.text()
        self.pin.clear()
        self.buttons.setEnabled(False)

        def check() -> bool:  # scrypt takes tens of milliseconds: off the GUI thread
            with database.session() as db:
                return verify_staff_pin(db, pin)

        def done(matches: bool) -> None:
            if not isValid(self):
                return
            self.buttons.setEnabled(True)
            result = self._guard.attempt(pin, lambda _pin: matches)
            if result.ok:
                self.accept()
                return
            self.error.setText(result.message)
            self.error.setVisible(True)
            self._update_lock()

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self.buttons.setEnabled(True)
                self.error.setText(f"Cannot check the PIN: {exc}")
                self.error.setVisible(True)

        self._context.tasks.run(check, done, failed)


__all__ = ["PIN_RULE", "SetPinDialog", "UnlockDialog"]
