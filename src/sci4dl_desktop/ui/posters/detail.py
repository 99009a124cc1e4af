"""The detail pane of the posters page: everything known about one poster, in words."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from sci4dl_desktop.domain.posters import PosterCatalog, PosterRow

EMPTY_HINT = "Select a poster to see its authors, abstract, board and session."
NO_POSTERS = "This event has no posters yet."


def poster_html(poster: PosterRow, catalog: PosterCatalog, *, links: bool = True) -> str:
    """The poster as HTML that takes its colours from the palette (no fixed colours)."""
    parts = [f"<h2>{escape(poster.title)}</h2>"]
    if poster.authors:
        authors = "<br>".join(
            f"<b>{escape(a.name)}</b>" + (f" — {escape(a.affiliation)}" if a.affiliation else "")
            for a in poster.authors
        )
        parts.append(f"<p>{authors}</p>")
    where = []
    if poster.board is not None:
        where.append(f"<b>Board {poster.board}</b>")
    if poster.session is not None:
        where.append(f"{escape(poster.session.title)}, {escape(catalog.when(poster.session))}")
    else:
        where.append("not assigned to a poster session yet")
    parts.append(f"<p>{' · '.join(where)}</p>")
    flags = []
    if poster.presented_remotely:
        flags.append("Presented remotely (slides shown)")
    if poster.challenge_entry:
        flags.append("Novel Phenomenon Challenge entry")
    if poster.talk is not None:
        flags.append(
            f"Also given as a contributed talk: {escape(poster.talk.title)}, "
            f"{escape(catalog.when(poster.talk))}"
        )
    if flags:
        parts.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in flags) + "</ul>")
    if poster.abstract:
        parts.append(f"<h3>Abstract</h3><p>{escape(poster.abstract)}</p>")
    if poster.keywords:
        parts.append(f"<p><b>Keywords:</b> {escape(poster.keyword_text)}</p>")
    if poster.url:
        label = escape(poster.link_label)
        target = escape(poster.url, quote=True)
        if links:
            parts.append(f'<p><b>{label}:</b> <a href="{target}">{escape(poster.url)}</a></p>')
        else:
            parts.append(f"<p><b>{label}:</b> {escape(poster.url)}</p>")
    return "\n".join(parts)


class PosterDetail(QTextBrowser):
    """Read-only, selectable, keyboard-scrollable; links open in the browser unless in a kiosk."""

    def __init__(self, *, kiosk: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kiosk = kiosk
        self.setObjectName("poster-detail")
        self.setAccessibleName("Poster details")
        self.setOpenExternalLinks(not kiosk)
        self.setOpenLinks(not kiosk)
        self.document().setDocumentMargin(12)
        self.poster_id: int | None = None
        self._hint: str | None = None
        self.show_hint(EMPTY_HINT)

    def show_hint(self, text: str) -> None:
        self.poster_id = None
        if text != self._hint:
            self._hint = text
            self.setHtml(f"<p><i>{escape(text)}</i></p>")

    def show_poster(self, poster: PosterRow, catalog: PosterCatalog) -> None:
        self.poster_id = poster.id
        self._hint = None
        self.setHtml(poster_html(poster, catalog, links=not self._kiosk))
