"""The export formats offered in File > Export (a light table: no database code imported)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    key: str  # as `sci4dl-desktop export --format`
    label: str  # the menu entry
    file_name: str
    file_filter: str
    progress: bool = False  # reports progress (else the bar just shows it is busy)


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "package",
        "Event &package (JSON)…",
        "event-package.json",
        "Event package (*.json)",
        progress=True,
    ),
    ExportFormat("csv-attendees", "&Attendees (CSV)…", "attendees.csv", "CSV files (*.csv)"),
    ExportFormat("csv-sessions", "&Sessions (CSV)…", "sessions.csv", "CSV files (*.csv)"),
    ExportFormat("csv-posters", "P&osters (CSV)…", "posters.csv", "CSV files (*.csv)"),
    ExportFormat(
        "csv-pairings", "&Mentorship pairings (CSV)…", "pairings.csv", "CSV files (*.csv)"
    ),
    ExportFormat("frab-xml", "frab schedule &XML…", "schedule.xml", "frab schedule (*.xml)"),
    ExportFormat("frab-json", "frab schedule &JSON…", "schedule.json", "frab schedule (*.json)"),
    ExportFormat("pdf", "Printable program (P&DF)…", "program.pdf", "PDF files (*.pdf)"),
)


def export_format(key: str) -> ExportFormat:
    return next(f for f in EXPORT_FORMATS if f.key == key)


__all__ = ["EXPORT_FORMATS", "ExportFormat", "export_format"]
