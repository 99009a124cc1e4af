"""Badge tokens: round trip, tamper detection, other events, and fuzzing (nothing admitted)."""

from __future__ import annotations

import string

import pytest
import qrcode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sci4dl_desktop.domain.badges import (
    FORMAT,
    MAX_PAYLOAD_CHARS,
    TokenStatus,
    decode_serial,
    encode_serial,
    event_tag,
    looks_like_token_start,
    make_token,
    verify_token,
)

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))
QR_ALPHANUMERIC = set(string.digits + string.ascii_uppercase + " $%*+-./:")


@pytest.fixture(scope="module")
def token() -> str:
    return make_token(SECRET, "S26-0042", 1)


def test_round_trip(token: str) -> None:
    check = verify_token(SECRET, token)
    assert check.status is TokenStatus.VALID
    assert (check.serial, check.revision) == ("S26-0042", 1)
    assert token.startswith(FORMAT + ":" + event_tag(SECRET) + ":S26-0042:1:")


def test_token_is_short_and_fits_a_small_alphanumeric_qr_code(token: str) -> None:
    assert len(token) <= 40
    assert set(token) <= QR_ALPHANUMERIC
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(token)
    code.make(fit=True)
    assert code.data_list[0].mode == qrcode.util.MODE_ALPHA_NUM
    assert code.version <= 3


@pytest.mark.parametrize(
    "scanned",
    [
        "{t}\r\n",
        "{t}\n",
        "  {t}\t",
        "{lower}",
        "{lower}\r",
    ],
)
def test_scanner_noise_and_lower_case_are_accepted(token: str, scanned: str) -> None:
    payload = scanned.format(t=token, lower=token.lower())
    assert verify_token(SECRET, payload).status is TokenStatus.VALID


@pytest.mark.parametrize("serial", ["W-0001", "abc", "R 12/3", "Zdeborová-1", "x" * 32, "A.B"])
def test_any_serial_round_trips(serial: str) -> None:
    token = make_token(SECRET, serial, 7)
    assert set(token) <= QR_ALPHANUMERIC
    check = verify_token(SECRET, token)
    assert (check.status, check.serial, check.revision) == (TokenStatus.VALID, serial, 7)
    assert decode_serial(encode_serial(serial)) == serial


def test_every_single_character_change_is_refused(token: str) -> None:
    """Substitute each position with every other character a scanner could produce,
    and delete and duplicate each position: none of the results is admitted.
    (Changing only the letter case is not a change: tokens are read case-insensitively.)"""
    alphabet = sorted(QR_ALPHANUMERIC | set(string.ascii_lowercase) | set("=_#é\x00"))
    mutants = 0
    for i, original in enumerate(token):
        for ch in alphabet:
            if ch.upper() == original.upper():
                continue
            mutated = token[:i] + ch + token[i + 1 :]
            if mutated.strip().upper() == token:  # e.g. a space replacing nothing visible
                continue
            check = verify_token(SECRET, mutated)
            assert check.status is not TokenStatus.VALID, mutated
            mutants += 1
        for mutated in (token[:i] + token[i + 1 :], token[:i] + original + token[i:]):
            assert verify_token(SECRET, mutated).status is not TokenStatus.VALID, mutated
            mutants += 1
    assert mutants > 1000


def test_changed_serial_or_revision_with_an_intact_format_is_forged(token: str) -> None:
    assert verify_token(SECRET, token.replace("S26-0042", "S26-0043")).status is (
        TokenStatus.FORGED
    )
    assert verify_token(SECRET, token.replace(":1:", ":2:")).status is TokenStatus.FORGED


def test_badge_of_another_event_is_recognised(token: str) -> None:
    foreign = make_token(OTHER_SECRET, "S26-0042", 1)
    check = verify_token(SECRET, foreign)
    assert check.status is TokenStatus.OTHER_EVENT
    assert event_tag(SECRET) != event_tag(OTHER_SECRET)


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ("", "empty"),
        ("   \r\n", "empty"),
        ("https://example.org/badge/42", "not a badge code"),
        ("S4D2:AAAAAA:S26-1:1:AAAAAAAAAAAAAAAA", "unsupported badge format S4D2"),
        ("S4D1:AAAAAA:S26-1:1", "incomplete"),
        ("S4D1:AAAAAA:S26-1:0:AAAAAAAAAAAAAAAA", "incomplete"),
        ("S4D1:AAAAAA:S26-1:01:AAAAAAAAAAAAAAAA", "incomplete"),
        ("S4D1:AAAAAA:*A1:1:AAAAAAAAAAAAAAAA", "incomplete"),
        ("X" * (MAX_PAYLOAD_CHARS + 1), "too long"),
    ],
)
def test_malformed_payloads_say_why(payload: str, detail: str) -> None:
    check = verify_token(SECRET, payload)
    assert check.status is TokenStatus.MALFORMED
    assert detail in check.detail


def test_revision_and_serial_limits() -> None:
    with pytest.raises(ValueError, match="revision"):
        make_token(SECRET, "S1", 0)
    with pytest.raises(ValueError, match="serial"):
        make_token(SECRET, "", 1)
    with pytest.raises(ValueError, match="secret"):
        event_tag(b"")


def test_scanner_prefix_detection() -> None:
    for text in ["s", "S4", "s4d", "S4D1", "S4D1:", "s4d9:xyz"]:
        assert looks_like_token_start(text), text
    for text in ["x", "S5", "S4E", "S4DX", "S4D1;", "Zdeborova"]:
        assert not looks_like_token_start(text), text


# -- fuzzing ------------------------------------------------------------------------------

_serials = st.text(min_size=1, max_size=32)


def _mutate(token: str, data: st.DataObject) -> str:
    position = data.draw(st.integers(min_value=0, max_value=len(token) - 1))
    replacement = data.draw(st.text(min_size=0, max_size=3))
    return token[:position] + replacement + token[position + 1 :]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_random_text_is_never_admitted(payload: str) -> None:
    assert verify_token(SECRET, payload).status is not TokenStatus.VALID


@settings(max_examples=1500, deadline=None)
@given(
    _serials,
    st.integers(min_value=1, max_value=999_999),
    st.integers(min_value=0, max_value=80),
    st.text(max_size=20),
)
def test_truncated_and_extended_tokens_are_never_admitted(
    serial: str, revision: int, cut: int, extra: str
) -> None:
    token = make_token(SECRET, serial, revision)
    payload = token[:cut] + extra
    if verify_token(SECRET, payload).status is TokenStatus.VALID:
        # only the untouched token may pass, with nothing but whitespace around it
        assert payload.strip().upper() == token


@settings(max_examples=2000, deadline=None)
@given(st.data())
def test_mutated_tokens_are_never_admitted(data: st.DataObject) -> None:
    token = make_token(SECRET, "S26-0042", 3)
    mutated = _mutate(token, data)
    if mutated.strip().upper() == token:
        return
    assert verify_token(SECRET, mutated).status is not TokenStatus.VALID


@settings(max_examples=500, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.text(min_size=1, max_size=32), st.integers(1, 99))
def test_tokens_verify_only_under_their_own_secret(secret: bytes, serial: str, rev: int) -> None:
    token = make_token(secret, serial, rev)
    assert verify_token(secret, token).status is TokenStatus.VALID
    if event_tag(secret) != event_tag(SECRET):
        assert verify_token(SECRET, token).status is TokenStatus.OTHER_EVENT
    else:  # the same 30-bit tag by chance: the MAC still refuses it
        assert verify_token(SECRET, token).status is not TokenStatus.VALID
