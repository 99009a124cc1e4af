"""Reading CSV files in every encoding and delimiter organisers save them in."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import data, write

from sci4dl_desktop.io.csvread import header_key, map_columns, read_table
from sci4dl_desktop.io.csvspec import ATTENDEES, CSV_FORMATS, csv_formats_markdown
from sci4dl_desktop.io.importing import FormatError, load

DOCS = Path(__file__).resolve().parents[2] / "docs" / "csv-formats.md"


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "first"),
    [
        ("attendees-utf8.csv", "UTF-8", ",", "Ana Souza"),
        ("attendees-bom-semicolon.csv", "UTF-8 with BOM", ";", "Hanna"),
        ("attendees-cp1252-tab.csv", "Windows-1252", "\t", "José Muñoz"),
    ],
)
def test_encodings_and_delimiters_are_found(
    name: str, encoding: str, delimiter: str, first: str
) -> None:
    table = read_table(data(name).read_bytes(), name)
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert table.rows[0][1][0] == first
    assert table.rows[0][0] == 2  # the header is row 1


def test_windows_1252_accents_and_euro_sign_survive() -> None:
    table = read_table(data("attendees-cp1252-tab.csv").read_bytes(), "x.csv")
    cells = [row for _, row in table.rows]
    assert cells[1][0] == "Françoise Lemaître" and cells[1][4] == "paid 50 € in cash"
    assert cells[2][0] == "Zoë Ångström"


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = write(tmp_path, "u.csv", "\ufeffName\tEmail\nÅsa Öberg\tasa@example.se\n", "utf-16-le")
    table = read_table(path.read_bytes(), "u.csv")
    assert table.encoding == "UTF-16" and table.rows[0][1] == ["Åsa Öberg", "asa@example.se"]


def test_header_synonyms_case_and_punctuation() -> None:
    assert header_key("E-mail Address") == header_key("email address") == "emailaddress"
    table = read_table(data("attendees-bom-semicolon.csv").read_bytes(), "a.csv")
    columns = map_columns(table, ATTENDEES)
    assert set(columns.index) == {"first_name", "last_name", "email", "affiliation", "category"}
    assert not columns.problems


def test_a_quoted_delimiter_does_not_confuse_the_sniffer(tmp_path: Path) -> None:
    text = 'Name;Email;Note\n"Silva, Ana";ana@example.org;"arrives 9:00; leaves 12:00"\n'
    table = read_table(write(tmp_path, "q.csv", text).read_bytes(), "q.csv")
    assert table.delimiter == ";"
    assert table.rows[0][1] == ["Silva, Ana", "ana@example.org", "arrives 9:00; leaves 12:00"]


def test_exported_formula_guard_is_removed_on_import(tmp_path: Path) -> None:
    text = "Name,Email,Note\n'=Ana,ana@example.org,'-vip\n"
    table = read_table(write(tmp_path, "f.csv", text).read_bytes(), "f.csv")
    assert table.rows[0][1] == ["=Ana", "ana@example.org", "-vip"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("attendees-utf8.csv", "csv-attendees"),
        ("attendees-cp1252-tab.csv", "csv-attendees"),
        ("sessions-12h.csv", "csv-sessions"),
        ("posters-semicolon.csv", "csv-posters"),
        ("pairings.csv", "csv-pairings"),
        ("frab-schedule.xml", "frab-xml"),
        ("pretalx-schedule.json", "frab-json"),
        ("openreview-notes.json", "openreview"),
    ],
)
def test_formats_are_detected_from_content(name: str, kind: str) -> None:
    assert load(name, data(name).read_bytes()).format == kind


def test_an_unknown_csv_says_what_it_saw(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", "Colour,Flavour\nred,sweet\n")
    with pytest.raises(FormatError) as caught:
        load(path.name, path.read_bytes())
    assert str(caught.value) == (
        "odd.csv: a CSV file whose header ('Colour', 'Flavour') fits none of the CSV formats "
        "(attendees, sessions, posters, pairings); rename its columns (see the help) or pass "
        "--format"
    )


def test_format_override_that_does_not_fit(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="--format openreview was given, but the file is"):
        load("s.json", data("pretalx-schedule.json").read_bytes(), format="openreview")


def test_docs_match_the_formats_the_app_uses() -> None:
    assert DOCS.read_text("utf-8") == csv_formats_markdown()
    for spec in CSV_FORMATS:
        assert f"## {spec.title} (`{spec.format}`)" in DOCS.read_text("utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            # Rows added in Windows-1252 to a file saved as "CSV UTF-8".
            b"\xef\xbb\xbfName,Email\nAna,ana@example.org\nJos\xe9 Mu\xf1oz,jose@example.org\n",
            "mixed.csv, row 3: byte 0xE9 is not UTF-8, although the file starts with the "
            "UTF-8 mark (rows from two encodings?); save the file again from the spreadsheet "
            "as 'CSV UTF-8'",
        ),
        (
            b"Name,Email\nAna,ana@example.org\nA\x81b,ab@example.org\n",
            "mixed.csv, row 3: byte 0x81 is neither UTF-8 nor Windows-1252; save the file again "
            "from the spreadsheet as 'CSV UTF-8'",
        ),
        (
            "\ufeffName\tEmail\n".encode("utf-16-le") + b"A",
            "mixed.csv: the UTF-16 text ends in the middle of a character (the file is cut "
            "short?); save the file again from the spreadsheet",
        ),
    ],
)
def test_undecodable_bytes_are_refused_with_their_row(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        load("mixed.csv", data)
    assert str(caught.value) == message
