"""Moving a session in time, so that calendars that hold it learn about the move.

Calendar apps replace an event they already hold only when the new copy has the same
UID and a higher SEQUENCE. `Session.sequence` is that number: every code path that
changes a session's start or end (an import, an edit in the app) must go through
`move_session` (or call `bump_sequence_if_moved` after setting the times itself).

The chair's drift changes no session row: an export with adjusted times raises the
SEQUENCE of the moved entries itself (see `sci4dl_desktop.io.ics`).
"""

from __future__ import annotations

from datetime import datetime

from sci4dl_desktop.store.models import Session


class SessionTimeError(ValueError):
    """Times that cannot be a session's: naive, or not ending after they start."""


def _check(start: datetime, end: datetime, title: str) -> None:
    for label, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise SessionTimeError(
                f"session '{title}': the {label} {value.isoformat()} has no time zone"
            )
    if end <= start:
        raise SessionTimeError(
            f"session '{title}': it must end after it starts "
            f"({start.isoformat()} to {end.isoformat()})"
        )


def bump_sequence_if_moved(
    session: Session, old_start: datetime | None, old_end: datetime | None
) -> bool:
    """Raise `session.sequence` by one if its times differ from the old ones.

    Call it after changing `start_at`/`end_at` on a session that was already stored,
    passing the times it had before. Returns whether the sequence was raised. A new
    session (old times None) keeps its sequence.
    """
    if old_start is None or old_end is None:
        return False
    if session.start_at == old_start and session.end_at == old_end:
        return False
    session.sequence = (session.sequence or 0) + 1
    return True


def move_session(session: Session, start: datetime, end: datetime) -> bool:
    """Give the session new times and raise its sequence if they changed.

    The caller commits. Returns whether the session moved.
    """
    _check(start, end, session.title)
    old_start, old_end = session.start_at, session.end_at
    session.start_at, session.end_at = start, end
    return bump_sequence_if_moved(session, old_start, old_end)


__all__ = ["SessionTimeError", "bump_sequence_if_moved", "move_session"]
