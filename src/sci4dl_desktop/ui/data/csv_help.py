"""Help > CSV columns: the columns of each CSV file the app reads, from the core's own data.

Everything shown comes from `sci4dl_desktop.io.csvspec` (the same description that
drives the importers and docs/csv-formats.md), so the help never drifts from what an
import accepts. Text colours come from the palette: it reads in light and dark mode.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.csvspec import CSV_FORMATS, GENERAL_RULES, CsvFormat


def rules_html() -> str:
    items = "".join(f"<li>{escape(rule)}</li>" for rule in GENERAL_RULES)
    return (
        "<h2>Rules for every CSV file</h2>"
        "<p>Import files with <b>File › Import…</b>; export them with <b>File › Export</b>.</p>"
        f"<ul>{items}</ul>"
    )


def format_html(spec: CsvFormat) -> str:
    required = "; ".join(
        " or ".join(spec.column(key).title for key in group) for group in spec.required
    )
    rows = "".join(
        "<tr>"
        f"<td><b>{escape(c.title)}</b></td>"
        f"<td>{escape(', '.join(c.synonyms) or '–')}</td>"
        f"<td>{escape(c.description or '–')}</td>"
        f"<td><code>{escape(c.example or '–')}</code></td>"
        "</tr>"
        for c in spec.columns
    )
    rules = "".join(f"<li>{escape(rule)}</li>" for rule in spec.rules)
    return (
        f"<h2>{escape(spec.title)}</h2>"
        f"<p>{escape(spec.summary)} Required: <b>{escape(required)}</b>.</p>"
        f"<p><b>Matching on re-import.</b> {escape(spec.matching)}</p>"
        '<table border="1" cellspacing="0" cellpadding="5" width="100%">'
        "<tr><th>Column</th><th>Also accepted</th><th>Meaning</th><th>Example</th></tr>"
        f"{rows}</table>"
        f"<ul>{rules}</ul>"
        f"<p><b>Example</b> (<code>--format {escape(spec.format)}</code>):</p>"
        f"<pre>{escape(spec.example)}</pre>"
    )


class CsvHelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csv-help")
        self.setWindowTitle("CSV columns")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("csv-help-tabs")
        self.pages: dict[str, QTextBrowser] = {}
        for key, title, html in [
            ("rules", "All files", rules_html()),
            *((spec.key, spec.title, format_html(spec)) for spec in CSV_FORMATS),
        ]:
            page = QTextBrowser(self.tabs)
            page.setObjectName(f"csv-help-{key}")
            page.setAccessibleName(f"CSV columns: {title}")
            page.setOpenExternalLinks(False)
            page.setHtml(html)
            self.pages[key] = page
            self.tabs.addTab(page, title)
        self.copy_button = QPushButton("&Copy example", self)
        self.copy_button.setObjectName("csv-help-copy")
        self.copy_button.setToolTip("Copy the example of this file, to start a spreadsheet from")
        self.copy_button.clicked.connect(self.copy_example)
        self.tabs.currentChanged.connect(lambda index: self.copy_button.setEnabled(index > 0))
        self.copy_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row)
        self.resize(960, 640)

    def show_format(self, key: str) -> None:
        keys = list(self.pages)
        self.tabs.setCurrentIndex(keys.index(key))

    def copy_example(self) -> None:
        index = self.tabs.currentIndex()
        if index > 0:
            QGuiApplication.clipboard().setText(CSV_FORMATS[index - 1].example)


__all__ = ["CsvHelpDialog", "format_html", "rules_html"]
