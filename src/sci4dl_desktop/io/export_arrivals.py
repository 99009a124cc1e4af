"""The arrivals report: who arrived when, as CSV for a spreadsheet.

One row per attendee checked in now, in arrival order: name, category, affiliation,
the time of their first check-in in the event's time zone, the desk, and the badge
serial. UTF-8 with a byte-order mark and formula-looking cells neutralised, like the
other CSV exports (see export_csv.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, tzinfo

from sci4dl_desktop.io.export_csv import neutralise
from sci4dl_desktop.store.checkins import ArrivalRow

COLUMNS = ("Name", "Category", "Affiliation", "First check-in", "Desk", "Badge")


def arrivals_csv(rows: Iterable[ArrivalRow], zone: tzinfo) -> bytes:
    """The report's bytes; times read like '2026-04-26 09:02:14' in the event's zone."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        local = row.at.astimezone(zone)
        cells = (
            row.name,
            row.category.label,
            row.affiliation,
            local.strftime("%Y-%m-%d %H:%M:%S"),
            row.desk,
            row.badge_serial,
        )
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


def report_name(zone: tzinfo, acronym: str, when: datetime) -> str:
    """A file name such as 'SCI4DL-2026-arrivals-0935.csv' for the time `when`."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in acronym).split()) or "event"
    return f"{slug}-arrivals-{when.astimezone(zone):%H%M}.csv"


__all__ = ["COLUMNS", "arrivals_csv", "report_name"]
