"""The mentorship matching problem and its result, as plain data, and how a plan is judged.

A plan (the solver's or one the organiser edited) is judged by `evaluate`: meetings,
mentees met, topic-overlap total, the balance penalty, and the reason each unmatched
mentee has no meeting. `validate` lists what makes a problem impossible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

DEFAULT_FAIRNESS = 0.25


# -- the problem ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Busy:
    """A time someone cannot meet, and why ('speaking in Invited talk 4')."""

    start: datetime
    end: datetime
    what: str

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Slot:
    """A break in which mentorship meetings happen."""

    id: int
    title: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Mentor:
    id: int
    name: str
    interests: tuple[str, ...]
    capacity: int  # meetings per break
    busy: tuple[Busy, ...] = ()


@dataclass(frozen=True)
class Mentee:
    id: int
    name: str
    interests: tuple[str, ...]
    breaks: frozenset[int]  # the breaks they can attend
    busy: tuple[Busy, ...] = ()


@dataclass(frozen=True)
class Lock:
    mentor_id: int
    mentee_id: int
    break_id: int


@dataclass(frozen=True)
class Options:
    fairness: float = DEFAULT_FAIRNESS  # extra cost of each further meeting of one mentor
    meetings_per_mentee: int = 1


@dataclass(frozen=True)
class Problem:
    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    breaks: tuple[Slot, ...]
    locks: tuple[Lock, ...] = ()
    options: Options = field(default_factory=Options)


def busy_reason(busy: Sequence[Busy], slot: Slot) -> str | None:
    """Why someone is busy in a break, or None when they are free."""
    for item in busy:
        if item.overlaps(slot.start, slot.end):
            return item.what
    return None


# -- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    mentor_id: int
    mentee_id: int
    break_id: int
    score: float
    shared: tuple[str, ...]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class MatchResult:
    feasible: bool
    assignments: tuple[Assignment, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    problems: tuple[str, ...] = ()  # why it is infeasible, one sentence each
    covered: int = 0  # mentees met at least once
    total_score: float = 0.0
    fairness_penalty: float = 0.0
    coverage_weight: float = 0.0
    loads: dict[int, int] = field(default_factory=dict)  # mentor id -> meetings
    optimal: bool = True
    solve_seconds: float = 0.0

    @property
    def objective(self) -> float:
        """What the solver maximised: W x covered + total score - fairness penalty."""
        return self.coverage_weight * self.covered + self.total_score - self.fairness_penalty

    @property
    def quality(self) -> float:
        """The objective without the coverage term: topic overlap minus the balance penalty."""
        return self.total_score - self.fairness_penalty

    def summary(self) -> str:
        if not self.feasible:
            return "No proposal: " + " ".join(self.problems)
        loads = list(self.loads.values()) or [0]
        text = (
            f"{len(self.assignments)} meetings, {self.covered} mentees met, "
            f"{len(self.unmatched)} unmatched; topic overlap {self.total_score:.2f}, "
            f"balance penalty {self.fairness_penalty:.2f}, objective {self.quality:.2f}; "
            f"mentor load {min(loads)}–{max(loads)}"
        )
        return text if self.optimal else text + " (time limit reached: best found so far)"


def load_penalty(load: int, fairness: float) -> float:
    """The balance penalty of one mentor with `load` meetings: 0 + 1 + ... + (load-1) steps."""
    return fairness * load * (load - 1) / 2


# -- validation ----------------------------------------------------------------------------


def validate(problem: Problem) -> list[str]:
    """Everything that makes the problem impossible, as sentences that say what to change."""
    found: list[str] = []
    mentors = {m.id: m for m in problem.mentors}
    mentees = {m.id: m for m in problem.mentees}
    slots = {s.id: s for s in problem.breaks}
    options = problem.options
    if options.meetings_per_mentee < 1:
        found.append("Meetings per mentee must be at least 1.")
    if options.fairness < 0:
        found.append("The fairness weight cannot be negative.")
    found.extend(
        f"{m.name} has a negative capacity ({m.capacity})."
        for m in problem.mentors
        if m.capacity < 0
    )
    per_break: Counter[tuple[int, int]] = Counter()
    mentee_break: Counter[tuple[int, int]] = Counter()
    mentee_mentor: Counter[tuple[int, int]] = Counter()
    mentee_total: Counter[int] = Counter()
    for lock in problem.locks:
        mentor, mentee, slot = (
            mentors.get(lock.mentor_id),
            mentees.get(lock.mentee_id),
            slots.get(lock.break_id),
        )
        if mentor is None or mentee is None or slot is None:
            missing = "mentor" if mentor is None else "mentee" if mentee is None else "break"
            found.append(
                f"A locked pair refers to a {missing} that is no longer in the plan: unlock it."
            )
            continue
        pair = f"The locked pair {mentor.name} – {mentee.name} in {slot.title}"
        if slot.id not in mentee.breaks:
            found.append(
                f"{pair}: {mentee.name} is not available in that break; "
                "unlock the pair or add the break to their profile."
            )
        for who, busy in ((mentor.name, mentor.busy), (mentee.name, mentee.busy)):
            reason = busy_reason(busy, slot)
            if reason:
                found.append(f"{pair}: {who} is busy then ({reason}); unlock or move the pair.")
        per_break[(mentor.id, slot.id)] += 1
        mentee_break[(mentee.id, slot.id)] += 1
        mentee_mentor[(mentee.id, mentor.id)] += 1
        mentee_total[mentee.id] += 1
    for (mentor_id, slot_id), count in sorted(per_break.items()):
        if count > mentors[mentor_id].capacity:
            found.append(
                f"{count} locked pairs give {mentors[mentor_id].name} more meetings in "
                f"{slots[slot_id].title} than their capacity of {mentors[mentor_id].capacity}: "
                "unlock some or raise the capacity."
            )
    for (mentee_id, slot_id), count in sorted(mentee_break.items()):
        if count > 1:
            found.append(
                f"{mentees[mentee_id].name} has {count} locked meetings in "
                f"{slots[slot_id].title}: a mentee meets one mentor per break."
            )
    for (mentee_id, mentor_id), count in sorted(mentee_mentor.items()):
        if count > 1:
            found.append(
                f"{mentees[mentee_id].name} is locked with {mentors[mentor_id].name} "
                f"{count} times: a mentee meets each mentor at most once."
            )
    for mentee_id, count in sorted(mentee_total.items()):
        if count > options.meetings_per_mentee >= 1:
            found.append(
                f"{mentees[mentee_id].name} has {count} locked meetings, more than the "
                f"{options.meetings_per_mentee} allowed per mentee."
            )
    return found


# -- judging a plan --------------------------------------------------------------------


def evaluate(
    problem: Problem,
    assignments: Sequence[Assignment],
    *,
    coverage_weight: float = 0.0,
    optimal: bool = True,
    solve_seconds: float = 0.0,
) -> MatchResult:
    """The result of a given set of meetings: loads, scores, penalty and who is unmatched.

    Used for the solver's proposal and for a plan the organiser has edited by hand.
    """
    loads = {m.id: 0 for m in problem.mentors}
    for a in assignments:
        loads[a.mentor_id] = loads.get(a.mentor_id, 0) + 1
    met = {a.mentee_id for a in assignments}
    fairness = problem.options.fairness
    return MatchResult(
        feasible=True,
        assignments=tuple(
            sorted(assignments, key=lambda a: (a.break_id, a.mentor_id, a.mentee_id))
        ),
        unmatched=tuple(explain_unmatched(problem, assignments)),
        covered=len(met),
        total_score=round(sum(a.score for a in assignments), 6),
        fairness_penalty=round(sum(load_penalty(n, fairness) for n in loads.values()), 6),
        coverage_weight=coverage_weight,
        loads=loads,
        optimal=optimal,
        solve_seconds=solve_seconds,
    )


def explain_unmatched(problem: Problem, assignments: Sequence[Assignment]) -> list[Unmatched]:
    """Each mentee without a meeting, with the reason in words an organiser can act on."""
    met = {a.mentee_id for a in assignments}
    slots = {s.id: s for s in problem.breaks}
    out: list[Unmatched] = []
    for mentee in problem.mentees:
        if mentee.id in met:
            continue
        available = [slots[b] for b in sorted(mentee.breaks) if b in slots]
        if not available:
            reason = "no available break: tick the breaks they can attend in their profile"
        else:
            busy = [(s, busy_reason(mentee.busy, s)) for s in available]
            free = [s for s, why in busy if why is None]
            if not free:
                reason = "busy in every break they can attend: " + "; ".join(
                    f"{s.title}: {why}" for s, why in busy
                )
            elif not any(
                m.capacity > 0 and busy_reason(m.busy, s) is None
                for m in problem.mentors
                for s in free
            ):
                reason = "no mentor is free in " + _and(s.title for s in free)
            else:
                reason = "all compatible mentors are full in " + _and(s.title for s in free)
        out.append(Unmatched(mentee.id, mentee.name, reason))
    return out


def _and(items: Iterable[str]) -> str:
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
