"""The plan tree model on its own: structure, drag data, what a drop means."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QAbstractItemModelTester

from sci4dl_desktop.domain.pairing_plan import load_plan
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.pairings.plan_model import (
    KIND_ROLE,
    MENTOR_ROLE,
    MIME_TYPE,
    PAIRING_ROLE,
    PLACE_COLUMN,
    SHARED_COLUMN,
    STATUS_COLUMN,
    PlanModel,
)


def test_the_tree_is_mentor_then_break_then_mentee(qapp: object, demo_db: Database) -> None:
    with demo_db.session() as s:
        plan = load_plan(s)
    model = PlanModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.show_plan(plan)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        m.name for m in plan.problem.mentors
    ]
    mentor = model.index(0, 0)
    meetings = sum(model.rowCount(model.index(b, 0, mentor)) for b in range(2))
    assert model.index(0, STATUS_COLUMN).data() == f"{meetings} meetings, 3/break"
    node = model.index(0, 0, mentor)
    assert node.data() == "Coffee break 10:30–11:00"
    assert node.siblingAtColumn(STATUS_COLUMN).data() == f"{model.rowCount(node)} of 3 seats"
    pair = model.index(0, 0, node)
    assert pair.data(KIND_ROLE) == "pairing"
    assert pair.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert not mentor.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert mentor.flags() & Qt.ItemFlag.ItemIsDropEnabled
    assert model.index(0, 0, model.index(1, 0)).data(MENTOR_ROLE) == model.index(1, 0).data(
        MENTOR_ROLE
    )


def test_a_drop_means_the_mentor_and_break_under_it(qapp: object, demo_db: Database) -> None:
    with demo_db.session() as s:
        plan = load_plan(s)
    model = PlanModel()
    model.show_plan(plan)
    pair = model.index(0, 0, model.index(0, 0, model.index(0, 0)))
    pairing = next(p for p in plan.pairings if p.id == pair.data(PAIRING_ROLE))
    data = model.mimeData([pair, pair.siblingAtColumn(PLACE_COLUMN)])
    assert bytes(data.data(MIME_TYPE).data()).decode() == str(pairing.id)
    other = model.index(1, 0)  # another mentor: same break
    assert model.drop_target(data, other) == (pairing.id, other.data(MENTOR_ROLE), pairing.break_id)
    afternoon = model.index(1, 0, other)
    assert model.drop_target(data, afternoon.siblingAtColumn(SHARED_COLUMN)) == (
        pairing.id,
        other.data(MENTOR_ROLE),
        plan.breaks[1].id,
    )
    assert model.drop_target(data, pair.parent()) is None  # where it already is
    assert model.drop_target(QMimeData(), other) is None
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, other)


def test_the_dragged_row_stays_until_the_database_says_otherwise(
    qapp: object, demo_db: Database
) -> None:
    with demo_db.session() as s:
        plan = load_plan(s)
    model = PlanModel()
    model.show_plan(plan)
    node = model.index(0, 0, model.index(0, 0))
    before = model.rowCount(node)
    assert not model.removeRows(0, 1, node)  # what a view asks after a move-drag
    assert model.rowCount(node) == before
    model.show_plan(plan)  # a refresh still rebuilds the tree
    assert model.rowCount() == len(plan.problem.mentors)
