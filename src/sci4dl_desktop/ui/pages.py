"""The pages of the main window, grouped by the people who use them.

Each page is a QWidget built by a factory that takes the AppContext. Page modules
are imported only when the page is first shown, which keeps start-up fast.
Add a page by adding one PageSpec to PAGES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from sci4dl_desktop.ui.context import AppContext


class Role(Enum):
    DESK = "Registration desk"
    CHAIR = "Session chair"
    ATTENDEE = "Attendee"
    MENTOR = "Mentor"
    ORGANISER = "Organiser"


@dataclass(frozen=True)
class PageSpec:
    key: str
    role: Role
    title: str
    icon: str  # a name under resources/icons/, without .svg
    factory: str  # "module:callable", called with the AppContext
    in_kiosk: bool = False  # shown in the attendee kiosk (must show no private data)

    def build(self, context: AppContext) -> QWidget:
        module_name, _, attr = self.factory.partition(":")
        factory: Callable[[AppContext], QWidget] = getattr(
            importlib.import_module(module_name), attr
        )
        widget = factory(context)
        widget.setObjectName(f"page-{self.key}")
        return widget


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "chair",
        Role.CHAIR,
        "Session chair",
        "chair",
        "sci4dl_desktop.ui.chair.page:ChairPage",
    ),
    PageSpec(
        "schedule",
        Role.ATTENDEE,
        "Schedule",
        "schedule",
        "sci4dl_desktop.ui.schedule.page:SchedulePage",
        in_kiosk=True,
    ),
    PageSpec(
        "posters",
        Role.ATTENDEE,
        "Posters",
        "posters",
        "sci4dl_desktop.ui.posters.page:PostersPage",
        in_kiosk=True,
    ),
    PageSpec(
        "agenda",
        Role.ATTENDEE,
        "My agenda",
        "agenda",
        "sci4dl_desktop.ui.agenda.page:AgendaPage",
        in_kiosk=True,
    ),
    PageSpec(
        "mentorship",
        Role.MENTOR,
        "Mentorship",
        "mentorship",
        "sci4dl_desktop.ui.mentorship.page:MentorshipPage",
        in_kiosk=True,
    ),
    PageSpec(
        "pairings",
        Role.ORGANISER,
        "Mentorship planning",
        "pairings",
        "sci4dl_desktop.ui.pairings.page:PairingsPage",
        in_kiosk=False,
    ),
    PageSpec(
        "desk",
        Role.DESK,
        "Registration desk",
        "desk",
        "sci4dl_desktop.ui.desk.page:DeskPage",
        in_kiosk=False,
    ),
    PageSpec(
        "arrivals",
        Role.DESK,
        "Arrivals",
        "arrivals",
        "sci4dl_desktop.ui.arrivals.page:ArrivalsPage",
        in_kiosk=False,
    ),
    PageSpec(
        "data",
        Role.ORGANISER,
        "Event data",
        "data",
        "sci4dl_desktop.ui.data.page:DataPage",
        in_kiosk=False,
    ),
)
