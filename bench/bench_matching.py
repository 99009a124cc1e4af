"""Mentorship matching: 300 mentees, 40 mentors, 2 breaks, from the event file to places.

The measured side is what the "Propose pairings" button and `pairings --auto` run: read
the plan from a real SQLite event file (profiles, breaks, who is busy from the
schedule, locks), score every candidate pair, build the integer program, solve it,
explain the unmatched and give every meeting a place. The interest cache is cleared
before each sample, so scoring is paid every time.

The baseline is measured in the same run on the same problem: HiGHS (highspy's compiled
bindings, `domain.highs.solve_milp`) called directly on the already-built program, i.e.
the solver's own time. Targets: at most 1.5x the solver's time, and under 2 seconds.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from sqlalchemy import select

from harness import Benchmark, Result, median_time
from sci4dl_desktop.domain.highs import Status
from sci4dl_desktop.domain.interests import interests
from sci4dl_desktop.domain.matching import build_program, run_program
from sci4dl_desktop.domain.pairing_edits import propose
from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.io import demo_names as names
from sci4dl_desktop.io.demo import create_demo_database, load_facts
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, SessionKind
from sci4dl_desktop.store.models import (
    Attendee,
    Event,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Session,
)

MENTEES, MENTORS = 300, 40
BOUND_SECONDS = 2.0


def build_event(path: Path, seed: int = 300) -> Database:
    """The demo event with 300 mentees and 40 mentors over its two mentorship breaks."""
    rng = random.Random(seed)
    topics: list[str] = load_facts()["topics"]
    database = create_demo_database(path)
    with database.transaction() as s:
        event_id = s.scalars(select(Event.id)).one()
        breaks = [
            b.id
            for b in s.scalars(select(Session).where(Session.kind == SessionKind.BREAK))
            if "mentor" in b.notes
        ]
        for pairing in s.scalars(select(Pairing)):
            s.delete(pairing)
        mentors = len(list(s.scalars(select(MentorProfile))))
        for n in range(MENTORS - mentors):
            person = Person(
                event_id=event_id,
                name=f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)} {n}",
                affiliation=rng.choice(names.AFFILIATIONS["academic"]),
                roles=["mentor"],
            )
            s.add(person)
            s.flush()
            s.add(
                MentorProfile(
                    person_id=person.id,
                    interests=rng.sample(topics, rng.randint(2, 5)),
                    capacity_per_break=rng.choice([2, 3, 3, 4]),
                )
            )
        taken = set(s.scalars(select(MenteeProfile.attendee_id)))
        students = [
            a
            for a in s.scalars(
                select(Attendee).where(
                    Attendee.category.in_([AttendeeCategory.STUDENT, AttendeeCategory.ACADEMIC])
                )
            )
            if a.id not in taken
        ]
        for attendee in rng.sample(students, MENTEES - len(taken)):
            s.add(
                MenteeProfile(
                    attendee_id=attendee.id,
                    interests=rng.sample(topics, rng.randint(1, 4)),
                    available_break_ids=rng.choice([breaks, breaks, breaks[:1], breaks[1:]]),
                )
            )
    return database


def measure() -> Result:
    folder = Path(tempfile.mkdtemp(prefix="sci4dl-bench-matching-"))
    database = build_event(folder / "matching.sci4dl")
    try:
        with database.session() as s:
            plan = load_plan(s)
        assert len(plan.problem.mentees) == MENTEES and len(plan.problem.mentors) == MENTORS
        program = build_program(plan.problem)
        outcome: list[str] = []

        def app_end_to_end() -> None:
            interests.cache_clear()
            with database.session() as s:
                fresh = load_plan(s)
            proposal = propose(fresh)
            assert proposal.result.feasible and proposal.result.optimal
            outcome[:] = [proposal.result.summary()]

        def solver_alone() -> None:
            solution = run_program(program)
            assert solution.status is Status.OPTIMAL, solution.message

        solver_alone()  # warm both paths once
        app_end_to_end()
        measured = median_time(app_end_to_end, repeat=5)
        baseline = median_time(solver_alone, repeat=5)
        return Result(
            measured,
            baseline,
            absolute_ok=measured < BOUND_SECONDS,
            detail=f"{len(program.edge_score)} candidate meetings; {outcome[0]}",
        )
    finally:
        database.close()


BENCHMARKS = [
    Benchmark(
        "mentorship matching 300 x 40 x 2 (app vs HiGHS)",
        "ratio <= 1.5 and under 2 s",
        measure,
        max_ratio=1.5,
    )
]
