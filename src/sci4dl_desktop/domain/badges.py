"""Badge tokens: the short signed payload printed as a QR code on every badge.

A token reads, for example::

    S4D1:K7QZ2M:S26-0042:1:ABCDEFGHIJKLMNOP

``S4D1`` names the format (version 1); then the event tag, the badge serial, the
badge revision and a MAC, separated by colons. Every character belongs to the QR
alphanumeric set (0-9, A-Z, space, $ % * + - . / :), so a badge needs only a small
QR code (version 3 at error correction level M for a typical serial).

* The event tag is derived from the event's secret (``Event.badge_secret``), so a
  badge of another event is recognised as such without knowing that event's secret.
* The MAC is HMAC-SHA256 keyed with the event secret over the canonical text before
  it, truncated to 80 bits (16 base32 characters): forging one takes ~2^79 guesses
  at a desk that answers one scan at a time.
* The revision is ``Attendee.badge_revision``. Reissuing a lost badge increments
  it; the old token still verifies here but the check-in service refuses it as
  revoked because its revision is older than the attendee's current one.
* Serials made of A-Z, 0-9, '-' and '.' are carried as they are; any other serial
  is carried as ``*`` followed by the unpadded base32 of its UTF-8 bytes.

Scanners add line endings and some lowercase everything, so `verify_token`
ignores surrounding whitespace and letter case.
"""

from __future__ import annotations

import base64
import functools
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

FORMAT = "S4D1"
FAMILY = "S4D"  # every version of the format starts with this, then a digit and ':'
MAC_BYTES = 10  # 80 bits
MAC_CHARS = 16  # base32 of 10 bytes, no padding
TAG_CHARS = 6  # 30 bits of the event tag
MAX_PAYLOAD_CHARS = 400  # anything longer is refused before it is looked at
MAX_REVISION = 999_999

_TAG_LABEL = b"sci4dl badge event tag v1"
_RAW_SERIAL = re.compile(r"[0-9A-Z.\-]{1,32}")
_BASE32 = re.compile(r"[A-Z2-7]+")
_REVISION = re.compile(r"[1-9][0-9]{0,5}")
_FAMILY_PREFIX = re.compile(r"S4D[0-9]:")


class TokenStatus(StrEnum):
    VALID = "valid"
    FORGED = "forged"  # well formed, but the MAC does not match: altered or made up
    OTHER_EVENT = "other_event"  # well formed, but for an event with another secret
    MALFORMED = "malformed"  # not a badge token of a format this version reads


@dataclass(frozen=True)
class TokenCheck:
    """What a payload turned out to be. `serial` and `revision` are set when it parsed."""

    status: TokenStatus
    serial: str | None = None
    revision: int | None = None
    detail: str = ""

    @property
    def valid(self) -> bool:
        return self.status is TokenStatus.VALID


class BadgeHolder(Protocol):
    """Anything with a badge serial and revision (an `Attendee`, for instance)."""

    @property
    def badge_serial(self) -> str: ...

    @property
    def badge_revision(self) -> int: ...


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


@functools.lru_cache(maxsize=16)  # a desk checks every scan against its event's tag
def event_tag(secret: bytes) -> str:
    """The public tag that identifies an event's badges (derived from its secret)."""
    if not secret:
        raise ValueError("the event has no badge secret")
    digest = hmac.digest(secret, _TAG_LABEL, "sha256")
    return _b32(digest[:5])[:TAG_CHARS]


def encode_serial(serial: str) -> str:
    """The serial as carried in a token (see the module docstring)."""
    if not serial:
        raise ValueError("a badge serial cannot be empty")
    if _RAW_SERIAL.fullmatch(serial):
        return serial
    return "*" + _b32(serial.encode("utf-8"))


