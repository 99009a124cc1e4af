"""Planning settings: fairness, meetings per mentee, places, and which breaks are used."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.matching import Options
from sci4dl_desktop.domain.pairing_plan import BreakInfo, PlanSettings
from sci4dl_desktop.domain.places import PlaceSettings


class PlanSettingsDialog(QDialog):
    def __init__(
        self,
        settings: PlanSettings,
        breaks: list[BreakInfo],
        used: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mentorship planning settings")
        self.setObjectName("pairings-settings")
        # Room for the labels and a named spot or two, at any font size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        self.fairness = QDoubleSpinBox(self)
        self.fairness.setObjectName("settings-fairness")
        self.fairness.setAccessibleName("Fairness: extra cost of each further meeting of a mentor")
        self.fairness.setRange(0.0, 5.0)
        self.fairness.setSingleStep(0.05)
        self.fairness.setDecimals(2)
        self.fairness.setValue(settings.options.fairness)
        self.fairness.setToolTip(
            "How much each further meeting of one mentor costs, next to one shared interest "
            "(which counts 1). Higher spreads the meetings more evenly."
        )
        self.meetings = QSpinBox(self)
        self.meetings.setObjectName("settings-meetings")
        self.meetings.setAccessibleName("Meetings per mentee at most")
        self.meetings.setRange(1, 10)
        self.meetings.setValue(settings.options.meetings_per_mentee)
        self.tables = QSpinBox(self)
        self.tables.setObjectName("settings-tables")
        self.tables.setAccessibleName("Numbered tables")
        self.tables.setRange(0, 500)
        self.tables.setValue(settings.places.tables)
        self.per_place = QSpinBox(self)
        self.per_place.setObjectName("settings-per-place")
        self.per_place.setAccessibleName("Meetings per place and break at most")
        self.per_place.setRange(1, 50)
        self.per_place.setValue(settings.places.per_place)
        self.spots = QLineEdit(", ".join(settings.places.spots), self)
        self.spots.setObjectName("settings-spots")
        self.spots.setAccessibleName("Named spots, separated by commas")
        self.spots.setPlaceholderText("e.g. Terrace, Library corner")
        self.near = QSpinBox(self)
        self.near.setObjectName("settings-near-poster")
        self.near.setAccessibleName(
            "Meet at the poster board when the poster session is this close"
        )
        self.near.setRange(0, 240)
        self.near.setSuffix(" min")
        self.near.setValue(settings.places.near_poster_minutes)

        form = QFormLayout()
        for text, widget in (
            ("&Fairness weight:", self.fairness),
            ("&Meetings per mentee:", self.meetings),
            ("Numbered &tables:", self.tables),
            ("Meetings per &place and break:", self.per_place),
            ("Named &spots:", self.spots),
            ("Meet at the &board when the poster session is within:", self.near),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            label.setWordWrap(len(text) > 40)  # short labels on one line, the long one wraps
            form.addRow(label, widget)

        self.break_box = QGroupBox("Breaks used for mentorship", self)
        box_layout = QVBoxLayout(self.break_box)
        self.break_checks: list[QCheckBox] = []
        for info in breaks:
            check = QCheckBox(info.label, self.break_box)
            check.setObjectName(f"settings-break-{info.id}")
            check.setAccessibleName(f"Use {info.label} for mentorship")
            check.setProperty("break_id", info.id)
            check.setChecked(info.id in used)
            box_layout.addWidget(check)
            self.break_checks.append(check)

        self.problem = QLabel(self)
        self.problem.setObjectName("settings-problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.break_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def settings(self) -> PlanSettings:
        return PlanSettings(
            Options(self.fairness.value(), self.meetings.value()),
            PlaceSettings(
                self.tables.value(),
                self.per_place.value(),
                tuple(s.strip() for s in self.spots.text().split(",") if s.strip()),
                self.near.value(),
            ),
            tuple(int(c.property("break_id")) for c in self.break_checks if c.isChecked()),
        )

    def _accept(self) -> None:
        problems = self.settings().problems()
        if not any(c.isChecked() for c in self.break_checks):
            problems.append("Tick at least one break for the meetings.")
        if problems:
            self.problem.setText(" ".join(problems))
            self.problem.setVisible(True)
            return
        self.accept()
