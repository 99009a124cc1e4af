"""What the import preview shows: refused rows first, then new and changed records."""

from __future__ import annotations

from pathlib import Path

from import_support import data, fresh_event, imported, plan, write

from sci4dl_desktop.io.preview import preview_rows


def test_preview_rows_of_a_refused_and_of_an_accepted_import(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    imported(database, data("sessions-12h.csv"))
    bad = write(tmp_path, "s.csv", "Title,Start,End,Room\nLate,11:45pm,12:30pm,Main hall\n")
    (row,) = preview_rows(plan(database, bad))
    assert (row.action, row.where, row.label) == ("rejected", "s.csv, row 2", "12:30pm")
    assert row.details == "column End: '12:30pm' is before start '11:45pm'; did you mean 11:45am?"
    good = write(
        tmp_path,
        "s2.csv",
        "Title,Start,End,Room\nLunch,12:30,13:15,Foyer\nDinner,19:00,21:00,Terrace\n",
    )
    rows = preview_rows(plan(database, good), include_unchanged=False)
    assert [(r.action, r.entity_label, r.label) for r in rows] == [
        ("add", "room", "Terrace"),
        ("change", "session", "Lunch (2026-06-12 12:30)"),
        ("add", "session", "Dinner (2026-06-12 19:00)"),
    ]
    assert rows[1].details == "end_at: 2026-06-12 13:30 → 2026-06-12 13:15"
    assert rows[1].where == "s2.csv, row 2"
    database.close()
