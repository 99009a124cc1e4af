"""Changing the mentorship plan: proposals from the solver, hand edits, locks, publishing.

Every change is one transaction that re-reads the plan first, so what is checked is
what is written. A stored proposal replaces the unlocked pairings and keeps the locked
ones; new and edited pairings are drafts (unpublished) until the organiser publishes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.event_info import first_event
from sci4dl_desktop.domain.interests import overlap
from sci4dl_desktop.domain.matching import MatchResult, solve
from sci4dl_desktop.domain.matching_model import Slot, busy_reason
from sci4dl_desktop.domain.pairing_plan import PlanData, PlanError, StoredPairing, load_plan
from sci4dl_desktop.domain.places import Meeting, PlaceResult, assign_places
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Pairing

Key = tuple[int, int, int]  # (mentor id, mentee id, break id)


@dataclass(frozen=True)
class Proposal:
    result: MatchResult
    places: dict[Key, str] = field(default_factory=dict)
    crowded: tuple[str, ...] = ()
    locks: frozenset[Key] = frozenset()  # the locked pairs it was built around

    def place(self, mentor_id: int, mentee_id: int, break_id: int) -> str:
        return self.places.get((mentor_id, mentee_id, break_id), "")


def _meetings(plan: PlanData, keys: Iterable[Key], fixed: dict[Key, str]) -> list[Meeting]:
    breaks = {b.id: b for b in plan.breaks}
    out = []
    for key in keys:
        info = breaks.get(key[2])
        if info is None:
            continue
        poster = plan.posters.get(key[1])
        out.append(
            Meeting(
                key,
                key[0],
                key[2],
                info.start,
                info.end,
                info.area,
                poster.spot if poster else None,
                fixed.get(key, ""),
            )
        )
    return out


def _place(plan: PlanData, keys: Iterable[Key], fixed: dict[Key, str]) -> PlaceResult:
    order = [m.id for m in plan.problem.mentors]
    return assign_places(_meetings(plan, keys, fixed), plan.settings.places, order)


def propose(plan: PlanData) -> Proposal:
    """Solve the plan's problem and give every meeting a place (locked pairs keep theirs)."""
    locks = frozenset((k.mentor_id, k.mentee_id, k.break_id) for k in plan.problem.locks)
    result = solve(plan.problem)
    if not result.feasible:
        return Proposal(result, locks=locks)
    fixed = {
        (p.mentor_id, p.mentee_id, p.break_id): p.place
        for p in plan.pairings
        if p.locked and p.place
    }
    keys = [(a.mentor_id, a.mentee_id, a.break_id) for a in result.assignments]
    placed = _place(plan, keys, fixed)
    places = {k: str(placed.places[k]) for k in keys if k in placed.places}
    return Proposal(result, places, placed.crowded, locks)


def _event_id(db: OrmSession) -> int:
    return first_event(db, PlanError)[0].id


def store_proposal(database: Database, proposal: Proposal) -> int:
    """Replace the unlocked pairings by the proposal's, in one transaction; returns how many."""
    if not proposal.result.feasible:
        raise PlanError("There is no proposal to store: " + " ".join(proposal.result.problems))
    with database.transaction() as db:
        event_id = _event_id(db)
        stored = list(db.scalars(select(Pairing).where(Pairing.event_id == event_id)))
        locked = {(p.mentor_id, p.mentee_id, p.slot_id): p for p in stored if p.locked}
        if set(locked) != proposal.locks:
            raise PlanError(
                "The locked pairs changed since this proposal was made (perhaps at another "
                "desk): propose again."
            )
        for pairing in stored:
            if not pairing.locked:
                db.delete(pairing)
        db.flush()
        for a in proposal.result.assignments:
            key = (a.mentor_id, a.mentee_id, a.break_id)
            topic = ", ".join(a.shared)
            kept = locked.get(key)
            if kept is not None:
                kept.score = a.score
                kept.topic = kept.topic or topic
                kept.place = kept.place or proposal.places.get(key, "")
                continue
            db.add(
                Pairing(
                    event_id=event_id,
                    mentor_id=a.mentor_id,
                    mentee_id=a.mentee_id,
                    slot_id=a.break_id,
                    place=proposal.places.get(key, ""),
                    topic=topic,
                    score=a.score,
                    locked=False,
                    published=False,
                )
            )
    return len(proposal.result.assignments)


def publish(database: Database) -> int:
    """Publish every draft pairing (mentors and the kiosk then see them); returns how many."""
    with database.transaction() as db:
        event_id = _event_id(db)
        drafts = list(
            db.scalars(
                select(Pairing.id).where(Pairing.event_id == event_id, Pairing.published.is_(False))
            )
        )
        if drafts:
            db.execute(update(Pairing).where(Pairing.id.in_(drafts)).values(published=True))
    return len(drafts)


# -- checks --------------------------------------------------------------------------------


