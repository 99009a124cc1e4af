"""The Qt binding must keep Python's reference counts right.

PySide6 6.12.0 drops a reference to None on every call of a Qt method that returns
nothing. On Python 3.11, where None is not yet immortal, the process aborts with
"Fatal Python error: none_dealloc" once the count reaches zero: a few thousand calls,
which a repainting timeline makes in minutes. pyproject.toml excludes that release.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtWidgets import QWidget

CALLS = 2_000


def test_qt_calls_that_return_nothing_keep_none_alive(qapp: object) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.setToolTip("a tooltip")
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 20, (
        f"PySide6 {PySide6.__version__} lost {lost} references to None in {CALLS} calls; "
        "the app would abort after a few minutes. Install a release the project allows: "
        ".venv/bin/pip install -e '.[dev]'"
    )
