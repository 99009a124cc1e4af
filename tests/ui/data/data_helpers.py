"""Helpers shared by the event data tests."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def count_rows(database: Database, model: type, *where: object) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(model)
        if where:
            query = query.where(*where)  # type: ignore[arg-type]
        return int(session.scalar(query) or 0)
