"""The envelope format: round trips, and every kind of damage raising its own error."""

from __future__ import annotations

import pytest

from hearing.vault.envelope import (
    Context,
    Kind,
    detached_envelope,
    new_data_key,
    open_detached,
    parse_envelope,
)
from hearing.vault.errors import (
    EnvelopeContextError,
    EnvelopeFormatError,
    IntegrityError,
    RetiredKeyError,
    UnwrapError,
    VaultError,
    WrongKeyError,
)
from hearing.vault.office import OfficeKeyring, add_key, retire_key
from hearing.vault.public import seal_bytes
from tests.vault.conftest import FAST_SCRYPT

QV = "2024.1"
PLAINTEXT = "Ik ben gevlucht omdat… — ‏أنا هربت‎".encode()


def ctx(kind: Kind = Kind.SUBMISSION, case_id: int = 7, qv: str = QV) -> Context:
    return Context(case_id, kind, qv)


def regions(data: bytes) -> dict[str, int]:
    """Offset of one byte inside each region of an office-wrapped envelope."""
    env = parse_envelope(data)
    qv_len = len(env.context.questionnaire_version.encode())
    scheme = 15 + qv_len
    key_id = scheme + 2
    wrapped = key_id + len(env.key_id) + 2
    nonce = wrapped + len(env.wrapped_key)
    length = nonce + 12
    ciphertext = length + 4
    return {
        "magic": 0, "version": 4, "case_id": 13, "questionnaire_version": 15,
        "scheme": scheme, "key_id": key_id, "wrapped_ephemeral": wrapped,
        "wrapped_nonce": wrapped + 33, "wrapped_ciphertext": wrapped + 50, "nonce": nonce + 3,
        "ciphertext_length": length + 3, "ciphertext": ciphertext + 1, "tag": len(data) - 1,
    }


@pytest.mark.parametrize("kind", list(Kind))
def test_round_trip_each_kind(keyring: OfficeKeyring, kind: Kind) -> None:
    data = seal_bytes(keyring.public, ctx(kind), PLAINTEXT)
    assert PLAINTEXT not in data
    assert keyring._open(data, ctx(kind)) == PLAINTEXT
    parsed = parse_envelope(data)
    assert parsed.key_id == keyring.current_id and parsed.context == ctx(kind)


def test_detached_round_trip_and_wrong_data_key() -> None:
    key = new_data_key()
    data = detached_envelope(key, ctx(Kind.DRAFT), PLAINTEXT)
    assert open_detached(key, data, ctx(Kind.DRAFT)) == PLAINTEXT
    with pytest.raises(IntegrityError):
        open_detached(new_data_key(), data, ctx(Kind.DRAFT))


def test_empty_plaintext(keyring: OfficeKeyring) -> None:
    data = seal_bytes(keyring.public, ctx(), b"")
    assert keyring._open(data, ctx()) == b""


EXPECTED = {
    "magic": EnvelopeFormatError,
    "version": EnvelopeFormatError,
    "case_id": EnvelopeContextError,
    "questionnaire_version": EnvelopeContextError,
    "scheme": EnvelopeFormatError,
    "key_id": WrongKeyError,  # now names a key that is not in the keyring
    "wrapped_ephemeral": UnwrapError,
    "wrapped_nonce": UnwrapError,
    "wrapped_ciphertext": UnwrapError,
    "nonce": IntegrityError,
    "ciphertext_length": EnvelopeFormatError,
    "ciphertext": IntegrityError,
    "tag": IntegrityError,
}


@pytest.mark.parametrize("region", sorted(EXPECTED))
def test_flipped_byte_in_each_region(keyring: OfficeKeyring, region: str) -> None:
    data = seal_bytes(keyring.public, ctx(), PLAINTEXT)
    damaged = bytearray(data)
    damaged[regions(data)[region]] ^= 0x01
    with pytest.raises(EXPECTED[region]):
        keyring._open(bytes(damaged), ctx())


def test_unwrap_failure_is_both_key_and_integrity_error() -> None:
    assert issubclass(UnwrapError, WrongKeyError) and issubclass(UnwrapError, IntegrityError)


