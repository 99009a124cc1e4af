"""The chair's timer settings: when each kind of session wraps up, its final minute, Q&A.

The thresholds are event settings (every desk of the event shares them); the page
stores them through its task runner when the chair presses Save.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.timer import DEFAULT_THRESHOLDS, Thresholds, TimerError
from sci4dl_desktop.store.enums import SessionKind

COLUMNS = (
    ("wrap_up", "Wrap up at", "minutes left when the speaker should wrap up (0: never)"),
    ("final", "Final minute at", "minutes left when the final-minute warning starts"),
    ("questions", "Q&A segment", "minutes at the end of the slot kept for questions (0: none)"),
)


def plural(kind: SessionKind) -> str:
    label = kind.label.lower()
    return label if label.endswith("s") else f"{label}s"


class ThresholdsDialog(QDialog):
    """A row per session kind, three times per row, in minutes (half minutes allowed)."""

    def __init__(
        self, thresholds: Mapping[SessionKind, Thresholds], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Timer settings")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "When the speaker display changes colour and word, in minutes before the end of "
            "the talk. These settings are shared by every desk of the event."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Session kind</b>"), 0, 0)
        for column, (_, title, _) in enumerate(COLUMNS, start=1):
            grid.addWidget(QLabel(f"<b>{html.escape(title)}</b>"), 0, column)
        self.spins: dict[tuple[SessionKind, str], QDoubleSpinBox] = {}
        for row, kind in enumerate(SessionKind, start=1):
            grid.addWidget(QLabel(kind.label), row, 0)
            values = thresholds.get(kind, DEFAULT_THRESHOLDS[kind]).to_json()
            for column, (field, title, help_text) in enumerate(COLUMNS, start=1):
                spin = QDoubleSpinBox()
                spin.setDecimals(1)
                spin.setSingleStep(0.5)
                spin.setRange(0.0, 120.0)
                spin.setSuffix(" min")
                spin.setValue(values[field] / 60)
                spin.setAccessibleName(f"{title} for {plural(kind)}")
                spin.setToolTip(help_text.capitalize())
                grid.addWidget(spin, row, column)
                self.spins[(kind, field)] = spin
        layout.addLayout(grid)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the settings")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        layout.addWidget(self.buttons)

    def spin(self, kind: SessionKind, field: str) -> QDoubleSpinBox:
        return self.spins[(kind, field)]

    def restore_defaults(self) -> None:
        for kind in SessionKind:
            for field, value in DEFAULT_THRESHOLDS[kind].to_json().items():
                self.spins[(kind, field)].setValue(value / 60)
        self.problem.hide()

    def thresholds(self) -> dict[SessionKind, Thresholds]:
        """The values as entered; raises TimerError naming the row that is wrong."""
        result: dict[SessionKind, Thresholds] = {}
        for kind in SessionKind:
            seconds = {f: round(self.spins[(kind, f)].value() * 60) for f, _, _ in COLUMNS}
            thresholds = Thresholds(**seconds)
            if thresholds.wrap_up and thresholds.wrap_up <= thresholds.final:
                raise TimerError(
                    f"{kind.label}: wrap-up ({thresholds.wrap_up / 60:g} min) must come before "
                    f"the final minute ({thresholds.final / 60:g} min), or be 0 to switch it off"
                )
            result[kind] = thresholds
        return result

    def _accept_if_valid(self) -> None:
        try:
            self.thresholds()
        except TimerError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()


__all__ = ["ThresholdsDialog"]
