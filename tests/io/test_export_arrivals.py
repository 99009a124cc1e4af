"""The arrivals CSV: event-local times, arrival order, and no formulas for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sci4dl_desktop.io.export_arrivals import COLUMNS, arrivals_csv, report_name
from sci4dl_desktop.store.checkins import ArrivalRow
from sci4dl_desktop.store.enums import AttendeeCategory

DEMO_ZONE = ZoneInfo("America/Sao_Paulo")


def test_rows_read_back_with_local_times_and_neutralised_formulas() -> None:
    rows = [
        ArrivalRow(7, "Zoë Ångström", "zoe@example.org", "Université de Montréal",
                   AttendeeCategory.ACADEMIC, "S26-0007",
                   datetime(2026, 4, 26, 11, 2, 14, tzinfo=UTC), "Desk 2"),
        ArrivalRow(9, "=HYPERLINK(\"http://x\")", None, "+1 Corp", AttendeeCategory.INDUSTRY,
                   "W-0001", datetime(2026, 4, 26, 11, 3, tzinfo=UTC), "-Desk"),
    ]  # fmt: skip
    data = arrivals_csv(rows, DEMO_ZONE)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read the accents
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(table[0]) == COLUMNS
    assert table[1] == [
        "Zoë Ångström",
        "Academic",
        "Université de Montréal",
        "2026-04-26 08:02:14",  # São Paulo is three hours behind UTC
        "Desk 2",
        "S26-0007",
    ]
    assert table[2][0] == '\'=HYPERLINK("http://x")'
    assert table[2][2] == "'+1 Corp" and table[2][4] == "'-Desk"
    assert len(table) == 3


def test_the_file_name_says_which_event_and_when() -> None:
    when = datetime(2026, 4, 26, 12, 35, tzinfo=UTC)
    assert report_name(DEMO_ZONE, "SCI4DL 2026", when) == "SCI4DL-2026-arrivals-0935.csv"
    assert report_name(DEMO_ZONE, "", when) == "event-arrivals-0935.csv"
