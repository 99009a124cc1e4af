"""The Mentees and Mentors tabs: a searchable list on the left, the profile form on the right.

Mentees: interests (with suggestions), their poster, the breaks they can attend.
Mentors: interests and how many mentees they take per break. The panels only ask;
the page writes through its task runner and refreshes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.mentorship_profiles import (
    MAX_CAPACITY,
    Candidate,
    MenteeRow,
    MentorRow,
    Profiles,
)
from sci4dl_desktop.ui.columns import ShareColumns
from sci4dl_desktop.ui.pairings.interests_edit import InterestsEdit

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _searchable_combo(parent: QWidget, name: str, accessible: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumContentsLength(28)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText("Type part of a name or title")
    return combo


class _PeoplePanel(QWidget):
    """A filterable table of profiles, an "add" row, and a form (filled by subclasses)."""

    COLUMNS: tuple[str, ...] = ()
    # Column widths in character widths, -1 to fit the contents, 0 for a share of the
    # rest (SHARES: (column, share) pairs).
    WIDTHS: tuple[int, ...] = ()
    SHARES: tuple[tuple[int, float], ...] = ()
    NOUN = ""

    add_requested = Signal(object)  # a Candidate
    remove_requested = Signal(int)  # the profile's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles: Profiles | None = None
        noun = self.NOUN
        self.candidates = _searchable_combo(self, f"{noun}-candidates", f"Person to add as {noun}")
        self.add_button = QPushButton(f"Add as {noun}", self)
        self.add_button.setObjectName(f"{noun}-add")
        self.add_button.setAccessibleName(f"Add the chosen person as {noun}")
        add_label = QLabel(f"&Add a {noun}:", self)
        add_label.setBuddy(self.candidates)
        self.filter = QLineEdit(self)
        self.filter.setObjectName(f"{noun}-filter")
        self.filter.setAccessibleName(f"Filter the {noun}s")
        self.filter.setPlaceholderText(f"Filter {noun}s by name, affiliation or interest")
        self.filter.setClearButtonEnabled(True)

        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView(self)
        self.table.setObjectName(f"{noun}-table")
        self.table.setAccessibleName(f"{noun.capitalize()}s")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        # Interests and posters wrap: rows grow rather than hide what the organiser reads.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        char = self.fontMetrics().averageCharWidth()
        for column, width in enumerate(self.WIDTHS):
            if width > 0:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(column, width * char)
            elif width < 0:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.columns = ShareColumns(self.table, dict(self.SHARES), minimum=char * 12)
        self.proxy.setSortLocaleAware(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.form_box = QGroupBox(f"{noun.capitalize()} profile", self)
        self.form_title = QLabel(f"Select a {noun} in the list.", self)
        self.form_title.setWordWrap(True)
        self.form_title.setObjectName(f"{noun}-form-title")
        self.save_button = QPushButton("&Save profile", self)
        self.save_button.setObjectName(f"{noun}-save")
        self.save_button.setAccessibleName(f"Save the {noun} profile")
        self.remove_button = QPushButton(f"Remove {noun}", self)
        self.remove_button.setObjectName(f"{noun}-remove")
        self.remove_button.setAccessibleName(f"Remove this {noun} and their meetings")
        self.form = QFormLayout()
        self.form.addRow(self.form_title)
        self.build_form()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        outer = QVBoxLayout(self.form_box)
        outer.addLayout(self.form)
        outer.addLayout(buttons)
        outer.addStretch(1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        add_row.addWidget(add_label)
        add_row.addWidget(self.candidates, 1)
        add_row.addWidget(self.add_button)
        left_layout.addLayout(add_row)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.form_box)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._current: int | None = None
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.add_button.clicked.connect(self._add)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove)
        self._enable_form(False)

    # -- for subclasses -----------------------------------------------------------------

    def build_form(self) -> None:
        """Subclasses add their rows to self.form here."""

    def row(self, key: int) -> MenteeRow | MentorRow | None:
        """The profile with this key."""
        return None

    def show_row(self, row: MenteeRow | MentorRow) -> None:
        """Subclasses show the profile's own fields in the form."""

    def form_widgets(self) -> list[QWidget]:
        return []

    def _save(self) -> None:
        """Subclasses ask the page to save the form."""

    def add_interests(self) -> InterestsEdit:
        """The interests row of the form, with the list as it will be saved below it."""
        edit = InterestsEdit(self)
        edit.setObjectName(f"{self.NOUN}-interests")
        edit.setAccessibleName(f"Research interests of the {self.NOUN}")
        label = QLabel("&Interests:", self)
        label.setBuddy(edit)
        self.interests_preview = QLabel(self)
        self.interests_preview.setObjectName(f"{self.NOUN}-interests-preview")
        self.interests_preview.setWordWrap(True)
        self.interests_preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        edit.textChanged.connect(lambda: self._preview(edit))
        self.form.addRow(label, edit)
        self.form.addRow("", self.interests_preview)
        return edit

    def _preview(self, edit: InterestsEdit) -> None:
        terms = edit.interests()
        count = f"{len(terms)} interest{'' if len(terms) == 1 else 's'}"
        self.interests_preview.setText(f"{count}: " + " · ".join(terms) if terms else "")

    # -- shared -------------------------------------------------------------------------

    @property
    def current_key(self) -> int | None:
        return self._current

    def remember(self, key: int) -> None:
        """Select this profile once the refreshed list is shown (after adding it)."""
        self._current = key

    def fill_candidates(self, candidates: tuple[Candidate, ...]) -> None:
        self.candidates.clear()
        for candidate in candidates:
            self.candidates.addItem(candidate.label, candidate)
        self.candidates.setCurrentIndex(-1)
        self.candidates.setEditText("")

    def fill_rows(self, rows: list[tuple[int, list[str]]]) -> None:
        keep = self._current
        self.model.removeRows(0, self.model.rowCount())
        for key, texts in rows:
            items = [QStandardItem(t) for t in texts]
            for item in items:
                item.setToolTip(item.text())
            items[0].setData(key, ID_ROLE)
            self.model.appendRow(items)
        if keep is None or not self.select(keep):
            self._current = None
            self._enable_form(False)

    def select(self, key: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == key:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                self.fill_form(key)
                return True
        return False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.siblingAtColumn(0).data(ID_ROLE)
        if key is None:
            return
        self._current = int(key)
        self.fill_form(self._current)

    def fill_form(self, key: int) -> None:
        found = self.row(key)
        if found is None:
            self._enable_form(False)
            return
        self._current = key
        self._enable_form(True)
        affiliation = f" · {found.affiliation}" if found.affiliation else ""
        self.form_title.setText(found.name + affiliation)
        self.show_row(found)

    def _remove(self) -> None:
        if self._current is not None:
            self.remove_requested.emit(self._current)

    def _enable_form(self, on: bool) -> None:
        for widget in (*self.form_widgets(), self.save_button, self.remove_button):
            widget.setEnabled(on)
        if not on:
            self.form_title.setText(f"Select a {self.NOUN} in the list.")

    def _add(self) -> None:
        index = self.candidates.findText(self.candidates.currentText())
        candidate = self.candidates.itemData(index) if index >= 0 else None
        if isinstance(candidate, Candidate):
            self.add_requested.emit(candidate)


class MenteesPanel(_PeoplePanel):
    COLUMNS = ("Name", "Affiliation", "Interests", "Poster", "Breaks")
    WIDTHS = (20, 18, 0, 0, -1)
    SHARES = ((2, 0.5), (3, 0.5))  # interests, poster
    NOUN = "mentee"

    save_requested = Signal(int, list, object, list)  # attendee, interests, poster id, breaks

    def build_form(self) -> None:
        self.interests = self.add_interests()
        self.poster = _searchable_combo(self, "mentee-poster", "Poster of the mentee")
        self.breaks_box = QWidget(self)
        self.breaks_layout = QVBoxLayout(self.breaks_box)
        self.breaks_layout.setContentsMargins(0, 0, 0, 0)
        self.break_checks: list[QCheckBox] = []
        poster_label = QLabel("Poste&r:", self)
        poster_label.setBuddy(self.poster)
        self.form.addRow(poster_label, self.poster)
        self.form.addRow(QLabel("Can attend:", self), self.breaks_box)

    def form_widgets(self) -> list[QWidget]:
        return [self.interests, self.poster, *self.break_checks]

    def show_profiles(self, profiles: Profiles) -> None:
        self.profiles = profiles
        self.interests.set_suggestions(profiles.suggestions)
        self.poster.clear()
        self.poster.addItem("No poster", None)
        for poster in profiles.posters:
            self.poster.addItem(poster.label, poster.id)
        for check in self.break_checks:
            check.deleteLater()
        self.break_checks = []
        for info in profiles.breaks:
            check = QCheckBox(info.label, self.breaks_box)
            check.setObjectName(f"mentee-break-{info.id}")
            check.setAccessibleName(f"Can attend {info.label}")
            check.setProperty("break_id", info.id)
            self.breaks_layout.addWidget(check)
            self.break_checks.append(check)
        labels = {p.id: p.label for p in profiles.posters}
        when = {b.id: b.when.split("–")[0] for b in profiles.breaks}
        self.fill_candidates(profiles.mentee_candidates)
        self.fill_rows(
            [
                (
                    m.attendee_id,
                    [
                        m.name,
                        m.affiliation,
                        ", ".join(m.interests),
                        labels.get(m.poster_id, "") if m.poster_id else "",
                        ", ".join(when.get(b, "?") for b in m.break_ids) or "none",
                    ],
                )
                for m in profiles.mentees
            ]
        )

    def row(self, key: int) -> MenteeRow | None:
        profiles = self.profiles
        return (
            next((m for m in profiles.mentees if m.attendee_id == key), None) if profiles else None
        )

    def show_row(self, row: MenteeRow | MentorRow) -> None:
        assert isinstance(row, MenteeRow)
        self.interests.set_interests(row.interests)
        index = self.poster.findData(row.poster_id) if row.poster_id else 0
        self.poster.setCurrentIndex(max(index, 0))
        poster_line = self.poster.lineEdit()
        if poster_line is not None:
            poster_line.setCursorPosition(0)
        for check in self.break_checks:
            check.setChecked(int(check.property("break_id")) in row.break_ids)

    def _save(self) -> None:
        if self._current is None:
            return
        index = self.poster.findText(self.poster.currentText())
        poster = self.poster.itemData(index) if index >= 0 else None
        breaks = [int(c.property("break_id")) for c in self.break_checks if c.isChecked()]
        self.save_requested.emit(self._current, self.interests.interests(), poster, breaks)


class MentorsPanel(_PeoplePanel):
    COLUMNS = ("Name", "Affiliation", "Interests", "Per break")
    WIDTHS = (22, 22, 0, -1)
    SHARES = ((2, 1.0),)  # interests
    NOUN = "mentor"

    save_requested = Signal(int, list, int)  # person, interests, capacity per break

    def build_form(self) -> None:
        self.interests = self.add_interests()
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("mentor-capacity")
        self.capacity.setAccessibleName("Mentees per break")
        self.capacity.setRange(0, MAX_CAPACITY)
        self.capacity.setSuffix(" mentees per break")
        capacity_label = QLabel("Capacit&y:", self)
        capacity_label.setBuddy(self.capacity)
        self.form.addRow(capacity_label, self.capacity)

    def form_widgets(self) -> list[QWidget]:
        return [self.interests, self.capacity]

    def show_profiles(self, profiles: Profiles) -> None:
        self.profiles = profiles
        self.interests.set_suggestions(profiles.suggestions)
        self.fill_candidates(profiles.mentor_candidates)
        self.fill_rows(
            [
                (m.person_id, [m.name, m.affiliation, ", ".join(m.interests), str(m.capacity)])
                for m in profiles.mentors
            ]
        )

    def row(self, key: int) -> MentorRow | None:
        profiles = self.profiles
        return next((m for m in profiles.mentors if m.person_id == key), None) if profiles else None

    def show_row(self, row: MenteeRow | MentorRow) -> None:
        assert isinstance(row, MentorRow)
        self.interests.set_interests(row.interests)
        self.capacity.setValue(row.capacity)

    def _save(self) -> None:
        if self._current is not None:
            self.save_requested.emit(
                self._current, self.interests.interests(), self.capacity.value()
            )
