"""Reading CSV files as organisers save them: any common encoding, delimiter and header.

Encodings: UTF-8, UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), UTF-16 with a BOM
(Excel's "Unicode text") and Windows-1252 (Excel's plain "CSV" on Windows). Delimiters:
comma, semicolon, tab or "|", found by csv.Sniffer and checked against the header.
Header names are matched to columns case-, accent- and punctuation-insensitively,
including each column's synonyms ("E-mail address" is the email column).

A cell that starts with an apostrophe followed by =, +, -, @, tab or carriage return is
read without the apostrophe: that is how this app's CSV exports protect such cells from
spreadsheet formulas, so exported files import back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvspec import CsvFormat
from sci4dl_desktop.io.problems import Location, Problem, quote

DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


@dataclass
class CsvTable:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)

    @property
    def description(self) -> str:
        delimiter = DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))
        return f"{self.encoding}, {delimiter}-separated"


def _undecodable(name: str, data: bytes, at: int, why: str) -> CsvError:
    row = data[:at].count(b"\n") + 1
    return CsvError(
        Problem(
            Location(name, row),
            f"byte 0x{data[at]:02X} {why}",
            hint="save the file again from the spreadsheet as 'CSV UTF-8'",
        )
    )


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file and the name of the encoding it was in."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            at = exc.start + len(codecs.BOM_UTF8)
            why = "is not UTF-8, although the file starts with the UTF-8 mark (rows from two "
            raise _undecodable(name, data, at, why + "encodings?)") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise CsvError(
                Problem(
                    Location(name),
                    "the UTF-16 text ends in the middle of a character (the file is cut short?)",
                    hint="save the file again from the spreadsheet",
                )
            ) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise _undecodable(name, data, exc.start, "is neither UTF-8 nor Windows-1252") from exc


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines)
    header = lines[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and _cells(header, found) > 1:
        return found
    counts = {d: _cells(header, d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def _cells(line: str, delimiter: str) -> int:
    return len(next(csv.reader([line], delimiter=delimiter), []))


def _unguard(cell: str) -> str:
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS and len(cell) > 1:
        return cell[1:]
    return cell


def read_table(data: bytes, name: str) -> CsvTable:
    text, encoding = decode(data, name)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            number += 1
            if any(cell.strip() for cell in cells):
                header = cells
                break
        if header is None:
            raise CsvError(Problem(Location(name), "the file is empty", hint="export it again"))
        for cells in reader:
            number += 1
            if not any(cells):
                continue
            cleaned = [c.strip() for c in cells]
            if any(c.startswith("'") for c in cleaned):
                cleaned = [_unguard(c) for c in cleaned]
            if any(cleaned):
                rows.append((number, cleaned))
    except csv.Error as exc:
        raise CsvError(
            Problem(
                Location(name, number + 1),
                f"the file is not valid CSV ({exc})",
                hint='check for a quote (") that is never closed',
            )
        ) from exc
    return CsvTable(name, encoding, delimiter, [h.strip().lstrip("\ufeff") for h in header], rows)


def header_key(text: str) -> str:
    """A header name reduced for matching: 'E-mail Address' -> 'emailaddress'."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


@dataclass
class ColumnMap:
    """Which cell holds which column, for one CSV file and one format."""

    index: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.index

    def cell(self, cells: list[str], key: str) -> str:
        position = self.index.get(key)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    def title(self, key: str) -> str:
        """The column's title as the file writes it (for messages), else the key."""
        return self.titles.get(key, key)


def map_columns(table: CsvTable, spec: CsvFormat) -> ColumnMap:
    """Match the header to the format's columns; report missing and doubled columns."""
    lookup: dict[str, str] = {}
    for column in spec.columns:
        for synonym in (column.title, *column.synonyms):
            lookup.setdefault(header_key(synonym), column.key)
    result = ColumnMap()
    where = Location(table.name, 1)
    for position, title in enumerate(table.header):
        key = lookup.get(header_key(title))
        if key is None:
            if title:
                result.unused.append(title)
            continue
        if key in result.index:
            first = table.header[result.index[key]]
            result.problems.append(
                Problem(
                    where,
                    f"columns {quote(first)} and {quote(title)} both give the "
                    f"{spec.column(key).title.lower()}",
                    hint="remove or rename one of them",
                )
            )
            continue
        result.index[key] = position
        result.titles[key] = title
    for group in spec.required:
        if not any(key in result.index for key in group):
            names = " or ".join(quote(spec.column(k).title) for k in group)
            result.problems.append(
                Problem(
                    where,
                    f"no {names} column in the header {quote(', '.join(table.header))}",
                    hint=f"add the column (see the {spec.title.lower()} format in the help)",
                )
            )
    return result


def match_score(table: CsvTable, spec: CsvFormat) -> tuple[int, int]:
    """How well the header fits a format: (columns it knows, 1 if no required one lacks)."""
    mapped = map_columns(table, spec)
    return len(mapped.index), 0 if mapped.problems else 1


__all__ = [
    "DELIMITER_NAMES",
    "FORMULA_STARTS",
    "ColumnMap",
    "CsvError",
    "CsvTable",
    "decode",
    "header_key",
    "map_columns",
    "match_score",
    "read_table",
    "sniff_delimiter",
]