def test_kind_byte_changed(keyring: OfficeKeyring) -> None:
    data = bytearray(seal_bytes(keyring.public, ctx(Kind.SUBMISSION), PLAINTEXT))
    data[5] = Kind.NOTE
    with pytest.raises(EnvelopeContextError):
        keyring._open(bytes(data), ctx(Kind.SUBMISSION))
    data[5] = 0xEE
    with pytest.raises(EnvelopeFormatError):
        keyring._open(bytes(data), ctx(Kind.SUBMISSION))


def test_every_truncation_is_a_format_error(keyring: OfficeKeyring) -> None:
    data = seal_bytes(keyring.public, ctx(), PLAINTEXT)
    for cut in range(len(data)):
        with pytest.raises(EnvelopeFormatError):
            keyring._open(data[:cut], ctx())


def test_trailing_bytes_are_a_format_error(keyring: OfficeKeyring) -> None:
    data = seal_bytes(keyring.public, ctx(), PLAINTEXT)
    with pytest.raises(EnvelopeFormatError):
        keyring._open(data + b"\x00", ctx())


def test_unknown_version_is_a_format_error(keyring: OfficeKeyring) -> None:
    data = bytearray(seal_bytes(keyring.public, ctx(), PLAINTEXT))
    data[4] = 2
    with pytest.raises(EnvelopeFormatError, match="version 2"):
        keyring._open(bytes(data), ctx())


@pytest.mark.parametrize(
    "elsewhere",
    [ctx(case_id=8), ctx(kind=Kind.TRANSLATION), ctx(qv="2025.1")],
    ids=["other-case", "other-kind", "other-questionnaire-version"],
)
def test_swapped_envelope_is_a_context_error(keyring: OfficeKeyring, elsewhere: Context) -> None:
    data = seal_bytes(keyring.public, ctx(), PLAINTEXT)
    with pytest.raises(EnvelopeContextError):
        keyring._open(data, elsewhere)


def test_swapped_envelope_with_header_edited_to_fit_still_fails(keyring: OfficeKeyring) -> None:
    data = bytearray(seal_bytes(keyring.public, ctx(case_id=7), PLAINTEXT))
    data[13] = 8  # the low byte of the case id: the header now claims case 8
    with pytest.raises(IntegrityError):
        keyring._open(bytes(data), ctx(case_id=8))


def test_wrong_key(keyring: OfficeKeyring, other_keyring: OfficeKeyring) -> None:
    data = seal_bytes(other_keyring.public, ctx(), PLAINTEXT)
    with pytest.raises(WrongKeyError, match="not in this keyring"):
        keyring._open(data, ctx())


def test_key_id_relabelled_to_a_known_key(
    keyring: OfficeKeyring, other_keyring: OfficeKeyring
) -> None:
    # Wrapped to another key but labelled with ours: unwrapping fails, it never yields garbage.
    data = seal_bytes(other_keyring.public, ctx(), PLAINTEXT)
    relabelled = data.replace(other_keyring.current_id.encode(), keyring.current_id.encode())
    with pytest.raises(UnwrapError):
        keyring._open(relabelled, ctx())


def test_retired_key(keyring: OfficeKeyring) -> None:
    old = keyring.current_id
    data = seal_bytes(keyring.public, ctx(), PLAINTEXT)
    add_key(keyring, scrypt=FAST_SCRYPT)
    assert keyring._open(data, ctx()) == PLAINTEXT  # old key readable until retired
    retire_key(keyring, old)
    with pytest.raises(RetiredKeyError):
        keyring._open(data, ctx())


def test_garbage_never_opens(keyring: OfficeKeyring) -> None:
    for junk in (b"", b"WHVE", b"\x00" * 200, b"not an envelope at all" * 10):
        with pytest.raises(VaultError):
            keyring._open(junk, ctx())


def test_detached_envelope_refused_by_keyring_and_vice_versa(keyring: OfficeKeyring) -> None:
    detached = detached_envelope(new_data_key(), ctx(Kind.DRAFT), PLAINTEXT)
    with pytest.raises(EnvelopeFormatError):
        keyring._open(detached, ctx(Kind.DRAFT))
    sealed = seal_bytes(keyring.public, ctx(Kind.DRAFT), PLAINTEXT)
    with pytest.raises(EnvelopeFormatError):
        open_detached(new_data_key(), sealed, ctx(Kind.DRAFT))
