"""What is wrong with an import, said precisely: where, which field, which value, what to do.

A Problem renders as one line a person can act on, for example

    attendees.csv, row 7, column end: '12:30pm' is before start '11:45pm'; did you mean 11:45am?

Rows are counted the way a spreadsheet shows them: the header is row 1, so the first
data row is row 2. Elements of XML and JSON files are named by a readable path
("day 2 › room 'Hall A' › event 'Opening'").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record came from: a file, and a row or an element path inside it."""

    file: str
    row: int | None = None
    element: str | None = None

    def render(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.element:
            parts.append(self.element)
        return ", ".join(parts)

    def at(self, element: str) -> Location:
        """A location deeper inside this one."""
        inner = f"{self.element} › {element}" if self.element else element
        return Location(self.file, self.row, inner)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason an import is refused."""

    where: Location
    message: str
    field: str | None = None
    value: str | None = None
    hint: str = ""
    kind: str = "field"  # "column" for CSV cells, "field" for XML/JSON values

    def render(self) -> str:
        head = self.where.render()
        if self.field:
            head += f", {self.kind} {self.field}"
        text = f"{head}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        return self.render()


class ImportFailure(Exception):
    """Base of the import errors the GUI and the command line show to people."""


class ImportRefused(ImportFailure):
    """The import has problems: nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        first = self.problems[0].render() if self.problems else ""
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"import refused, nothing was written: {first}{more}")


class StalePlan(ImportFailure):
    """The event changed between the preview and the write; nothing was written."""


def quote(value: object) -> str:
    """A value as it appears in a message: in single quotes, shortened if long."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def render_problems(problems: Sequence[Problem], limit: int | None = None) -> list[str]:
    """One line per problem, at most `limit` of them plus a line saying how many more."""
    shown = problems if limit is None else problems[:limit]
    lines = [p.render() for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return lines


__all__ = [
    "ImportFailure",
    "ImportRefused",
    "Location",
    "Problem",
    "StalePlan",
    "quote",
    "render_problems",
]
