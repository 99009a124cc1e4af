"""Closed vocabularies of the event database, shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class SessionKind(StrEnum):
    INVITED_TALK = "invited_talk"
    CONTRIBUTED_TALK = "contributed_talk"
    PANEL = "panel"
    POSTER_SESSION = "poster_session"
    BREAK = "break"
    SOCIAL = "social"
    AWARD = "award"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SESSION_KIND_LABELS[self]


_SESSION_KIND_LABELS = {
    SessionKind.INVITED_TALK: "Invited talk",
    SessionKind.CONTRIBUTED_TALK: "Contributed talk",
    SessionKind.PANEL: "Panel",
    SessionKind.POSTER_SESSION: "Poster session",
    SessionKind.BREAK: "Break",
    SessionKind.SOCIAL: "Social",
    SessionKind.AWARD: "Award",
    SessionKind.OTHER: "Other",
}


class PersonRole(StrEnum):
    INVITED_SPEAKER = "invited_speaker"
    CONTRIBUTED_SPEAKER = "contributed_speaker"
    PANELIST = "panelist"
    MENTOR = "mentor"
    ORGANIZER = "organizer"
    CHAIR = "chair"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class AttendeeCategory(StrEnum):
    ORGANIZER = "organizer"
    SPEAKER = "speaker"
    STUDENT = "student"
    ACADEMIC = "academic"
    INDUSTRY = "industry"
    REMOTE = "remote"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CheckInAction(StrEnum):
    CHECK_IN = "check_in"
    RE_ENTRY = "re_entry"
    UNDO = "undo"
