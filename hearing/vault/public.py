"""The vault's public side: everything the kiosk-facing webform may do with the office key.

It can *seal* (encrypt to the office public key) and nothing more: this module holds no private
key, loads none, and has no function that unwraps an office-wrapped data key. The private side is
:mod:`hearing.vault.office`, which the webform never imports (a test checks both).

Key wrap (scheme 1): a fresh ephemeral X25519 key pair per wrap; the shared secret with the office
public key goes through HKDF-SHA256 (salt = ephemeral public || office public, info names the
scheme) to a 256-bit key-encryption key, which AES-256-GCM-encrypts the data key with the
envelope's context and the key id as associated data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hearing.vault.envelope import (
    CAPSULE_MAGIC,
    DATA_KEY_SIZE,
    NONCE_SIZE,
    Context,
    Envelope,
    Kind,
    Scheme,
    canonical_json,
    encrypt_content,
    new_data_key,
    parse_capsule,
    parse_envelope,
    wrap_aad,
)
from hearing.vault.errors import KeyringError

WRAP_INFO = b"written-hearing vault key wrap v1 x25519-hkdf-sha256-aes256gcm"
PUBLIC_KEY_FILE = "office_public.pem"
SUBMISSION_FORMAT = 1


def key_id_for(raw_public_key: bytes) -> str:
    """Key id: the first 16 hex digits of SHA-256 over the 32 raw public key bytes."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class OfficePublicKey:
    """The office's current public key, with its key id."""

    key: X25519PublicKey
    key_id: str

    @classmethod
    def from_key(cls, key: X25519PublicKey) -> OfficePublicKey:
        return cls(key, key_id_for(raw_public(key)))

    def to_pem(self) -> bytes:
        pem = self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        # PEM readers skip text before BEGIN, so the key id can travel with the key for humans.
        return f"Key-Id: {self.key_id}\n".encode() + pem


def load_public_key(path: Path) -> OfficePublicKey:
    """Read the office public key file (the only key file the webform is given)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise KeyringError(
            f"office public key {path} does not exist (run `hearing keys generate`)"
        ) from None
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise KeyringError(f"{path} is not a PEM public key") from None
    if not isinstance(key, X25519PublicKey):
        raise KeyringError(f"{path} is not an X25519 public key")
    office = OfficePublicKey.from_key(key)
    for line in data.decode("ascii", "replace").splitlines():
        if line.startswith("Key-Id:") and line.split(":", 1)[1].strip() != office.key_id:
            raise KeyringError(f"{path}: the Key-Id line does not match the key")
    return office


def wrap_kek(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """The key-encryption key of one wrap; the private side derives the same from its half."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=WRAP_INFO,
    ).derive(shared)


def wrap_data_key(office: OfficePublicKey, context: Context, data_key: bytes) -> bytes:
    """Wrap a data key to the office public key: ephemeral pub 32 || nonce 12 || ct+tag 48."""
    if len(data_key) != DATA_KEY_SIZE:
        raise ValueError("data keys are 32 bytes")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public(ephemeral.public_key())
    kek = wrap_kek(ephemeral.exchange(office.key), ephemeral_public, raw_public(office.key))
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(kek).encrypt(nonce, data_key, wrap_aad(context, office.key_id))
    return ephemeral_public + nonce + sealed


def key_capsule(office: OfficePublicKey, context: Context, data_key: bytes) -> bytes:
    """A data key wrapped to the office on its own (``Draft.key_wrapped_to_office``)."""
    wrapped = wrap_data_key(office, context, data_key)
    return Envelope(context, Scheme.X25519_HKDF_AESGCM, office.key_id, wrapped).capsule_bytes()


def seal_bytes(office: OfficePublicKey, context: Context, plaintext: bytes) -> bytes:
    """Encrypt under a fresh data key wrapped to the office; only the private side opens it."""
    data_key = new_data_key()
    nonce, ciphertext = encrypt_content(data_key, context, plaintext)
    wrapped = wrap_data_key(office, context, data_key)
    return Envelope(
        context, Scheme.X25519_HKDF_AESGCM, office.key_id, wrapped, nonce, ciphertext
    ).to_bytes()


