"""What a mentor's printed card says: their breaks (event-local), places, and mentees.

Qt-free; `ui/printing/mentor_cards.py` lays the cards out on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from sci4dl_desktop.domain.matching import Mentor
from sci4dl_desktop.domain.pairing_plan import PlanData
from sci4dl_desktop.domain.text import fold


class CardError(Exception):
    """No card can be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class CardMentee:
    name: str
    affiliation: str
    interests: tuple[str, ...]
    shared: tuple[str, ...]  # the interests they share with the mentor
    poster: str  # 'Title (board 9, Poster session 1)', or ''
    place: str


@dataclass(frozen=True)
class CardBreak:
    title: str
    when: str  # '10:30–11:00'
    places: tuple[str, ...]
    mentees: tuple[CardMentee, ...]


@dataclass(frozen=True)
class Card:
    mentor_id: int
    name: str
    affiliation: str
    interests: tuple[str, ...]
    breaks: tuple[CardBreak, ...]

    @property
    def meeting_count(self) -> int:
        return sum(len(b.mentees) for b in self.breaks)


def build_cards(
    plan: PlanData, *, mentor: str | None = None, include_drafts: bool = False
) -> list[Card]:
    """One card per mentor with meetings (published ones unless include_drafts)."""
    mentors = list(plan.problem.mentors)
    if mentor is not None:
        mentors = [_find(plan, mentor)]
    shown = [p for p in plan.pairings if p.published or include_drafts]
    mentees = {m.id: m for m in plan.problem.mentees}
    cards = []
    for m in mentors:
        stops = []
        for info in plan.breaks:
            here = [p for p in shown if p.mentor_id == m.id and p.break_id == info.id]
            if not here:
                continue
            people = []
            for p in here:
                mentee = mentees.get(p.mentee_id)
                if mentee is None:
                    continue
                wanted = {fold(i) for i in m.interests}
                poster = plan.posters.get(mentee.id)
                people.append(
                    CardMentee(
                        mentee.name,
                        plan.affiliations.get(("mentee", mentee.id), ""),
                        mentee.interests,
                        tuple(i for i in mentee.interests if fold(i) in wanted)
                        or tuple(t.strip() for t in p.topic.split(",") if t.strip()),
                        poster.label if poster else "",
                        p.place,
                    )
                )
            people.sort(key=lambda c: (fold(c.place), fold(c.name)))
            places = tuple(dict.fromkeys(c.place for c in people if c.place))
            stops.append(CardBreak(info.title, info.when, places, tuple(people)))
        if stops or mentor is not None:
            cards.append(
                Card(
                    m.id,
                    m.name,
                    plan.affiliations.get(("mentor", m.id), ""),
                    m.interests,
                    tuple(stops),
                )
            )
    if not cards:
        what = "pairings" if include_drafts else "published pairings"
        raise CardError(f"there are no {what} yet: propose pairings and publish them first")
    return cards


def _find(plan: PlanData, text: str) -> Mentor:
    wanted = " ".join(fold(text).split())
    mentors = plan.problem.mentors
    exact = [m for m in mentors if fold(m.name) == wanted]
    found = exact or [m for m in mentors if wanted and wanted in fold(m.name)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(m.name for m in (found or mentors)) or "none"
    if not found:
        raise CardError(f"no mentor matches '{text}' (the mentors are: {names})")
    raise CardError(f"'{text}' matches {len(found)} mentors ({names}): give more of the name")
