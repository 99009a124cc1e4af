"""Printable mentor cards: one A4 page per mentor, large enough to read on a table.

Each card shows the mentor's breaks in event-local time, where they meet, and every
mentee with affiliation, interests (the shared ones in bold) and poster. Laid out as
rich text and written with QPdfWriter; a card longer than a page continues on the next.
"""

from __future__ import annotations

import os
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from sci4dl_desktop import APP_DISPLAY_NAME
from sci4dl_desktop.domain.mentor_cards import Card, CardError, build_cards
from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.domain.schedule import format_time
from sci4dl_desktop.store.database import Database

__all__ = ["CardError", "cards_html", "write_cards", "write_cards_for"]

# Print colours are for white paper, not the screen palette.
INK, MUTED, BAND = "#111111", "#444444", "#e4ebf5"


def _card_html(card: Card, event_title: str, first: bool) -> str:
    parts = [
        f'<div style="{"" if first else "page-break-before: always;"}">',
        f'<p style="font-size:12pt; color:{MUTED};">{escape(event_title)} · Mentorship</p>',
        f'<p style="font-size:28pt; font-weight:bold; color:{INK}; margin-top:2px;">'
        f"{escape(card.name)}</p>",
    ]
    about = [escape(card.affiliation)] if card.affiliation else []
    if card.interests:
        about.append("Interests: " + escape(", ".join(card.interests)))
    if about:
        parts.append(f'<p style="font-size:13pt; color:{MUTED};">{" · ".join(about)}</p>')
    for stop in card.breaks:
        places = escape(", ".join(stop.places)) or "place to be announced"
        parts.append(
            f'<table width="100%" cellpadding="5" '
            f'style="margin-top:22px; margin-bottom:4px; background:{BAND};">'
            f'<tr><td style="font-size:20pt; color:{INK};"><b>{escape(stop.when)}</b>'
            f" &nbsp;{escape(stop.title)}</td></tr>"
            f'<tr><td style="font-size:16pt; color:{INK};">Meet at <b>{places}</b></td></tr>'
            "</table>"
        )
        for mentee in stop.mentees:
            shared = set(mentee.shared)
            interests = ", ".join(
                f"<b>{escape(i)}</b>" if i in shared else escape(i) for i in mentee.interests
            )
            line = f'<span style="font-size:16pt; font-weight:bold;">{escape(mentee.name)}</span>'
            if mentee.affiliation:
                line += f'<span style="font-size:12pt;"> · {escape(mentee.affiliation)}</span>'
            if len(stop.places) > 1 and mentee.place:
                line += f'<span style="font-size:12pt;"> · at <b>{escape(mentee.place)}</b></span>'
            parts.append(f'<p style="margin-top:14px; margin-bottom:0px; color:{INK};">{line}</p>')
            details = []
            if interests:
                details.append(f"Interests: {interests}")
            if mentee.poster:
                details.append(f"Poster: {escape(mentee.poster)}")
            if details:
                parts.append(
                    f'<p style="font-size:13pt; color:{INK}; margin-left:22px; margin-top:3px; '
                    f'margin-bottom:0px;">{"<br/>".join(details)}</p>'
                )
    if not card.breaks:
        parts.append('<p style="font-size:16pt;">No meetings yet.</p>')
    parts.append("</div>")
    return "".join(parts)


def cards_html(cards: list[Card], event_title: str) -> str:
    body = "".join(_card_html(c, event_title, i == 0) for i, c in enumerate(cards))
    return f"<html><body>{body}</body></html>"


def write_cards(cards: list[Card], path: Path, event_title: str, printed: str = "") -> int:
    """Write the cards to a PDF file; returns how many cards."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds a 2 cm margin of its own around the text.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(f"{event_title}: mentor cards")
    writer.setCreator(APP_DISPLAY_NAME)
    document = QTextDocument()
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"])
    font.setPointSize(12)
    document.setDefaultFont(font)
    html = cards_html(cards, event_title)
    if printed:
        html = html.replace(
            "</body>", f'<p style="font-size:9pt; color:{MUTED};">{escape(printed)}</p></body>'
        )
    document.setHtml(html)
    document.print_(writer)
    del writer  # finishes the file
    return len(cards)


def write_cards_for(
    database: Database,
    path: Path,
    *,
    mentor: str | None = None,
    include_drafts: bool = False,
    now: datetime | None = None,
) -> int:
    """Load the plan, build the cards (published pairings) and write them to `path`."""
    with database.session() as session:
        plan = load_plan(session)
    cards = build_cards(plan, mentor=mentor, include_drafts=include_drafts)
    app = QGuiApplication.instance()
    if app is None:  # from the command line: lay out text without a display
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    printed = ""
    if now is not None:
        printed = f"Printed {now.astimezone(plan.zone):%Y-%m-%d} {format_time(now, plan.zone)}"
    return write_cards(cards, path, plan.event_title, printed)
