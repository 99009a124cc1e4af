"""Importing accepted papers from OpenReview (API v2 notes JSON).

The file is a list of notes (or an API response {"notes": [...]}). Each accepted note
becomes a poster, matched on re-import by its forum id. `content.venue.value` decides:

- "... Poster" (or an accepted venue without a track): a poster;
- "... Oral", "Spotlight", "Contributed talk": a poster that is also given a talk: it
  takes the first contributed-talk session of the program that has no paper yet (its
  subtitle, abstract and speaker become the paper's title, abstract and first author);
- "Submitted to ...", rejected, withdrawn or no venue: skipped (counted in the notes).

Authors come as a list of names, or (newer venues) as objects with `fullname` and
`institutions`. A TL;DR is put before the abstract. Board numbers and poster sessions
are not in OpenReview: give them with a posters CSV (see docs/csv-formats.md).
"""

from __future__ import annotations

from typing import Any

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.problems import quote
from sci4dl_desktop.io.records import PersonRecord, PosterRecord, SessionRecord
from sci4dl_desktop.io.source import Source, author_records
from sci4dl_desktop.io.values import word_pattern
from sci4dl_desktop.store.enums import PersonRole, SessionKind

POSTER_FIELDS = frozenset({"title", "abstract", "keywords", "url", "authors", "external_id"})
# Whole words of the venue string ("Posterior Inference Workshop Oral" is an oral).
_SKIP = word_pattern(
    "reject",
    "rejected",
    "withdraw",
    "withdrawn",
    "desk",
    "submitted to",
    "under review",
    "submission",
)
_POSTER = word_pattern("poster")
_ORAL = word_pattern("oral", "spotlight", "contributed", "talk")


def notes_of(document: Any) -> list[Any] | None:
    """The notes of an OpenReview export, or None when the document is not one."""
    notes = document.get("notes") if isinstance(document, dict) else document
    if not isinstance(notes, list) or not notes:
        return None
    shaped = all(isinstance(n, dict) and isinstance(n.get("content"), dict) for n in notes)
    if shaped and any("forum" in n or "id" in n for n in notes):
        return notes
    return None


def _value(content: dict[str, Any], key: str) -> Any:
    item = content.get(key)
    if isinstance(item, dict) and "value" in item:
        return item["value"]
    return item


def decision(venue: str, venueid: str) -> str:
    """'poster', 'oral' or 'skip', from the venue string (and the venue id)."""
    folded = fold(venue)
    if not folded or _SKIP.search(folded):
        return "skip"
    if any(w in fold(venueid) for w in ("rejected", "withdrawn", "/submission")):
        return "skip"
    if _POSTER.search(folded):
        return "poster"
    if _ORAL.search(folded):
        return "oral"
    return "poster"


