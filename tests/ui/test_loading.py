"""LatestRead: only the newest read reaches the page, and nothing reaches a page that is gone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import isValid
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.store.models import Poster
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.loading import LatestRead
from sci4dl_desktop.ui.posters.page import PostersPage


@dataclass
class HeldRunner:
    """A task runner that holds every job until the test lets it finish."""

    jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]] = field(
        default_factory=list
    )

    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.jobs.append((func, on_done, on_error or (lambda _exc: None)))

    def finish(self, index: int) -> None:
        func, on_done, on_error = self.jobs[index]
        try:
            result = func()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)


def count_posters(session: OrmSession) -> int:
    return session.scalar(select(func.count()).select_from(Poster)) or 0


def test_an_older_read_that_returns_late_is_dropped(app_context: AppContext) -> None:
    runner = HeldRunner()
    app_context.tasks = runner
    owner = QObject()
    reads = LatestRead(owner, app_context)
    delivered: list[str] = []
    reads.run(lambda s: f"first {count_posters(s)}", delivered.append, lambda e: None)
    reads.run(lambda s: f"second {count_posters(s)}", delivered.append, lambda e: None)
    runner.finish(1)
    runner.finish(0)  # the first answer comes back last: stale
    assert delivered == ["second 150"]


def test_errors_of_the_newest_read_are_reported(app_context: AppContext) -> None:
    runner = HeldRunner()
    app_context.tasks = runner
    reads = LatestRead(QObject(), app_context)
    errors: list[str] = []

    def broken(_session: OrmSession) -> int:
        raise RuntimeError("disk unplugged")

    reads.run(broken, lambda _r: None, lambda exc: errors.append(str(exc)))
    reads.run(broken, lambda _r: None, lambda exc: errors.append(str(exc)))
    runner.finish(0)
    runner.finish(1)
    assert errors == ["disk unplugged"]


def test_a_page_closed_before_its_posters_arrive_gets_nothing(app_context: AppContext) -> None:
    runner = HeldRunner()
    app_context.tasks = runner
    page = PostersPage(app_context)
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(page)
    for index in range(len(runner.jobs)):
        runner.finish(index)  # would raise on the deleted page's widgets if delivered


def test_the_posters_page_keeps_its_newest_load(qtbot: Any, app_context: AppContext) -> None:
    runner = HeldRunner()
    app_context.tasks = runner
    page = PostersPage(app_context)
    qtbot.addWidget(page)
    page.refresh()
    stale, newest = 0, len(runner.jobs) - 1
    runner.finish(newest)
    title = page.proxy.index(0, 0).data()
    poster_id = page.proxy.poster_id(0)
    with app_context.database.transaction() as session:
        session.get(Poster, poster_id).title = "Renamed after the newest load"
    runner.finish(stale)  # asked for first, answered last: ignored
    assert page.proxy.index(0, 0).data() == title
