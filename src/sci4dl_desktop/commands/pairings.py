"""Mentorship pairings from the command line.

sci4dl-desktop pairings [--db URL]                  the stored plan and its score
sci4dl-desktop pairings --auto [--db URL] [--apply]  propose (and store) fair pairings
sci4dl-desktop pairings --publish [--db URL]        publish the draft pairings
sci4dl-desktop mentor-cards --out FILE.pdf [--mentor NAME]   printable mentor cards
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sci4dl_desktop.cli import CliError, open_target

if TYPE_CHECKING:  # the solver (HiGHS) loads only when a pairing command runs
    from sci4dl_desktop.domain.matching import MatchResult
    from sci4dl_desktop.domain.pairing_plan import PlanData


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "pairings",
        help="show the mentorship pairings, or propose fair ones with --auto",
        description="Without options, prints the stored pairings and their score. With "
        "--auto, proposes pairings that maximise topic overlap under the capacity, "
        "availability and fairness constraints (locked pairs are kept).",
    )
    add_common(parser)
    parser.add_argument("--auto", action="store_true", help="propose pairings with the solver")
    parser.add_argument(
        "--apply",
        action="store_true",
        help="with --auto: store the proposal (replaces unlocked pairings, keeps locked ones)",
    )
    parser.add_argument(
        "--publish", action="store_true", help="publish the draft pairings to mentors and kiosk"
    )
    parser.set_defaults(func=run)

    cards = subparsers.add_parser(
        "mentor-cards",
        help="write printable mentor cards (PDF) of the published pairings",
    )
    add_common(cards)
    cards.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    cards.add_argument("--mentor", metavar="NAME", help="only this mentor's card")
    cards.set_defaults(func=run_cards)


def print_plan(
    plan: PlanData, result: MatchResult, places: dict[tuple[int, int, int], str], out: TextIO
) -> None:
    """The pairings by break and mentor, the score, and each unmatched mentee with the reason."""
    for info in plan.breaks:
        here = [a for a in result.assignments if a.break_id == info.id]
        print(f"{info.label} ({len(here)} meetings)", file=out)
        names = [
            (plan.name_of("mentor", a.mentor_id), plan.name_of("mentee", a.mentee_id), a)
            for a in here
        ]
        for mentor, mentee, a in sorted(names, key=lambda n: (n[0], n[1])):
            place = places.get((a.mentor_id, a.mentee_id, a.break_id), "")
            lock = " [locked]" if a.locked else ""
            shared = ", ".join(a.shared) or "no shared interest"
            print(
                f"  {mentor:<24} {mentee:<26} {a.score:5.2f}  {place:<24} {shared}{lock}",
                file=out,
            )
    print(result.summary(), file=out)
    if result.unmatched:
        print(f"Unmatched mentees ({len(result.unmatched)}):", file=out)
        for u in result.unmatched:
            print(f"  {u.name}: {u.reason}", file=out)


def run(args: argparse.Namespace) -> int:
    if args.apply and not args.auto:
        raise CliError("--apply stores a proposal: use it together with --auto")
    from sci4dl_desktop.domain.pairing_edits import propose, publish, store_proposal
    from sci4dl_desktop.domain.pairing_plan import PlanError, load_plan

    database = open_target(args)
    try:
        with database.session() as session:
            plan = load_plan(session)
        if not plan.problem.mentors or not plan.problem.mentees:
            raise CliError(
                f"{plan.event_title} has {len(plan.problem.mentors)} mentors and "
                f"{len(plan.problem.mentees)} mentees: mark both in the Mentorship planning page"
            )
        if args.auto:
            proposal = propose(plan)
            if not proposal.result.feasible:
                raise CliError("no proposal: " + " ".join(proposal.result.problems))
            print(f"Proposal for {plan.event_title}:")
            print_plan(plan, proposal.result, proposal.places, sys.stdout)
            for warning in proposal.crowded:
                print(f"Warning: {warning}")
            if args.apply:
                count = store_proposal(database, proposal)
                print(f"Stored {count} pairings as drafts: publish them with --publish.")
        else:
            places = {(p.mentor_id, p.mentee_id, p.break_id): p.place for p in plan.pairings}
            print(f"Stored pairings of {plan.event_title} ({plan.unpublished} not published):")
            print_plan(plan, plan.current_result(), places, sys.stdout)
        if args.publish:
            print(f"Published {publish(database)} pairings.")
        return 0
    except PlanError as exc:
        raise CliError(str(exc)) from exc
    finally:
        database.close()


def run_cards(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".pdf":
        raise CliError(f"--out {args.out} must end in .pdf")
    if not args.out.parent.exists():
        raise CliError(
            f"folder {args.out.parent} does not exist: create it or choose another --out"
        )
    database = open_target(args)
    try:
        from sci4dl_desktop.commands.export_formats import write_atomically
        from sci4dl_desktop.ui.printing.mentor_cards import CardError, write_cards_for

        counted: list[int] = []
        try:  # written beside the target and renamed: never half a file
            write_atomically(
                args.out,
                lambda path: counted.append(write_cards_for(database, path, mentor=args.mentor)),
            )
        except CardError as exc:
            raise CliError(str(exc)) from exc
        count = counted[0]
        print(f"Wrote {count} mentor card{'s' if count != 1 else ''} to {args.out}")
        return 0
    finally:
        database.close()