def _authors(content: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, affiliation, profile id) per author, in order."""
    names = _value(content, "authors") or []
    ids = _value(content, "authorids") or []
    result = []
    for position, author in enumerate(names if isinstance(names, list) else []):
        profile = ids[position] if isinstance(ids, list) and position < len(ids) else ""
        if isinstance(author, dict):
            name = str(author.get("fullname") or author.get("name") or "").strip()
            institutions = author.get("institutions") or []
            first = institutions[0] if isinstance(institutions, list) and institutions else {}
            affiliation = str(first.get("name", "")).strip() if isinstance(first, dict) else ""
            profile = str(author.get("username") or profile or "")
        else:
            name, affiliation = str(author).strip(), ""
        if name:
            result.append((name, affiliation, str(profile or "")))
    return result


def plan_notes(notes: list[Any], source: Source) -> None:
    if not source.require_event():
        return
    state, builder = source.state, source.builder
    skipped: dict[str, int] = {}
    orals: list[tuple[PosterRecord, tuple[str, str, str] | None]] = []
    seen: dict[str, str] = {}
    for index, note in enumerate(notes):
        source.reporter.step(f"Reading {source.name}", index, len(notes))
        content = note["content"]
        forum = str(note.get("forum") or note.get("id") or "").strip()
        label = f"note {note.get('number', index + 1)}"
        where = source.where(element=f"{label} ({forum})" if forum else label)
        venue = str(_value(content, "venue") or "")
        verdict = decision(venue, str(_value(content, "venueid") or ""))
        if verdict == "skip":
            reason = venue or "no decision"
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        if not forum:
            source.problem(
                where,
                "the note has no forum or id",
                field="forum",
                hint="export the notes again from OpenReview",
            )
            continue
        if forum in seen:
            source.problem(
                where,
                f"forum {quote(forum)} appears twice (also {seen[forum]})",
                field="forum",
                value=forum,
                hint="remove the duplicate note",
            )
            continue
        seen[forum] = label
        title = str(_value(content, "title") or "").strip()
        if not title:
            source.problem(
                where,
                "the paper has no title",
                field="content.title.value",
                hint="export the notes again from OpenReview",
            )
            continue
        keywords = _value(content, "keywords") or []
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",")]
        if not isinstance(keywords, list):
            source.problem(
                where,
                f"the keywords are {quote(keywords)}, not a list",
                field="content.keywords.value",
                value=str(keywords),
                hint="export the notes again from OpenReview",
            )
            continue
        abstract = str(_value(content, "abstract") or "").strip()
        tldr = str(_value(content, "TLDR") or "").strip()
        if tldr:
            abstract = f"TL;DR: {tldr}\n\n{abstract}" if abstract else f"TL;DR: {tldr}"
        authors = _authors(content)
        match = state.posters_by_external.get(forum)
        existing = state.posters[match].record if match else None
        record = PosterRecord(
            uid=f"openreview:{forum}",
            title=title,
            abstract=abstract,
            keywords=tuple(str(k).strip() for k in keywords if str(k).strip()),
            external_id=forum,
            url=f"https://openreview.net/forum?id={forum}",
            authors=author_records(existing, [(name, aff) for name, aff, _ in authors]),
        )
        change = builder.poster(record, where, POSTER_FIELDS, match)
        if verdict == "oral" and change.record.talk_session is None:
            orals.append((change.record, authors[0] if authors else None))
    for reason, count in sorted(skipped.items()):
        source.note(f"skipped {count} note{'s' if count != 1 else ''} not accepted ({reason})")
    _give_talks(orals, source)


def _give_talks(
    orals: list[tuple[PosterRecord, tuple[str, str, str] | None]], source: Source
) -> None:
    state, builder = source.state, source.builder
    taken = {e.record.talk_session for e in state.posters.values() if e.record.talk_session}
    free = sorted(
        (
            e.record
            for e in state.sessions.values()
            if e.record.kind is SessionKind.CONTRIBUTED_TALK and e.record.uid not in taken
        ),
        key=lambda s: (s.start_at, s.uid),
    )
    without: list[str] = []
    for poster, first_author in orals:
        if not free:
            without.append(poster.title)
            continue
        talk = free.pop(0)
        where = next(c.where for c in builder.plan.posters if c.record.uid == poster.uid)
        speakers: tuple[str, ...] = ()
        if first_author is not None:
            name, affiliation, profile = first_author
            external = f"openreview:{profile}" if profile.startswith("~") else None
            ref = state.find_person(name, external)
            if ref is None:
                person = PersonRecord(
                    name, affiliation, (PersonRole.CONTRIBUTED_SPEAKER.value,), external_id=external
                )
                ref = builder.person(
                    person, where, source.provided({"name", "affiliation", "roles", "external_id"})
                )
            speakers = (ref,)
        session = SessionRecord(
            uid=talk.uid,
            title=talk.title,
            kind=talk.kind,
            start_at=talk.start_at,
            end_at=talk.end_at,
            subtitle=poster.title,
            abstract=poster.abstract,
            speakers=speakers,
        )
        builder.session(session, where, source.provided({"subtitle", "abstract", "speakers"}))
        linked = PosterRecord(poster.uid, poster.title, talk_session=talk.uid)
        builder.poster(linked, where, source.provided({"talk_session"}))
    if without:
        source.note(
            f"{len(without)} oral paper(s) have no contributed-talk session to take "
            f"({'; '.join(without[:3])}): add contributed talks to the program and import again"
        )


__all__ = ["decision", "notes_of", "plan_notes"]
