"""Printable mentor cards: one A4 page per mentor, large enough to read on a table.

Each card shows the mentor's breaks in event-local time, where they meet, and every
mentee with affiliation, interests (the shared ones in bold) and poster. Laid out as
rich text and written by `rich_pdf`; a card longer than a page continues on the next,
never cutting a mentee's entry in two.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from sci4dl_desktop.domain.mentor_cards import Card, CardError, build_cards
from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.domain.schedule import format_time
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.printing.rich_pdf import ensure_gui, keep_together, write_pdf

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
        # The break's band stays on the page of its first mentee.
        head = (
            f'<table width="100%" cellpadding="5" style="margin-bottom:4px; background:{BAND};">'
            f'<tr><td style="font-size:20pt; color:{INK};"><b>{escape(stop.when)}</b>'
            f" &nbsp;{escape(stop.title)}</td></tr>"
            f'<tr><td style="font-size:16pt; color:{INK};">Meet at <b>{places}</b></td></tr>'
            "</table>"
        )
        for position, mentee in enumerate(stop.mentees):
            shared = set(mentee.shared)
            interests = ", ".join(
                f"<b>{escape(i)}</b>" if i in shared else escape(i) for i in mentee.interests
            )
            line = f'<span style="font-size:16pt; font-weight:bold;">{escape(mentee.name)}</span>'
            if mentee.affiliation:
                line += f'<span style="font-size:12pt;"> · {escape(mentee.affiliation)}</span>'
            if len(stop.places) > 1 and mentee.place:
                line += f'<span style="font-size:12pt;"> · at <b>{escape(mentee.place)}</b></span>'
            entry = f'<p style="margin-top:0px; margin-bottom:0px; color:{INK};">{line}</p>'
            details = []
            if interests:
                details.append(f"Interests: {interests}")
            if mentee.poster:
                details.append(f"Poster: {escape(mentee.poster)}")
            if details:
                entry += (
                    f'<p style="font-size:13pt; color:{INK}; margin-left:22px; margin-top:3px; '
                    f'margin-bottom:0px;">{"<br/>".join(details)}</p>'
                )
            if position == 0:
                parts.append(keep_together(head + entry, top_margin=22))
            else:
                parts.append(keep_together(entry, top_margin=14))
        if not stop.mentees:
            parts.append(keep_together(head, top_margin=22))
    if not card.breaks:
        parts.append('<p style="font-size:16pt;">No meetings yet.</p>')
    parts.append("</div>")
    return "".join(parts)


def cards_html(cards: list[Card], event_title: str) -> str:
    body = "".join(_card_html(c, event_title, i == 0) for i, c in enumerate(cards))
    return f"<html><body>{body}</body></html>"


def write_cards(cards: list[Card], path: Path, event_title: str, printed: str = "") -> int:
    """Write the cards to a PDF file; returns how many cards."""
    html = cards_html(cards, event_title)
    if printed:
        html = html.replace(
            "</body>", f'<p style="font-size:9pt; color:{MUTED};">{escape(printed)}</p></body>'
        )
    write_pdf(html, path, title=f"{event_title}: mentor cards", point_size=12)
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
    ensure_gui()
    printed = ""
    if now is not None:
        printed = f"Printed {now.astimezone(plan.zone):%Y-%m-%d} {format_time(now, plan.zone)}"
    return write_cards(cards, path, plan.event_title, printed)