def check_meeting(
    plan: PlanData, mentor_id: int, mentee_id: int, break_id: int, *, ignore: int | None = None
) -> list[str]:
    """What forbids this meeting next to the other pairings (`ignore`: the one being moved)."""
    mentor, mentee, info = plan.mentor(mentor_id), plan.mentee(mentee_id), plan.break_info(break_id)
    if mentor is None:
        return ["That person is not a mentor any more: refresh the page."]
    if mentee is None:
        return ["That attendee is not a mentee any more: refresh the page."]
    if info is None:
        return ["That break is not used for mentorship: choose one of the mentorship breaks."]
    found: list[str] = []
    slot = Slot(info.id, info.label, info.start, info.end)
    if break_id not in mentee.breaks:
        found.append(f"{mentee.name} cannot attend {info.label}: tick it in their profile first.")
    for who, busy in ((mentor.name, mentor.busy), (mentee.name, mentee.busy)):
        reason = busy_reason(busy, slot)
        if reason:
            found.append(f"{who} is busy during {info.label} ({reason}).")
    others = [p for p in plan.pairings if p.id != ignore]
    load = sum(p.mentor_id == mentor_id and p.break_id == break_id for p in others)
    if load >= mentor.capacity:
        found.append(
            f"{mentor.name} already has {load} meetings in {info.label}, their capacity: "
            "raise it in their profile or choose another mentor."
        )
    for p in others:
        if p.mentee_id != mentee_id:
            continue
        if p.break_id == break_id:
            found.append(
                f"{mentee.name} already meets {plan.name_of('mentor', p.mentor_id)} "
                f"in {info.label}."
            )
        elif p.mentor_id == mentor_id:
            other = plan.break_info(p.break_id)
            found.append(
                f"{mentee.name} already meets {mentor.name}"
                + (f" in {other.label}." if other else ".")
            )
    count = sum(p.mentee_id == mentee_id for p in others)
    allowed = plan.problem.options.meetings_per_mentee
    if count >= allowed:
        found.append(
            f"{mentee.name} already has {count} meeting{'s' if count != 1 else ''} "
            f"(at most {allowed} per mentee)."
        )
    return found


def plan_warnings(plan: PlanData) -> list[str]:
    """What is wrong with the stored plan (after hand edits or profile changes), deduplicated."""
    found: list[str] = []
    for p in plan.pairings:
        for text in check_meeting(plan, p.mentor_id, p.mentee_id, p.break_id, ignore=p.id):
            if "capacity" in text:
                text = text.replace("already has", "has more than")
            if text not in found:
                found.append(text)
    cap = plan.settings.places.per_place
    crowd = Counter((p.break_id, p.place) for p in plan.pairings if p.place)
    for (break_id, place), count in sorted(crowd.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        info = plan.break_info(break_id)
        if count > cap and info is not None:
            found.append(
                f"{place} has {count} meetings in one break (the cap is {cap}) during "
                f"{info.label}: add tables or named spots, or raise the cap."
            )
    return found


# -- hand edits ----------------------------------------------------------------------------


def _stored(plan: PlanData, pairing_id: int) -> StoredPairing:
    found = next((p for p in plan.pairings if p.id == pairing_id), None)
    if found is None:
        raise PlanError("That pairing no longer exists (changed at another desk?): refresh.")
    return found


def _refresh_row(db: OrmSession, plan: PlanData, row: Pairing, ignore: int | None) -> None:
    mentor, mentee = plan.mentor(row.mentor_id), plan.mentee(row.mentee_id)
    found = overlap(mentor.interests, mentee.interests) if mentor and mentee else None
    row.score = found.score if found else 0.0
    row.topic = ", ".join(found.shared) if found else ""
    key = (row.mentor_id, row.mentee_id, row.slot_id)
    fixed = {
        (p.mentor_id, p.mentee_id, p.break_id): p.place
        for p in plan.pairings
        if p.id != ignore and p.break_id == row.slot_id and p.place
    }
    placed = _place(plan, [*fixed, key], fixed)
    row.place = str(placed.places.get(key, ""))
    row.published = False


def move_pairing(database: Database, pairing_id: int, mentor_id: int, break_id: int) -> str:
    """Give a pairing another mentor and/or break; returns its new place."""
    with database.transaction() as db:
        plan = load_plan(db)
        current = _stored(plan, pairing_id)
        problems = check_meeting(plan, mentor_id, current.mentee_id, break_id, ignore=pairing_id)
        if problems:
            raise PlanError(" ".join(problems))
        row = db.get(Pairing, pairing_id)
        assert row is not None
        row.mentor_id, row.slot_id = mentor_id, break_id
        _refresh_row(db, plan, row, ignore=pairing_id)
        return row.place


def add_pairing(database: Database, mentor_id: int, mentee_id: int, break_id: int) -> int:
    """Add one meeting by hand; returns the new pairing's id."""
    with database.transaction() as db:
        plan = load_plan(db)
        problems = check_meeting(plan, mentor_id, mentee_id, break_id)
        if problems:
            raise PlanError(" ".join(problems))
        row = Pairing(
            event_id=_event_id(db), mentor_id=mentor_id, mentee_id=mentee_id, slot_id=break_id
        )
        _refresh_row(db, plan, row, ignore=None)
        db.add(row)
        db.flush()
        return row.id


def delete_pairing(database: Database, pairing_id: int) -> None:
    with database.transaction() as db:
        row = db.get(Pairing, pairing_id)
        if row is None:
            raise PlanError("That pairing no longer exists (changed at another desk?): refresh.")
        db.delete(row)


def set_locked(database: Database, pairing_id: int, locked: bool) -> None:
    """Lock a pairing (kept as it is when proposing again) or unlock it."""
    with database.transaction() as db:
        row = db.get(Pairing, pairing_id)
        if row is None:
            raise PlanError("That pairing no longer exists (changed at another desk?): refresh.")
        row.locked = locked