def seal_json(office: OfficePublicKey, context: Context, value: object) -> bytes:
    return seal_bytes(office, context, canonical_json(value))


@dataclass(frozen=True)
class Sealed:
    """A sealed submission, ready for the ``submission`` row."""

    envelope: bytes
    key_id: str
    fingerprint: str
    sealed_at: dt.datetime


def submission_payload(
    *,
    case_id: int,
    questionnaire_version: str,
    locale: str,
    answers: dict[str, Any],
    metadata: dict[str, Any] | None,
    sealed_at: dt.datetime,
) -> dict[str, Any]:
    """What a submission envelope holds, as a JSON object.

    ``salt`` is 128 random bits so that the fingerprint, which is stored and printed in the
    clear, cannot be used to confirm a guess of the answers.
    """
    return {
        "format": SUBMISSION_FORMAT,
        "case_id": case_id,
        "questionnaire_version": questionnaire_version,
        "locale": locale,
        "sealed_at": sealed_at.astimezone(dt.UTC).isoformat(),
        "answers": answers,
        "metadata": metadata or {},
        "salt": secrets.token_hex(16),
    }


def fingerprint(plaintext: bytes) -> str:
    """The receipt fingerprint: lowercase hex SHA-256 of the exact plaintext that was sealed.

    The plaintext is the canonical JSON (:func:`canonical_json`) of :func:`submission_payload`,
    so staff re-verify a receipt by hashing the decrypted bytes; see ``office.open_submission``.
    """
    return hashlib.sha256(plaintext).hexdigest()


def format_fingerprint(hex_digest: str) -> str:
    """Fingerprint for a receipt, in groups of four to read aloud and compare."""
    upper = hex_digest.upper()
    return " ".join(upper[i : i + 4] for i in range(0, len(upper), 4))


def seal_submission(
    office: OfficePublicKey,
    *,
    case_id: int,
    questionnaire_version: str,
    locale: str,
    answers: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    sealed_at: dt.datetime | None = None,
) -> Sealed:
    """Seal the answers to the office key; returns the envelope and its receipt fingerprint."""
    when = sealed_at or dt.datetime.now(dt.UTC)
    plaintext = canonical_json(
        submission_payload(
            case_id=case_id, questionnaire_version=questionnaire_version, locale=locale,
            answers=answers, metadata=metadata, sealed_at=when,
        )
    )
    context = Context(case_id, Kind.SUBMISSION, questionnaire_version)
    envelope = seal_bytes(office, context, plaintext)
    return Sealed(envelope, office.key_id, fingerprint(plaintext), when)


def encrypt_translation(
    office: OfficePublicKey, *, case_id: int, questionnaire_version: str, content: dict[str, Any]
) -> bytes:
    """A translation (answer id -> Dutch text, plus whatever the form adds), to the office key."""
    return seal_json(office, Context(case_id, Kind.TRANSLATION, questionnaire_version), content)


def encrypt_correction(
    office: OfficePublicKey, *, case_id: int, questionnaire_version: str, content: dict[str, Any]
) -> bytes:
    """A lawyer's corrections and additions (``LawyerReview.envelope``), to the office key."""
    return seal_json(office, Context(case_id, Kind.CORRECTION, questionnaire_version), content)


def encrypt_note(
    office: OfficePublicKey, *, case_id: int, content: dict[str, Any],
    questionnaire_version: str = "",
) -> bytes:
    """A staff note, to the office key. Notes belong to a case, not a questionnaire version."""
    return seal_json(office, Context(case_id, Kind.NOTE, questionnaire_version), content)


def envelope_key_id(data: bytes) -> str:
    """The key id an envelope or capsule is wrapped to, read from its header."""
    parsed = parse_capsule(data) if data[:4] == CAPSULE_MAGIC else parse_envelope(data)
    return parsed.key_id
