"""The printable program: the day at a glance, then every session, then posters by board.

Laid out as rich text and written on A4 by `rich_pdf`, with page numbers; no session
and no poster is cut in two by a page break. Colours are for white paper. The command
line calls `write_program_for`, which starts an offscreen Qt application when there is
none.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from sci4dl_desktop.domain.schedule import (
    Program,
    SessionView,
    format_day,
    format_range,
    load_program,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.printing.rich_pdf import ensure_gui, keep_together, write_pdf

__all__ = ["program_html", "write_program", "write_program_for"]

INK, MUTED, BAND, RULE = "#111111", "#4a4a4a", "#eef2f8", "#b8c2d0"
KIND_MARK = {
    SessionKind.INVITED_TALK: "#1f5fa8",
    SessionKind.CONTRIBUTED_TALK: "#2e7d5b",
    SessionKind.PANEL: "#8a4fb0",
    SessionKind.POSTER_SESSION: "#b0641c",
    SessionKind.BREAK: "#8a8a8a",
    SessionKind.SOCIAL: "#a83a62",
    SessionKind.AWARD: "#9a7b00",
    SessionKind.OTHER: "#555555",
}


# One table per row, so that a row is never cut in two at the end of a page.
_ROW_TABLE = (
    '<table width="100%" cellspacing="0" cellpadding="{padding}" border="0.5" '
    f'style="border-color:{RULE};">'
)


def _days(program: Program) -> list[tuple[date, tuple[SessionView, ...]]]:
    return [(day, program.sessions_on(day)) for day in program.days()]


def _glance(program: Program) -> str:
    days = _days(program)
    parts = [
        f'<p style="font-size:11pt; color:{MUTED};">{escape(program.acronym)} · Program</p>',
        f'<p style="font-size:20pt; font-weight:bold; color:{INK};">{escape(program.title)}</p>',
    ]
    for day, sessions in days:
        parts.append(
            f'<p style="font-size:16pt; font-weight:bold; color:{INK}; margin-top:14px;">'
            f"{escape(format_day(day))}</p>"
        )
        if not sessions:
            parts.append(f'<p style="color:{MUTED};">No sessions.</p>')
            continue
        for s in sessions:
            shade = f' style="background:{BAND};"' if s.kind is SessionKind.BREAK else ""
            who = escape(s.speaker_names)
            subtitle = (
                f'<br/><i style="color:{INK};">{escape(s.subtitle)}</i>' if s.subtitle else ""
            )
            parts.append(
                _ROW_TABLE.format(padding=4) + f"<tr{shade}>"
                f'<td width="19%" nowrap style="font-size:11pt; color:{INK};"><b>'
                f"{escape(format_range(s.start, s.end, program.zone))}</b></td>"
                f'<td style="font-size:11pt; color:{INK};">'
                f'<span style="color:{KIND_MARK[s.kind]};">■</span> <b>{escape(s.title)}</b>'
                + subtitle
                + (f'<br/><span style="color:{MUTED};">{who}</span>' if who else "")
                + "</td>"
                f'<td width="20%" style="font-size:10pt; color:{MUTED};">'
                f"{escape(s.kind.label)}<br/>{escape(s.room_name)}</td>"
                "</tr></table>"
            )
    return "".join(parts)


def _session(s: SessionView, program: Program) -> str:
    head = (
        f'<p style="font-size:10pt; color:{MUTED}; margin-top:16px; margin-bottom:0px;">'
        f"{escape(format_range(s.start, s.end, program.zone))} · {escape(s.room_name)} · "
        f'<span style="color:{KIND_MARK[s.kind]};">{escape(s.kind.label)}</span></p>'
        f'<p style="font-size:14pt; font-weight:bold; color:{INK}; margin-top:2px; '
        f'margin-bottom:2px;">{escape(s.title)}</p>'
    )
    body = []
    if s.subtitle:
        body.append(
            f'<p style="font-size:11pt; font-style:italic; color:{INK};">{escape(s.subtitle)}</p>'
        )
    if s.speakers:
        names = ", ".join(escape(sp.label) for sp in s.speakers)
        body.append(f'<p style="font-size:11pt; color:{INK};">{names}</p>')
    if s.abstract:
        text = "<br/>".join(escape(line) for line in s.abstract.splitlines())
        body.append(f'<p style="font-size:10pt; color:{INK};">{text}</p>')
    if s.kind is SessionKind.POSTER_SESSION and s.posters:
        body.append(
            f'<p style="font-size:10pt; color:{MUTED};">{len(s.posters)} posters, '
            "listed by board at the end of this program.</p>"
        )
    return keep_together(head + "".join(body), top_margin=14)


def _posters(program: Program) -> str:
    sessions = [s for s in program.sessions if s.kind is SessionKind.POSTER_SESSION and s.posters]
    if not sessions:
        return ""
    parts = [
        '<div style="page-break-before: always;">'
        f'<p style="font-size:20pt; font-weight:bold; color:{INK};">Posters by board number</p>'
    ]
    for s in sessions:
        parts.append(
            f'<p style="font-size:14pt; font-weight:bold; color:{INK}; margin-top:14px;">'
            f"{escape(s.title)}</p>"
            f'<p style="font-size:10pt; color:{MUTED};">'
            f"{escape(format_day(program.local_day(s.start)))}, "
            f"{escape(format_range(s.start, s.end, program.zone))} · {escape(s.room_name)}</p>"
        )
        for poster in s.posters:
            marks = []
            if poster.remote:
                marks.append("presented remotely")
            if poster.challenge_entry:
                marks.append("challenge entry")
            extra = f' <span style="color:{MUTED};">({", ".join(marks)})</span>' if marks else ""
            parts.append(
                _ROW_TABLE.format(padding=3) + "<tr>"
                f'<td width="8%" align="right" style="font-size:12pt; color:{INK};">'
                f"<b>{escape(poster.board_label)}</b></td>"
                f'<td style="font-size:10pt; color:{INK};"><b>{escape(poster.title)}</b>{extra}'
                f'<br/><span style="color:{MUTED};">{escape(", ".join(poster.authors))}</span>'
                "</td></tr></table>"
            )
    parts.append("</div>")
    return "".join(parts)


def program_html(program: Program) -> str:
    sessions = "".join(_session(s, program) for s in program.sessions)
    return (
        "<html><body>"
        + _glance(program)
        + '<div style="page-break-before: always;">'
        + f'<p style="font-size:20pt; font-weight:bold; color:{INK};">Sessions</p>'
        + sessions
        + "</div>"
        + _posters(program)
        + "</body></html>"
    )


def write_program(program: Program, path: Path) -> None:
    """Write the program to a PDF file."""
    write_pdf(program_html(program), path, title=f"{program.title}: program", point_size=11)


def write_program_for(database: Database, path: Path) -> None:
    """Load the event's program and write its PDF (starting Qt offscreen if needed)."""
    with database.session() as session:
        program = load_program(session)
    ensure_gui()
    write_program(program, path)