def decode_serial(field: str) -> str | None:
    """The serial a token field carries, or None when the field is not well formed."""
    if not field.startswith("*"):
        return field if _RAW_SERIAL.fullmatch(field) else None
    body = field[1:]
    if not body or not _BASE32.fullmatch(body):
        return None
    try:
        serial = base64.b32decode(body + "=" * (-len(body) % 8)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    if not serial or encode_serial(serial) != field:  # only the canonical form is accepted
        return None
    return serial


def _mac(secret: bytes, body: str) -> str:
    return _b32(hmac.digest(secret, body.encode("ascii"), "sha256")[:MAC_BYTES])


def make_token(secret: bytes, serial: str, revision: int) -> str:
    """The signed payload for one badge: serial and revision, under the event's secret."""
    if not 1 <= revision <= MAX_REVISION:
        raise ValueError(f"badge revision {revision} is outside 1..{MAX_REVISION}")
    body = f"{FORMAT}:{event_tag(secret)}:{encode_serial(serial)}:{revision}"
    return f"{body}:{_mac(secret, body)}"


def badge_token(secret: bytes, holder: BadgeHolder) -> str:
    """The token for an attendee's current badge."""
    return make_token(secret, holder.badge_serial, holder.badge_revision)


def normalise_payload(payload: str) -> str:
    """What a scanner sent, without surrounding whitespace or line endings, in upper case."""
    return payload.strip().upper()


def looks_like_token_start(text: str) -> bool:
    """True while `text` (any case) could be the beginning of a badge token of any version.

    The desk's scanner detector holds keystrokes back while this is true.
    """
    upper = text.upper()
    probe = "S4D0:"
    if len(upper) < len(probe):
        return all(ch.isdigit() if i == 3 else ch == probe[i] for i, ch in enumerate(upper))
    return _FAMILY_PREFIX.match(upper) is not None


def verify_token(secret: bytes, payload: str) -> TokenCheck:
    """Parse and authenticate a scanned payload against this event's secret.

    Never raises for any input text; the result says what the payload is.
    """
    if len(payload) > MAX_PAYLOAD_CHARS:
        return TokenCheck(TokenStatus.MALFORMED, detail=f"too long ({len(payload)} characters)")
    text = normalise_payload(payload)
    if not text:
        return TokenCheck(TokenStatus.MALFORMED, detail="empty")
    if not text.isascii() or not text.isprintable():
        return TokenCheck(TokenStatus.MALFORMED, detail="not a badge code")
    parts = text.split(":")
    if parts[0] != FORMAT:
        if _FAMILY_PREFIX.match(text):
            return TokenCheck(TokenStatus.MALFORMED, detail=f"unsupported badge format {parts[0]}")
        return TokenCheck(TokenStatus.MALFORMED, detail="not a badge code")
    if len(parts) != 5:
        return TokenCheck(TokenStatus.MALFORMED, detail="incomplete or damaged badge code")
    _, tag, serial_field, revision_field, mac = parts
    serial = decode_serial(serial_field)
    if (
        len(tag) != TAG_CHARS
        or not _BASE32.fullmatch(tag)
        or serial is None
        or not _REVISION.fullmatch(revision_field)
        or len(mac) != MAC_CHARS
        or not _BASE32.fullmatch(mac)
    ):
        return TokenCheck(TokenStatus.MALFORMED, detail="incomplete or damaged badge code")
    revision = int(revision_field)
    if tag != event_tag(secret):
        return TokenCheck(
            TokenStatus.OTHER_EVENT, serial=serial, revision=revision, detail=f"event tag {tag}"
        )
    body = text.rpartition(":")[0]
    if not hmac.compare_digest(mac, _mac(secret, body)):
        return TokenCheck(
            TokenStatus.FORGED, serial=serial, revision=revision, detail="signature mismatch"
        )
    return TokenCheck(TokenStatus.VALID, serial=serial, revision=revision)


__all__ = [
    "FAMILY",
    "FORMAT",
    "BadgeHolder",
    "TokenCheck",
    "TokenStatus",
    "badge_token",
    "decode_serial",
    "encode_serial",
    "event_tag",
    "looks_like_token_start",
    "make_token",
    "normalise_payload",
    "verify_token",
]
