"""Whose agenda the app is showing and starring into, shared by every page of one window.

Outside the kiosk the default is this computer's anonymous agenda ("local:<uuid>",
created once and remembered in the settings). In the kiosk nobody is chosen until
an attendee looks themselves up or scans their badge, and the choice is kept apart
from the staff's own (under "kiosk/") so the kiosk can forget it for the next person.
Pages hear about a change through `data_changed("agenda_owner")`.
"""

from __future__ import annotations

from sci4dl_desktop.domain.agenda import (
    AgendaError,
    PublicAttendee,
    check_owner,
    new_local_owner,
    owner_attendee_id,
    public_attendee,
)
from sci4dl_desktop.ui.context import AppContext

OWNER_TOPIC = "agenda_owner"
STARS_TOPIC = "stars"
LOCAL_ID_KEY = "agenda/local_owner"
OWNER_KEY = "agenda/owner"
KIOSK_OWNER_KEY = "kiosk/agenda_owner"
LOCAL_LABEL = "This computer's agenda"


def local_owner(context: AppContext) -> str:
    """This machine's anonymous agenda, created on first use."""
    value = context.settings.value(LOCAL_ID_KEY, "")
    text = value if isinstance(value, str) else ""
    try:
        return check_owner(text)
    except AgendaError:
        owner = new_local_owner()
        context.settings.setValue(LOCAL_ID_KEY, owner)
        return owner


def _key(context: AppContext) -> str:
    return KIOSK_OWNER_KEY if context.kiosk else OWNER_KEY


def current_owner(context: AppContext) -> str | None:
    """The agenda stars go to now; None in the kiosk until someone identifies."""
    value = context.settings.value(_key(context), "")
    text = value if isinstance(value, str) else ""
    if text:
        try:
            owner = check_owner(text)
        except AgendaError:
            owner = ""
        if owner and not (context.kiosk and owner.startswith("local:")):
            return owner
    return None if context.kiosk else local_owner(context)


def set_current_owner(context: AppContext, owner: str | None) -> None:
    """Switch agendas (None: back to the default) and tell every page."""
    if owner is not None:
        check_owner(owner)
    context.settings.setValue(_key(context), owner or "")
    context.signals.data_changed.emit(OWNER_TOPIC)


def owner_person(context: AppContext, owner: str | None) -> PublicAttendee | None:
    if owner is None:
        return None
    attendee_id = owner_attendee_id(owner)
    if attendee_id is None:
        return None
    with context.database.session() as db:
        return public_attendee(db, attendee_id)


def owner_label(context: AppContext, owner: str | None) -> str:
    """'Ana Silva (USP)', "This computer's agenda", or 'Nobody yet' (name and affiliation only)."""
    if owner is None:
        return "Nobody yet"
    if owner.startswith("local:"):
        return LOCAL_LABEL
    person = owner_person(context, owner)
    return person.label if person is not None else "An attendee no longer registered"


__all__ = [
    "LOCAL_LABEL",
    "OWNER_TOPIC",
    "STARS_TOPIC",
    "current_owner",
    "local_owner",
    "owner_label",
    "owner_person",
    "set_current_owner",
]
